//! Storage layout. See the README ("Storage layout") for why grants are stored as they are.
//!
//! Since 0.3.0 the records are written with short JSON field names (and empty options,
//! lists and maps left out): every byte of a written value costs 30 gas. Each field also
//! reads its 0.2.0 name (`alias`), so records written by 0.2.0 are read as they are, and
//! are rewritten in the short form the next time they change. Since 0.4.0 allocation
//! records are written in a compact binary form ([`crate::record`]), their consumer keys
//! apart ([`KEYS`]), and the next grant id is read from the last allocation record.

use std::collections::BTreeMap;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Decimal, Empty, StdResult, Storage, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, Map, MultiIndex};
use spectrum_types::bandwidth_market::{Holder, Rating, Reservation, PUBKEY_LEN};
use spectrum_types::{Asset, Band, ReputationGate, MAX_SECONDS};

use crate::error::ContractError;

/// The contract's configuration (the admin lives in cw-ownable's storage).
#[cw_serde]
pub struct Config {
    /// The asset every payment is made in.
    #[serde(rename = "pay", alias = "payment")]
    pub payment: Asset,
    /// Optional provider reputation gate.
    #[serde(
        rename = "rg",
        alias = "reputation_gate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reputation_gate: Option<ReputationGate>,
    /// Epoch length, seconds.
    #[serde(rename = "es", alias = "epoch_seconds")]
    pub epoch_seconds: u64,
    /// Block time at which epoch 0 starts.
    #[serde(rename = "gt", alias = "genesis_time")]
    pub genesis_time: u64,
    /// Most consumer keys in one explicit bulk allocate.
    #[serde(rename = "mb", alias = "max_bulk_consumers")]
    pub max_bulk_consumers: u32,
    /// node-reputation contract in which ratings are recorded.
    #[serde(
        rename = "rr",
        alias = "reputation_recorder",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reputation_recorder: Option<Addr>,
}

/// "config" → [`Config`]
pub const CONFIG: Item<Config> = Item::new("config");

/// "providers": provider → () for providers the admin approved.
pub const PROVIDERS: Map<&Addr, Empty> = Map::new("providers");

/// A targeted allocation still open (paper 002 §5.4 consumers dictionary).
#[cw_serde]
pub struct Targeted {
    /// The consumer.
    #[serde(rename = "c", alias = "consumer")]
    pub consumer: Addr,
    /// Units left.
    #[serde(rename = "n", alias = "units")]
    pub units: u64,
    /// Price per unit.
    #[serde(rename = "up", alias = "unit_price")]
    pub unit_price: Uint128,
}

/// An offer with its ledger state.
#[cw_serde]
pub struct Offer {
    /// The provider.
    #[serde(rename = "p", alias = "provider")]
    pub provider: Addr,
    /// Bumps on every change of terms.
    #[serde(rename = "v", alias = "version")]
    pub version: u64,
    /// The band.
    #[serde(rename = "bd", alias = "band")]
    pub band: Band,
    /// Bandwidth per unit.
    #[serde(rename = "hz", alias = "bandwidth_hz")]
    pub bandwidth_hz: u64,
    /// Cell id or geohash.
    #[serde(rename = "l", alias = "location")]
    pub location: String,
    /// Spot unit price.
    #[serde(rename = "up", alias = "unit_price")]
    pub unit_price: Uint128,
    /// Spot units per epoch.
    #[serde(rename = "m", alias = "max_allocations")]
    pub max_allocations: u64,
    /// Spot units left in `spot_epoch`.
    #[serde(rename = "al", alias = "allocations_left")]
    pub allocations_left: u64,
    /// The epoch `allocations_left` counts for; a later epoch starts at max_allocations.
    #[serde(rename = "se", alias = "spot_epoch")]
    pub spot_epoch: u64,
    /// Grant validity, seconds.
    #[serde(rename = "d", alias = "allocation_duration")]
    pub allocation_duration: u64,
    /// Volume discount.
    #[serde(rename = "vd", alias = "volume_discount")]
    pub volume_discount: Decimal,
    /// Reservation discount.
    #[serde(rename = "rd", alias = "reservation_discount")]
    pub reservation_discount: Decimal,
    /// Reservation epochs, ascending.
    #[serde(
        rename = "r",
        alias = "reservations",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub reservations: Vec<Reservation>,
    /// QoS parameters.
    #[serde(
        rename = "q",
        alias = "qos",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub qos: BTreeMap<String, String>,
    /// Targeted allocations still open.
    #[serde(
        rename = "c",
        alias = "consumers",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub consumers: Vec<Targeted>,
    /// Authorised clearing house.
    #[serde(
        rename = "ch",
        alias = "clearing_house",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub clearing_house: Option<Addr>,
}

