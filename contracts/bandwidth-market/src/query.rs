//! The query handlers, one per message.

use cosmwasm_std::{Binary, Deps, Env, StdError, StdResult};
use sha2::{Digest, Sha256};
use spectrum_types::bandwidth_market::{
    AccessTarget, BatchResponse, ConfigResponse, CurrentEpochResponse, GrantResponse,
    GrantsResponse, Holder, OfferResponse, OffersResponse, ProviderResponse, QuoteResponse,
    RatingResponse, TargetedResponse, VerifyAccessResponse, VerifyGrantResponse, PUBKEY_LEN,
};
use spectrum_types::{clamp_limit, merkle, page};

use spectrum_types::error::CommonError;

use crate::grants::{load_allocation, load_grant, offer_allocations};
use crate::purchase::plan_purchase;
use crate::state::{
    current_epoch, epoch_start, holder_key, load_offer, offers, with_spot, Allocation, Offer,
    BATCHES, CONFIG, HOLDER_GRANTS, OFFER_RECORDS, PROVIDERS, RATINGS,
};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin: cw_ownable::get_ownership(deps.storage)?.owner,
        payment: config.payment,
        reputation_gate: config.reputation_gate,
        epoch_seconds: config.epoch_seconds,
        genesis_time: config.genesis_time,
        max_bulk_consumers: config.max_bulk_consumers,
        reputation_recorder: config.reputation_recorder,
    })
}

pub fn provider(deps: Deps, provider: String) -> StdResult<ProviderResponse> {
    let provider = deps.api.addr_validate(&provider)?;
    Ok(ProviderResponse {
        approved: PROVIDERS.has(deps.storage, &provider),
    })
}

pub fn epoch(deps: Deps, env: Env) -> StdResult<CurrentEpochResponse> {
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time.seconds();
    let epoch = current_epoch(&config, now);
    Ok(CurrentEpochResponse {
        epoch,
        epoch_start: epoch_start(&config, epoch).unwrap_or(u64::MAX),
        epoch_seconds: config.epoch_seconds,
        now,
    })
}

fn offer_response(offer_id: u64, o: Offer, current: u64) -> OfferResponse {
    OfferResponse {
        offer_id,
        allocations_left: o.allocations_left_in(current),
        provider: o.provider,
        version: o.version,
        band: o.band,
        bandwidth_hz: o.bandwidth_hz,
        location: o.location,
        unit_price: o.unit_price,
        max_allocations: o.max_allocations,
        allocation_duration: o.allocation_duration,
        volume_discount: o.volume_discount,
        reservation_discount: o.reservation_discount,
        reservations: o
            .reservations
            .into_iter()
            .filter(|r| r.epoch > current)
            .collect(),
        qos: o.qos,
        consumers: o
            .consumers
            .into_iter()
            .map(|t| TargetedResponse {
                consumer: t.consumer,
                units: t.units,
                unit_price: t.unit_price,
            })
            .collect(),
        clearing_house: o.clearing_house,
    }
}

fn now_epoch(deps: Deps, env: &Env) -> StdResult<u64> {
    let config = CONFIG.load(deps.storage)?;
    Ok(current_epoch(&config, env.block.time.seconds()))
}

pub fn offer(deps: Deps, env: Env, offer_id: u64) -> StdResult<OfferResponse> {
    let mut o = OFFER_RECORDS.load(deps.storage, offer_id)?;
    with_spot(deps.storage, offer_id, &mut o)?;
    Ok(offer_response(offer_id, o, now_epoch(deps, &env)?))
}

