//! Allocation records: how they are written, read and found (the layout is in
//! [`crate::state`], the compact form of a record in [`crate::record`]).

use cosmwasm_std::{Order, StdError, StdResult, Storage};
use cw_storage_plus::Bound;
use spectrum_types::bandwidth_market::{Holder, PUBKEY_LEN};

use crate::record;
use crate::state::{Allocation, Holders, ALLOCS, KEYS, OFFER_ALLOCS};

/// Writes an allocation's record (and its keys, apart) without its offer index entry.
fn write_record(store: &mut dyn Storage, first: u64, mut alloc: Allocation) -> StdResult<()> {
    if let Holders::Keys(keys) = &alloc.holders {
        store.set(&KEYS.key(first), keys.as_slice());
        alloc.holders = Holders::Apart {
            count: u32::try_from(keys.len() / PUBKEY_LEN)
                .map_err(|_| StdError::generic_err("too many keys"))?,
        };
    }
    store.set(&ALLOCS.key(first), &record::encode(&alloc)?);
    Ok(())
}

/// Stores a new allocation whose grants start at `first`: its record, its keys and its
/// offer index entry.
pub fn save_allocation(store: &mut dyn Storage, first: u64, alloc: Allocation) -> StdResult<()> {
    OFFER_ALLOCS.save(store, (alloc.terms.offer_id, first), &8)?;
    write_record(store, first, alloc)
}

/// Rewrites the last allocation record in the compact form, its keys apart (migrate from
/// 0.2.0 or 0.3.0, so that the next purchase reads a small record); returns the next
/// grant id.
pub fn compact_last_allocation(store: &mut dyn Storage) -> StdResult<u64> {
    let Some((first, alloc)) = find_allocation(store, u64::MAX)? else {
        return Ok(1);
    };
    let next = first_after(first, &alloc)?;
    let alloc = load_keys(store, first, alloc)?;
    write_record(store, first, alloc)?;
    Ok(next)
}

/// The allocation whose grants start at `first`, its keys loaded.
pub fn load_allocation(store: &dyn Storage, first: u64) -> StdResult<Allocation> {
    let bytes = store
        .get(&ALLOCS.key(first))
        .ok_or_else(|| StdError::not_found(format!("allocation {first}")))?;
    load_keys(store, first, record::decode(&bytes)?)
}

/// Loads the keys of an allocation that keeps them apart.
pub fn load_keys(store: &dyn Storage, first: u64, mut alloc: Allocation) -> StdResult<Allocation> {
    if let Holders::Apart { .. } = alloc.holders {
        let keys = store
            .get(&KEYS.key(first))
            .ok_or_else(|| StdError::not_found(format!("keys of allocation {first}")))?;
        alloc.holders = Holders::Keys(keys.into());
    }
    Ok(alloc)
}

/// The allocation holding grant `grant_id`, if any: (first grant id, allocation), its keys
/// not loaded. One iterator step over the allocation records.
pub fn find_allocation(store: &dyn Storage, grant_id: u64) -> StdResult<Option<(u64, Allocation)>> {
    let start = ALLOCS.key(0);
    // Just past the key of `grant_id`: the range ends at it, inclusive.
    let mut end = ALLOCS.key(grant_id).to_vec();
    end.push(0);
    let Some((key, bytes)) = store
        .range(Some(&start), Some(&end), Order::Descending)
        .next()
    else {
        return Ok(None);
    };
    let id = key
        .get(key.len().saturating_sub(8)..)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| StdError::generic_err("allocation key"))?;
    Ok(Some((id, record::decode(&bytes)?)))
}

/// The id the next grant gets: the last allocation's first id plus its number of grants,
/// or 1 when nothing was sold (0.3.0 kept it in [`crate::state::GRANT_SEQ`]).
pub fn next_grant_id(store: &dyn Storage) -> StdResult<u64> {
    match find_allocation(store, u64::MAX)? {
        Some((first, alloc)) => first_after(first, &alloc),
        None => Ok(1),
    }
}

/// The id after the last grant of the allocation starting at `first`.
fn first_after(first: u64, alloc: &Allocation) -> StdResult<u64> {
    first
        .checked_add(alloc.holders.len() as u64)
        .ok_or_else(|| StdError::generic_err("grant ids exhausted"))
}

/// The allocation holding grant `grant_id`, if a grant of that id exists: (first grant id,
/// allocation), its keys not loaded.
pub fn find_grant(store: &dyn Storage, grant_id: u64) -> StdResult<Option<(u64, Allocation)>> {
    Ok(find_allocation(store, grant_id)?
        .filter(|(first, alloc)| grant_id - first < alloc.holders.len() as u64))
}

/// The allocations of `offer_id` from the one starting at `from` on, in grant-id order,
/// their keys loaded.
pub fn offer_allocations<'a>(
    store: &'a dyn Storage,
    offer_id: u64,
    from: u64,
) -> impl Iterator<Item = StdResult<(u64, Allocation)>> + 'a {
    OFFER_ALLOCS
        .prefix(offer_id)
        .keys(store, Some(Bound::inclusive(from)), None, Order::Ascending)
        .map(move |first| {
            let first = first?;
            Ok((first, load_allocation(store, first)?))
        })
}

/// The allocation holding grant `grant_id`: (first grant id, allocation with its keys, holder).
pub fn load_grant(
    store: &dyn Storage,
    grant_id: u64,
) -> StdResult<Option<(u64, Allocation, Holder)>> {
    let Some((first, alloc)) = find_grant(store, grant_id)? else {
        return Ok(None);
    };
    let alloc = load_keys(store, first, alloc)?;
    let i = (grant_id - first) as usize;
    Ok(alloc.holder(i).map(|holder| (first, alloc, holder)))
}