impl Offer {
    /// Spot units left in `epoch`.
    pub fn allocations_left_in(&self, epoch: u64) -> u64 {
        if epoch == self.spot_epoch {
            self.allocations_left
        } else {
            self.max_allocations
        }
    }
}

/// Secondary indexes of [`OFFERS`].
pub struct OfferIndexes<'a> {
    /// provider → offers.
    pub provider: MultiIndex<'a, Addr, Offer, u64>,
}

impl IndexList<Offer> for OfferIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Offer>> + '_> {
        let v: Vec<&dyn Index<Offer>> = vec![&self.provider];
        Box::new(v.into_iter())
    }
}

/// "offers": offer id → [`Offer`], indexed by provider ("offers__provider").
pub fn offers<'a>() -> IndexedMap<u64, Offer, OfferIndexes<'a>> {
    IndexedMap::new(
        "offers",
        OfferIndexes {
            provider: MultiIndex::new(|_, o| o.provider.clone(), "offers", "offers__provider"),
        },
    )
}

/// The primary records of [`offers`] ("offers": offer id → [`Offer`]), the same entries
/// the indexed map reads. A change that keeps the provider (every change after the offer
/// is posted: a purchase, new terms, a clearing house) writes the record here: the
/// provider index entry is unchanged, so the indexed map's save would only read the old
/// record again, delete the index entry and write it back (measured: about 8,000 gas).
pub const OFFER_RECORDS: Map<u64, Offer> = Map::new("offers");

/// "spot": offer id → (spot units left, the epoch they count for). A spot purchase or an
/// auction settlement changes only these two numbers of its offer: they are written here,
/// a few bytes, instead of rewriting the whole offer record. When present they take the
/// place of the record's `allocations_left` and `spot_epoch` ([`offer_with_spot`]); new terms
/// remove the entry (the record then holds the reset counters). 0.2.0 has no entry: its
/// offer records hold their counters, which is what an absent entry means.
pub const SPOT: Map<u64, (u64, u64)> = Map::new("spot");

/// An offer with its spot counters ([`SPOT`]), or `None`.
pub fn offer_with_spot(store: &dyn Storage, offer_id: u64) -> StdResult<Option<Offer>> {
    let Some(mut offer) = OFFER_RECORDS.may_load(store, offer_id)? else {
        return Ok(None);
    };
    with_spot(store, offer_id, &mut offer)?;
    Ok(Some(offer))
}

/// Applies the offer's spot counters ([`SPOT`]) to a record read from [`offers`].
pub fn with_spot(store: &dyn Storage, offer_id: u64, offer: &mut Offer) -> StdResult<()> {
    if let Some((left, epoch)) = SPOT.may_load(store, offer_id)? {
        offer.allocations_left = left;
        offer.spot_epoch = epoch;
    }
    Ok(())
}

/// "offer_seq" → last offer id assigned.
pub const OFFER_SEQ: Item<u64> = Item::new("offer_seq");