pub fn offers_by_provider(
    deps: Deps,
    env: Env,
    provider: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<OffersResponse> {
    let provider = deps.api.addr_validate(&provider)?;
    let current = now_epoch(deps, &env)?;
    let offers = page(start_after, limit, |min, order| {
        offers()
            .idx
            .provider
            .prefix(provider)
            .range(deps.storage, min, None, order)
    })
    .map(|r| {
        let (id, mut o) = r?;
        with_spot(deps.storage, id, &mut o)?;
        Ok(offer_response(id, o, current))
    })
    .collect::<StdResult<_>>()?;
    Ok(OffersResponse { offers })
}

pub fn quote(
    deps: Deps,
    env: Env,
    offer_id: u64,
    epoch: Option<u64>,
    epoch_to: Option<u64>,
    units: u64,
    buyer: Option<String>,
) -> StdResult<QuoteResponse> {
    let offer = load_offer(deps.storage, offer_id).map_err(to_std)?;
    let buyer = buyer.map(|b| deps.api.addr_validate(&b)).transpose()?;
    let current = now_epoch(deps, &env)?;
    let p = plan_purchase(
        offer_id,
        &offer,
        current,
        epoch,
        epoch_to,
        units,
        buyer.as_ref(),
    )
    .map_err(to_std)?;
    Ok(QuoteResponse {
        price: p.price,
        version: offer.version,
        epoch: p.epoch,
        epoch_to: p.epoch_to,
    })
}

fn to_std(e: crate::ContractError) -> StdError {
    match e {
        crate::ContractError::Common(CommonError::Std(e)) => e,
        e => StdError::generic_err(e.to_string()),
    }
}

fn grant_response(grant_id: u64, first: u64, a: &Allocation) -> GrantResponse {
    let i = grant_id - first;
    GrantResponse {
        grant_id,
        offer_id: a.terms.offer_id,
        version: a.terms.version,
        provider: a.terms.provider.clone(),
        buyer: a.terms.buyer.clone(),
        holder: a.holder(i as usize).expect("grant within its allocation"),
        units: a.units,
        band: a.terms.band,
        bandwidth_hz: a.terms.bandwidth_hz,
        epoch: a.terms.epoch,
        epoch_to: a.terms.epoch_to,
        valid_from: a.terms.valid_from,
        valid_until: a.terms.valid_until,
        qos: a.terms.qos.clone(),
        price: a.grant_price(i),
    }
}

pub fn grant(deps: Deps, grant_id: u64) -> StdResult<GrantResponse> {
    let (first, alloc, _) = load_grant(deps.storage, grant_id)?
        .ok_or_else(|| StdError::not_found(format!("grant {grant_id}")))?;
    Ok(grant_response(grant_id, first, &alloc))
}

pub fn grants_by_holder(
    deps: Deps,
    holder: Holder,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let holder = match holder {
        Holder::Address { address } => Holder::Address {
            address: deps.api.addr_validate(&address)?.to_string(),
        },
        key => key,
    };
    let key = holder_key(&holder);
    let mut cached: Option<(u64, Allocation)> = None;
    let mut grants = vec![];
    let entries = page(start_after, limit, |min, order| {
        HOLDER_GRANTS
            .prefix(&key)
            .range(deps.storage, min, None, order)
    });
    for item in entries {
        let (grant_id, first) = item?;
        if cached.as_ref().map(|(f, _)| *f) != Some(first) {
            cached = Some((first, load_allocation(deps.storage, first)?));
        }
        let (_, alloc) = cached.as_ref().expect("just loaded");
        grants.push(grant_response(grant_id, first, alloc));
    }
    Ok(GrantsResponse { grants })
}

pub fn grants_by_offer(
    deps: Deps,
    offer_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let limit = clamp_limit(limit);
    // Grants of one allocation have consecutive ids: start at the allocation holding
    // `start_after` and skip the grants up to it.
    let start_first = match start_after {
        Some(g) => load_grant(deps.storage, g)?.map_or(g.saturating_add(1), |(f, _, _)| f),
        None => 0,
    };
    let mut grants = vec![];
    for item in offer_allocations(deps.storage, offer_id, start_first) {
        let (first, alloc) = item?;
        let n = alloc.holders.len() as u64;
        let skip = match start_after {
            Some(g) if g >= first => g - first + 1,
            _ => 0,
        };
        for id in first + skip.min(n)..first + n {
            if grants.len() == limit {
                return Ok(GrantsResponse { grants });
            }
            grants.push(grant_response(id, first, &alloc));
        }
        if grants.len() == limit {
            break;
        }
    }
    Ok(GrantsResponse { grants })
}

pub fn batch(deps: Deps, batch_id: u64) -> StdResult<BatchResponse> {
    let b = BATCHES.load(deps.storage, batch_id)?;
    Ok(BatchResponse {
        batch_id,
        offer_id: b.terms.offer_id,
        version: b.terms.version,
        provider: b.terms.provider,
        buyer: b.terms.buyer,
        root: b.root,
        count: b.count,
        band: b.terms.band,
        bandwidth_hz: b.terms.bandwidth_hz,
        epoch: b.terms.epoch,
        epoch_to: b.terms.epoch_to,
        valid_from: b.terms.valid_from,
        valid_until: b.terms.valid_until,
        qos: b.terms.qos,
        price: b.price,
    })
}

fn active(now: u64, from: u64, until: u64) -> bool {
    from <= now && now < until
}

pub fn verify_grant(
    deps: Deps,
    env: Env,
    batch_id: u64,
    pubkey: Binary,
    index: u64,
    proof: Vec<Binary>,
) -> StdResult<VerifyGrantResponse> {
    let b = BATCHES.load(deps.storage, batch_id)?;
    let now = env.block.time.seconds();
    Ok(VerifyGrantResponse {
        valid: proof.len() <= 64 && merkle::verify(&b.root, b.count, index, &pubkey, &proof),
        active: active(now, b.terms.valid_from, b.terms.valid_until),
        valid_from: b.terms.valid_from,
        valid_until: b.terms.valid_until,
    })
}

fn refuse(reason: &str, valid_until: Option<u64>) -> StdResult<VerifyAccessResponse> {
    Ok(VerifyAccessResponse {
        valid: false,
        reason: Some(reason.to_string()),
        valid_until,
    })
}

pub fn verify_access(
    deps: Deps,
    env: Env,
    target: AccessTarget,
    pubkey: Binary,
    challenge: Binary,
    signature: Binary,
) -> StdResult<VerifyAccessResponse> {
    if pubkey.len() != PUBKEY_LEN {
        return refuse("pubkey must be a 33-byte compressed secp256k1 key", None);
    }
    let hash = Sha256::digest(challenge.as_slice());
    match deps.api.secp256k1_verify(&hash, &signature, &pubkey) {
        Ok(true) => {}
        Ok(false) => return refuse("signature does not verify", None),
        Err(_) => return refuse("malformed signature or key", None),
    }
    let (from, until) = match target {
        AccessTarget::Grant { grant_id } => match load_grant(deps.storage, grant_id)? {
            Some((_, alloc, Holder::Key { pubkey: held })) if held == pubkey => {
                (alloc.terms.valid_from, alloc.terms.valid_until)
            }
            Some((_, alloc, _)) => {
                return refuse(
                    "the key does not hold the grant",
                    Some(alloc.terms.valid_until),
                )
            }
            None => return refuse("unknown grant", None),
        },
        AccessTarget::Batch {
            batch_id,
            index,
            proof,
        } => {
            let Some(b) = BATCHES.may_load(deps.storage, batch_id)? else {
                return refuse("unknown batch", None);
            };
            if proof.len() > 64 || !merkle::verify(&b.root, b.count, index, &pubkey, &proof) {
                return refuse("the key is not in the batch", Some(b.terms.valid_until));
            }
            (b.terms.valid_from, b.terms.valid_until)
        }
    };
    if !active(env.block.time.seconds(), from, until) {
        return refuse("the grant is not active at block time", Some(until));
    }
    Ok(VerifyAccessResponse {
        valid: true,
        reason: None,
        valid_until: Some(until),
    })
}

pub fn rating(deps: Deps, grant_id: u64) -> StdResult<RatingResponse> {
    Ok(RatingResponse {
        rating: RATINGS.may_load(deps.storage, grant_id)?,
    })
}