/// The terms every grant of one purchase shares, stored once per allocation or batch.
#[cw_serde]
pub struct Terms {
    /// The offer.
    #[serde(rename = "o", alias = "offer_id")]
    pub offer_id: u64,
    /// The offer version bought.
    #[serde(rename = "v", alias = "version")]
    pub version: u64,
    /// The provider.
    #[serde(rename = "p", alias = "provider")]
    pub provider: Addr,
    /// The buyer (the payer).
    #[serde(rename = "b", alias = "buyer")]
    pub buyer: Addr,
    /// The band.
    #[serde(rename = "bd", alias = "band")]
    pub band: Band,
    /// Bandwidth per unit.
    #[serde(rename = "hz", alias = "bandwidth_hz")]
    pub bandwidth_hz: u64,
    /// First epoch.
    #[serde(rename = "e", alias = "epoch")]
    pub epoch: u64,
    /// Last epoch.
    #[serde(rename = "et", alias = "epoch_to")]
    pub epoch_to: u64,
    /// Valid from (inclusive).
    #[serde(rename = "f", alias = "valid_from")]
    pub valid_from: u64,
    /// Valid until (exclusive).
    #[serde(rename = "u", alias = "valid_until")]
    pub valid_until: u64,
    /// QoS parameters.
    #[serde(
        rename = "q",
        alias = "qos",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub qos: BTreeMap<String, String>,
}

/// The holders of one purchase's grants, in grant-id order, stored compactly.
#[cw_serde]
pub enum Holders {
    /// One grant held by an address.
    #[serde(rename = "a", alias = "address")]
    Address(Addr),
    /// One grant per consumer key: the 33-byte compressed keys concatenated.
    #[serde(rename = "k", alias = "keys")]
    Keys(Binary),
    /// One grant held by the purchase's buyer (`terms.buyer`), not written twice (since
    /// 0.3.0; 0.2.0 wrote `Address` with the buyer's address again).
    #[serde(rename = "b")]
    Buyer,
    /// One grant per consumer key, the `count` keys kept apart under [`KEYS`] (since 0.4.0;
    /// only in compact records, never in JSON). [`crate::grants::load_keys`] turns it
    /// into `Keys`.
    #[serde(skip)]
    Apart {
        /// Number of keys.
        count: u32,
    },
}

impl Holders {
    /// Number of grants.
    pub fn len(&self) -> usize {
        match self {
            Holders::Address(_) | Holders::Buyer => 1,
            Holders::Keys(keys) => keys.len() / PUBKEY_LEN,
            Holders::Apart { count } => *count as usize,
        }
    }

    /// Never true: a purchase has at least one grant.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The holder of the grant at position `i`; `None` for [`Holders::Buyer`], whose
    /// address is in the terms ([`Allocation::holder`] answers for it), and for keys kept
    /// apart that were not loaded ([`crate::grants::load_keys`]).
    pub fn get(&self, i: usize) -> Option<Holder> {
        match self {
            Holders::Buyer | Holders::Apart { .. } => None,
            Holders::Address(a) if i == 0 => Some(Holder::Address {
                address: a.to_string(),
            }),
            Holders::Address(_) => None,
            Holders::Keys(keys) => {
                keys.get(i * PUBKEY_LEN..(i + 1) * PUBKEY_LEN)
                    .map(|k| Holder::Key {
                        pubkey: Binary::from(k),
                    })
            }
        }
    }
}

/// One purchase with explicit holders: grants `first_grant_id .. first_grant_id + n`,
/// the i-th held by `holders.get(i)`, each of `units` units. The total price is split into
/// equal shares, the remainder one unit each to the first grants.
#[cw_serde]
pub struct Allocation {
    /// The shared terms.
    #[serde(rename = "t", alias = "terms")]
    pub terms: Terms,
    /// The holders, one grant each, in grant-id order.
    #[serde(rename = "h", alias = "holders")]
    pub holders: Holders,
    /// Units per grant.
    #[serde(rename = "n", alias = "units")]
    pub units: u64,
    /// Total price paid.
    #[serde(rename = "pr", alias = "price")]
    pub price: Uint128,
}

impl Allocation {
    /// The holder of the grant at position `i`.
    pub fn holder(&self, i: usize) -> Option<Holder> {
        match self.holders {
            Holders::Buyer if i == 0 => Some(Holder::Address {
                address: self.terms.buyer.to_string(),
            }),
            _ => self.holders.get(i),
        }
    }

    /// The price of the grant at position `i`.
    pub fn grant_price(&self, i: u64) -> Uint128 {
        let n = self.holders.len() as u128;
        let total = self.price.u128();
        Uint128::new(total / n + u128::from((i as u128) < total % n))
    }
}

/// "allocs": first grant id → allocation record (its compact form, [`crate::record`];
/// records written by 0.2.0 and 0.3.0 are JSON). A grant id's allocation is the one with
/// the greatest key not above it. Used for its keys only: records are read and written
/// through [`crate::grants`].
pub const ALLOCS: Map<u64, Empty> = Map::new("allocs");

/// "allocs__offer": (offer id, first grant id) → 8, one entry per allocation: the
/// allocations of an offer. The same keys and values as the index 0.2.0 and 0.3.0 kept
/// with cw-storage-plus's `MultiIndex` (the value is the length of the first grant id's key).
pub const OFFER_ALLOCS: Map<(u64, u64), u32> = Map::new("allocs__offer");

/// "keys": first grant id → the consumer keys of an explicit bulk purchase, 33 bytes each,
/// back to back, raw (since 0.4.0; 0.3.0 kept them in the allocation record, in base64).
/// Apart from the record, so that the record the next purchase reads stays small.
pub const KEYS: Map<u64, Empty> = Map::new("keys");

/// "grant_seq" → next grant id to assign, up to 0.3.0. Since 0.4.0 the next id is read
/// from the last allocation record ([`crate::grants::next_grant_id`]); migrate removes
/// this entry.
pub const GRANT_SEQ: Item<u64> = Item::new("grant_seq");

/// "h": (holder key, grant id) → first grant id of its allocation. The one write per
/// grant; it serves GrantsByHolder. Holder key: `a` + address, or `k` + the 33-byte key.
pub const HOLDER_GRANTS: Map<(&[u8], u64), u64> = Map::new("h");

/// The storage key of a holder.
pub fn holder_key(holder: &Holder) -> Vec<u8> {
    match holder {
        Holder::Address { address } => [b"a".as_slice(), address.as_bytes()].concat(),
        Holder::Key { pubkey } => [b"k".as_slice(), pubkey.as_slice()].concat(),
    }
}

/// A committed bulk purchase.
#[cw_serde]
pub struct Batch {
    /// The shared terms.
    #[serde(rename = "t", alias = "terms")]
    pub terms: Terms,
    /// Merkle root of the keys.
    #[serde(rename = "r", alias = "root")]
    pub root: Binary,
    /// Number of keys.
    #[serde(rename = "c", alias = "count")]
    pub count: u64,
    /// Total price paid.
    #[serde(rename = "pr", alias = "price")]
    pub price: Uint128,
}

/// "batches": batch id → [`Batch`].
pub const BATCHES: Map<u64, Batch> = Map::new("batches");

/// "batch_seq" → last batch id assigned.
pub const BATCH_SEQ: Item<u64> = Item::new("batch_seq");

/// "ratings": grant id → [`Rating`].
pub const RATINGS: Map<u64, Rating> = Map::new("ratings");

/// The epoch at `now`.
pub fn current_epoch(config: &Config, now: u64) -> u64 {
    now.saturating_sub(config.genesis_time) / config.epoch_seconds
}

/// Block time at which `epoch` starts, or `None` when it is after `MAX_SECONDS`.
pub fn epoch_start(config: &Config, epoch: u64) -> Option<u64> {
    epoch
        .checked_mul(config.epoch_seconds)?
        .checked_add(config.genesis_time)
        .filter(|start| *start <= MAX_SECONDS)
}

/// The offer `offer_id` with its spot counters, or `UnknownOffer`.
pub fn load_offer(store: &dyn Storage, offer_id: u64) -> Result<Offer, ContractError> {
    offer_with_spot(store, offer_id)?.ok_or(ContractError::UnknownOffer { offer_id })
}
