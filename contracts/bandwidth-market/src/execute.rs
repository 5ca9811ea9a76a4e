//! The execute handlers, one per message.

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{
    to_json_binary, to_json_vec, Addr, Api, Binary, CosmosMsg, DepsMut, Empty, Env, MessageInfo,
    Response, StdError, StdResult, Storage, Uint128, WasmMsg,
};
use spectrum_types::asset::assert_no_funds;
use spectrum_types::bandwidth_market::{
    AllocateCommittedMsg, AllocateMsg, Award, Holder, OfferTerms, Rating, Recipients, Reservation,
    ReservationUpdate, MAX_BULK_CONSUMERS_CAP, MAX_LOCATION_LEN, MAX_QOS_ENTRIES, MAX_QOS_KEY_LEN,
    MAX_QOS_VALUE_LEN, MAX_RESERVATIONS, MAX_TARGETED_CONSUMERS, PUBKEY_LEN,
};
use spectrum_types::error::check_config_range;
use spectrum_types::gate;
use spectrum_types::node_reputation::TradeRating;
use spectrum_types::pricing::validate_discount;
use spectrum_types::{check_count, check_seconds, Paid, PricingError, ReputationGateMsg};

use crate::error::ContractError;
use crate::grants::{find_grant, next_grant_id, save_allocation};
use crate::purchase::{plan_purchase, Purchase, PurchaseKind};
use crate::state::{
    current_epoch, epoch_start, holder_key, load_offer, offers, Allocation, Batch, Config, Holders,
    Offer, Targeted, Terms, BATCHES, BATCH_SEQ, CONFIG, HOLDER_GRANTS, OFFER_RECORDS, OFFER_SEQ,
    PROVIDERS, RATINGS, SPOT,
};

/// Where the price of a purchase comes from, and so how the provider is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settlement {
    /// The market holds the payment (native funds attached to the message, or Bandcoin
    /// that arrived through the token's `Send`): the market pays the provider.
    Held,
    /// The buyer's Bandcoin allowance: one `TransferFrom` buyer → provider, the tokens
    /// never pass through the market. If the allowance or the balance is short, the
    /// transfer fails and the whole purchase with it, so nothing is granted unpaid.
    Allowance,
}

/// The message that pays the provider `amount` for a purchase paid by `paid`, or `None`
/// when the amount is zero.
pub fn pay_provider(
    config: &Config,
    paid: &Paid,
    settlement: Settlement,
    provider: &Addr,
    amount: Uint128,
) -> StdResult<Option<CosmosMsg>> {
    match settlement {
        Settlement::Allowance => config.payment.pay_from(paid, provider, amount),
        Settlement::Held => config.payment.pay(provider, amount),
    }
}

/// Checks `max_bulk_consumers`.
pub fn check_max_bulk(max: u32) -> Result<u32, ContractError> {
    Ok(check_config_range(
        "max_bulk_consumers",
        max,
        1,
        MAX_BULK_CONSUMERS_CAP,
    )?)
}

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    max_bulk_consumers: Option<u32>,
    reputation_gate: Option<ReputationGateMsg>,
    remove_reputation_gate: bool,
    reputation_recorder: Option<String>,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(max) = max_bulk_consumers {
        config.max_bulk_consumers = check_max_bulk(max)?;
    }
    if remove_reputation_gate {
        config.reputation_gate = None;
    }
    if let Some(g) = reputation_gate {
        config.reputation_gate = Some(g.check(deps.api)?);
    }
    if let Some(r) = reputation_recorder {
        config.reputation_recorder = Some(deps.api.addr_validate(&r)?);
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("max_bulk_consumers", config.max_bulk_consumers.to_string()))
}

pub fn approve_provider(
    deps: DepsMut,
    info: MessageInfo,
    provider: String,
    approve: bool,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let provider = deps.api.addr_validate(&provider)?;
    let action = if approve {
        PROVIDERS.save(deps.storage, &provider, &Empty {})?;
        "approve_provider"
    } else {
        PROVIDERS.remove(deps.storage, &provider);
        "remove_provider"
    };
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("provider", provider))
}

/// Refuses a sender that is neither approved nor qualified through the gate.
fn ensure_provider(deps: &DepsMut, config: &Config, who: &Addr) -> Result<(), ContractError> {
    if PROVIDERS.has(deps.storage, who) {
        return Ok(());
    }
    match &config.reputation_gate {
        Some(g) => Ok(gate::ensure_qualified(Some(g), &deps.querier, who)?),
        None => Err(ContractError::NotProvider {
            address: who.to_string(),
        }),
    }
}

fn invalid(reason: impl Into<String>) -> ContractError {
    ContractError::InvalidOffer {
        reason: reason.into(),
    }
}

/// Validates new terms and builds the offer, merging reservations into `previous`.
fn build_offer(
    api: &dyn Api,
    config: &Config,
    current: u64,
    provider: Addr,
    terms: OfferTerms,
    previous: Option<Offer>,
) -> Result<Offer, ContractError> {
    terms.band.validate_bandwidth(terms.bandwidth_hz)?;
    if terms.location.len() > MAX_LOCATION_LEN {
        return Err(invalid(format!(
            "location is longer than {MAX_LOCATION_LEN} characters"
        )));
    }
    if terms.unit_price.is_zero() {
        return Err(invalid("unit_price must be greater than zero"));
    }
    check_count("max_allocations", terms.max_allocations)?;
    check_seconds("allocation_duration", terms.allocation_duration)?;
    if terms.allocation_duration == 0 {
        return Err(invalid("allocation_duration must be greater than zero"));
    }
    validate_discount("volume", terms.volume_discount)?;
    validate_discount("reservation", terms.reservation_discount)?;
    if terms.qos.len() > MAX_QOS_ENTRIES {
        return Err(invalid(format!(
            "qos holds at most {MAX_QOS_ENTRIES} entries"
        )));
    }
    for (k, v) in &terms.qos {
        if k.is_empty() || k.len() > MAX_QOS_KEY_LEN || v.len() > MAX_QOS_VALUE_LEN {
            return Err(invalid(format!(
                "qos keys are 1 to {MAX_QOS_KEY_LEN} and values at most {MAX_QOS_VALUE_LEN} characters"
            )));
        }
    }
    if terms.consumers.len() > MAX_TARGETED_CONSUMERS {
        return Err(invalid(format!(
            "consumers holds at most {MAX_TARGETED_CONSUMERS} entries"
        )));
    }
    let mut consumers: Vec<Targeted> = Vec::with_capacity(terms.consumers.len());
    for t in &terms.consumers {
        let consumer = api.addr_validate(&t.consumer)?;
        check_count("units", t.units)?;
        if t.units == 0 || t.unit_price.is_zero() {
            return Err(invalid(
                "targeted units and unit_price must be greater than zero",
            ));
        }
        if consumers.iter().any(|c| c.consumer == consumer) {
            return Err(invalid(format!("consumer {consumer} is listed twice")));
        }
        consumers.push(Targeted {
            consumer,
            units: t.units,
            unit_price: t.unit_price,
        });
    }
    let (existing, version, clearing_house) = match previous {
        Some(p) => (p.reservations, p.version + 1, p.clearing_house),
        None => (vec![], 1, None),
    };
    let reservations = merge_reservations(config, existing, &terms.reservations, current)?;
    // Every reservation lies at least one epoch ahead when it is bought, so with a
    // reservation discount of 0 each of them could only be priced at 0, which is refused.
    if terms.reservation_discount.is_zero() && !reservations.is_empty() {
        return Err(ContractError::FreeReservations {
            count: reservations.len(),
        });
    }
    Ok(Offer {
        provider,
        version,
        band: terms.band,
        bandwidth_hz: terms.bandwidth_hz,
        location: terms.location,
        unit_price: terms.unit_price,
        max_allocations: terms.max_allocations,
        allocations_left: terms.max_allocations,
        spot_epoch: current,
        allocation_duration: terms.allocation_duration,
        volume_discount: terms.volume_discount,
        reservation_discount: terms.reservation_discount,
        reservations,
        qos: terms.qos,
        consumers,
        clearing_house,
    })
}

/// The paper's merge rules: capacity 0 deletes an epoch, an existing epoch takes the new
/// price and capacity and keeps what it sold, a new epoch is added; epochs not after the
/// current one are dropped.
fn merge_reservations(
    config: &Config,
    existing: Vec<Reservation>,
    updates: &[ReservationUpdate],
    current: u64,
) -> Result<Vec<Reservation>, ContractError> {
    if updates.len() > MAX_RESERVATIONS {
        return Err(invalid(format!(
            "at most {MAX_RESERVATIONS} reservation updates at once"
        )));
    }
    let mut map: BTreeMap<u64, Reservation> = existing.into_iter().map(|r| (r.epoch, r)).collect();
    for u in updates {
        check_count("capacity", u.capacity)?;
        if u.capacity == 0 {
            map.remove(&u.epoch);
            continue;
        }
        if u.price.is_zero() {
            return Err(invalid(format!(
                "reservation price for epoch {} must be greater than zero",
                u.epoch
            )));
        }
        if epoch_start(config, u.epoch).is_none() {
            return Err(invalid(format!("reservation epoch {} is too far", u.epoch)));
        }
        map.entry(u.epoch)
            .and_modify(|r| {
                r.price = u.price;
                r.capacity = u.capacity;
            })
            .or_insert(Reservation {
                epoch: u.epoch,
                price: u.price,
                capacity: u.capacity,
                allocated: 0,
            });
    }
    map.retain(|e, _| *e > current);
    if map.len() > MAX_RESERVATIONS {
        return Err(invalid(format!(
            "an offer holds at most {MAX_RESERVATIONS} reservation epochs"
        )));
    }
    Ok(map.into_values().collect())
}

pub fn post_offer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: OfferTerms,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_provider(&deps, &config, &info.sender)?;
    let current = current_epoch(&config, env.block.time.seconds());
    let offer = build_offer(deps.api, &config, current, info.sender.clone(), terms, None)?;
    let offer_id = OFFER_SEQ.may_load(deps.storage)?.unwrap_or_default() + 1;
    OFFER_SEQ.save(deps.storage, &offer_id)?;
    // A fresh id: the record and its provider index entry are written without reading
    // the (missing) old record first.
    offers().replace(deps.storage, offer_id, Some(&offer), None)?;
    Ok(Response::new()
        .add_attribute("action", "post_offer")
        .add_attribute("offer_id", offer_id.to_string())
        .add_attribute("provider", info.sender)
        .add_attribute("version", offer.version.to_string())
        .add_attribute("unit_price", offer.unit_price)
        .add_attribute("max_allocations", offer.max_allocations.to_string()))
}

pub fn update_offer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    offer_id: u64,
    terms: OfferTerms,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    let previous = load_offer(deps.storage, offer_id)?;
    if previous.provider != info.sender {
        return Err(ContractError::NotOfferProvider { offer_id });
    }
    ensure_provider(&deps, &config, &info.sender)?;
    let current = current_epoch(&config, env.block.time.seconds());
    let offer = build_offer(
        deps.api,
        &config,
        current,
        info.sender,
        terms,
        Some(previous),
    )?;
    OFFER_RECORDS.save(deps.storage, offer_id, &offer)?;
    // The record holds the reset spot counters of the new terms.
    SPOT.remove(deps.storage, offer_id);
    Ok(Response::new()
        .add_attribute("action", "update_offer")
        .add_attribute("offer_id", offer_id.to_string())
        .add_attribute("version", offer.version.to_string())
        .add_attribute("unit_price", offer.unit_price)
        .add_attribute("max_allocations", offer.max_allocations.to_string()))
}

pub fn set_clearing_house(
    deps: DepsMut,
    info: MessageInfo,
    offer_id: u64,
    clearing_house: Option<String>,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let mut offer = load_offer(deps.storage, offer_id)?;
    if offer.provider != info.sender {
        return Err(ContractError::NotOfferProvider { offer_id });
    }
    offer.clearing_house = clearing_house
        .map(|c| deps.api.addr_validate(&c))
        .transpose()?;
    OFFER_RECORDS.save(deps.storage, offer_id, &offer)?;
    Ok(Response::new()
        .add_attribute("action", "set_clearing_house")
        .add_attribute("offer_id", offer_id.to_string())
        .add_attribute(
            "clearing_house",
            offer
                .clearing_house
                .map(|c| c.to_string())
                .unwrap_or_else(|| "none".into()),
        ))
}

/// Draws the purchase on the offer's capacity (after [`plan_purchase`] checked it).
fn apply_purchase(offer: &mut Offer, p: &Purchase, current: u64) {
    match p.kind {
        PurchaseKind::Spot => {
            offer.allocations_left = offer.allocations_left_in(current) - p.units;
            offer.spot_epoch = current;
        }
        PurchaseKind::Targeted(i) => {
            offer.consumers[i].units -= p.units;
            if offer.consumers[i].units == 0 {
                offer.consumers.remove(i);
            }
        }
        PurchaseKind::Reservation => {
            for r in offer.reservations.iter_mut() {
                if r.epoch >= p.epoch && r.epoch <= p.epoch_to {
                    r.allocated += p.units;
                }
            }
        }
    }
}

/// Stores what a purchase changed in its offer: a spot purchase only the spot counters
/// ([`SPOT`], a few bytes), any other the whole record.
fn save_purchase(
    store: &mut dyn Storage,
    offer_id: u64,
    offer: &Offer,
    p: &Purchase,
) -> Result<(), ContractError> {
    match p.kind {
        PurchaseKind::Spot => {
            SPOT.save(store, offer_id, &(offer.allocations_left, offer.spot_epoch))
        }
        _ => OFFER_RECORDS.save(store, offer_id, offer),
    }?;
    Ok(())
}

/// The shared terms of a purchase's grants.
fn terms_of(
    config: &Config,
    env: &Env,
    offer_id: u64,
    offer: &Offer,
    buyer: &Addr,
    p: &Purchase,
    current: u64,
) -> Terms {
    let now = env.block.time.seconds();
    let (valid_from, last_start) = if p.epoch == current {
        (now, now)
    } else {
        (
            epoch_start(config, p.epoch).unwrap_or(u64::MAX),
            epoch_start(config, p.epoch_to).unwrap_or(u64::MAX),
        )
    };
    Terms {
        offer_id,
        version: offer.version,
        provider: offer.provider.clone(),
        buyer: buyer.clone(),
        band: offer.band,
        bandwidth_hz: offer.bandwidth_hz,
        epoch: p.epoch,
        epoch_to: p.epoch_to,
        valid_from,
        valid_until: last_start.saturating_add(offer.allocation_duration),
        qos: offer.qos.clone(),
    }
}

/// Stores one allocation whose grants start at `first` (from [`next_grant_id`]) and its
/// grants (one holder-index write each); returns the id after its last grant.
fn store_allocation(
    store: &mut dyn Storage,
    first: u64,
    terms: Terms,
    holders: Holders,
    units: u64,
    price: Uint128,
) -> Result<u64, ContractError> {
    let count = holders.len() as u64;
    match &holders {
        Holders::Address(_) | Holders::Buyer => {
            let address = match &holders {
                Holders::Address(a) => a,
                _ => &terms.buyer,
            };
            let key = holder_key(&Holder::Address {
                address: address.to_string(),
            });
            HOLDER_GRANTS.save(store, (&key, first), &first)?;
        }
        Holders::Keys(keys) => {
            // The hot loop of a bulk purchase: the first grant's full storage key, as the
            // map encodes it, is built once; each grant then overwrites the key and id at
            // its end and writes the same value.
            let mut holder = [0u8; PUBKEY_LEN + 1];
            holder[0] = b'k';
            let mut key = HOLDER_GRANTS.key((&holder, first)).to_vec();
            let id_at = key.len() - 8;
            let value = to_json_vec(&first)?;
            for (i, k) in keys.chunks_exact(PUBKEY_LEN).enumerate() {
                key[id_at - PUBKEY_LEN..id_at].copy_from_slice(k);
                key[id_at..].copy_from_slice(&(first + i as u64).to_be_bytes());
                store.set(&key, &value);
            }
        }
        Holders::Apart { .. } => {
            return Err(StdError::generic_err("a purchase's keys are given, not kept apart").into())
        }
    }
    save_allocation(
        store,
        first,
        Allocation {
            terms,
            holders,
            units,
            price,
        },
    )?;
    // At most 10,000 grants a purchase: no overflow before u64 ids run out.
    Ok(first + count)
}

fn check_quote(offer_id: u64, offer: &Offer, version: u64) -> Result<(), ContractError> {
    if offer.version != version {
        return Err(ContractError::StaleVersion {
            offer_id,
            quoted: version,
            current: offer.version,
        });
    }
    Ok(())
}

fn check_price(expected: Uint128, quoted: Uint128, paid: &Paid) -> Result<(), ContractError> {
    if expected != quoted {
        return Err(ContractError::PriceMismatch { expected, quoted });
    }
    paid.expect_exact(expected)?;
    Ok(())
}

/// Validates a consumer list: 1 to `max` compressed keys, no duplicates.
fn check_consumers(consumers: Vec<Binary>, max: u32) -> Result<Holders, ContractError> {
    check_consumer_count(consumers.len(), max)?;
    if let Some(index) = consumers.iter().position(|c| c.len() != PUBKEY_LEN) {
        return Err(ContractError::InvalidPubkey { index });
    }
    let packed: Vec<u8> = consumers.iter().flat_map(|c| c.iter().copied()).collect();
    check_packed_consumers(packed.into(), max)
}

/// Validates packed consumer keys (33 bytes each, back to back): 1 to `max` compressed
/// keys, no duplicates. The blob becomes the allocation's holders as it is.
fn check_packed_consumers(keys: Binary, max: u32) -> Result<Holders, ContractError> {
    if keys.len() % PUBKEY_LEN != 0 {
        return Err(ContractError::InvalidPackedKeys { len: keys.len() });
    }
    check_consumer_count(keys.len() / PUBKEY_LEN, max)?;
    let mut seen = BTreeSet::new();
    for (index, key) in keys.chunks_exact(PUBKEY_LEN).enumerate() {
        if !matches!(key[0], 2 | 3) {
            return Err(ContractError::InvalidPubkey { index });
        }
        if !seen.insert(key) {
            return Err(ContractError::DuplicateConsumer { index });
        }
    }
    Ok(Holders::Keys(keys))
}

/// Checks the number of consumer keys: 1 to `max`.
fn check_consumer_count(count: usize, max: u32) -> Result<(), ContractError> {
    if count == 0 {
        return Err(ContractError::ZeroUnits {});
    }
    if count > max as usize {
        return Err(ContractError::TooManyConsumers { count, max });
    }
    Ok(())
}

pub fn allocate(
    deps: DepsMut,
    env: Env,
    config: Config,
    paid: Paid,
    settlement: Settlement,
    msg: AllocateMsg,
) -> Result<Response, ContractError> {
    let mut offer = load_offer(deps.storage, msg.offer_id)?;
    check_quote(msg.offer_id, &offer, msg.version)?;
    let buyer = paid.payer.clone();
    let max = config.max_bulk_consumers;
    let (holders, units_each) = match msg.recipients {
        Recipients::Units { units } => (Holders::Buyer, units),
        Recipients::Consumers { consumers } => (check_consumers(consumers, max)?, 1),
        Recipients::PackedConsumers { keys } => (check_packed_consumers(keys, max)?, 1),
    };
    // One grant of `units` units, or one unit for each of at most 10,000 keys: no overflow.
    let units = units_each * holders.len() as u64;
    let current = current_epoch(&config, env.block.time.seconds());
    let p = plan_purchase(
        msg.offer_id,
        &offer,
        current,
        msg.epoch,
        msg.epoch_to,
        units,
        Some(&buyer),
    )?;
    check_price(p.price, msg.price, &paid)?;
    apply_purchase(&mut offer, &p, current);
    save_purchase(deps.storage, msg.offer_id, &offer, &p)?;
    let terms = terms_of(&config, &env, msg.offer_id, &offer, &buyer, &p, current);
    let count = holders.len();
    let first = next_grant_id(deps.storage)?;
    store_allocation(deps.storage, first, terms, holders, units_each, p.price)?;
    let mut resp = Response::new()
        .add_attribute("action", "allocate")
        .add_attribute("offer_id", msg.offer_id.to_string())
        .add_attribute("version", offer.version.to_string())
        .add_attribute("buyer", buyer)
        .add_attribute("provider", offer.provider.to_string())
        .add_attribute("units", units.to_string())
        .add_attribute("epoch", p.epoch.to_string())
        .add_attribute("epoch_to", p.epoch_to.to_string())
        .add_attribute("price", p.price)
        .add_attribute("first_grant_id", first.to_string())
        .add_attribute("grant_count", count.to_string());
    if let Some(m) = pay_provider(&config, &paid, settlement, &offer.provider, p.price)? {
        resp = resp.add_message(m);
    }
    Ok(resp)
}

pub fn allocate_committed(
    deps: DepsMut,
    env: Env,
    config: Config,
    paid: Paid,
    settlement: Settlement,
    msg: AllocateCommittedMsg,
) -> Result<Response, ContractError> {
    let mut offer = load_offer(deps.storage, msg.offer_id)?;
    check_quote(msg.offer_id, &offer, msg.version)?;
    if msg.root.len() != 32 {
        return Err(ContractError::InvalidRoot {});
    }
    let buyer = paid.payer.clone();
    let current = current_epoch(&config, env.block.time.seconds());
    let p = plan_purchase(
        msg.offer_id,
        &offer,
        current,
        msg.epoch,
        msg.epoch_to,
        msg.count,
        Some(&buyer),
    )?;
    check_price(p.price, msg.price, &paid)?;
    apply_purchase(&mut offer, &p, current);
    save_purchase(deps.storage, msg.offer_id, &offer, &p)?;
    let terms = terms_of(&config, &env, msg.offer_id, &offer, &buyer, &p, current);
    let batch_id = BATCH_SEQ.may_load(deps.storage)?.unwrap_or_default() + 1;
    BATCH_SEQ.save(deps.storage, &batch_id)?;
    BATCHES.save(
        deps.storage,
        batch_id,
        &Batch {
            terms,
            root: msg.root,
            count: msg.count,
            price: p.price,
        },
    )?;
    let mut resp = Response::new()
        .add_attribute("action", "allocate_committed")
        .add_attribute("offer_id", msg.offer_id.to_string())
        .add_attribute("version", offer.version.to_string())
        .add_attribute("buyer", buyer)
        .add_attribute("provider", offer.provider.to_string())
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("count", msg.count.to_string())
        .add_attribute("price", p.price);
    if let Some(m) = pay_provider(&config, &paid, settlement, &offer.provider, p.price)? {
        resp = resp.add_message(m);
    }
    Ok(resp)
}

pub fn settle_auction(
    deps: DepsMut,
    env: Env,
    config: Config,
    paid: Paid,
    offer_id: u64,
    awards: Vec<Award>,
) -> Result<Response, ContractError> {
    let mut offer = load_offer(deps.storage, offer_id)?;
    if offer.clearing_house.as_ref() != Some(&paid.payer) {
        return Err(ContractError::UnauthorizedClearingHouse {
            sender: paid.payer.to_string(),
            offer_id,
        });
    }
    if awards.is_empty() {
        return Err(ContractError::NoAwards {});
    }
    if awards.len() > config.max_bulk_consumers as usize {
        return Err(ContractError::TooManyConsumers {
            count: awards.len(),
            max: config.max_bulk_consumers,
        });
    }
    let current = current_epoch(&config, env.block.time.seconds());
    let mut total = Uint128::zero();
    let mut total_units: u64 = 0;
    let mut checked = Vec::with_capacity(awards.len());
    for a in awards {
        if a.units == 0 {
            return Err(ContractError::ZeroUnits {});
        }
        let consumer = deps.api.addr_validate(&a.consumer)?;
        let price = a
            .unit_price
            .checked_mul(Uint128::from(a.units))
            .map_err(|_| PricingError::Overflow {})?;
        total = total
            .checked_add(price)
            .map_err(|_| PricingError::Overflow {})?;
        total_units = total_units
            .checked_add(a.units)
            .ok_or(PricingError::Overflow {})?;
        checked.push((consumer, a.units, price));
    }
    let available = offer.allocations_left_in(current);
    if total_units > available {
        return Err(ContractError::InsufficientAllocations {
            requested: total_units,
            available,
        });
    }
    paid.expect_exact(total)?;
    offer.allocations_left = available - total_units;
    offer.spot_epoch = current;
    SPOT.save(
        deps.storage,
        offer_id,
        &(offer.allocations_left, offer.spot_epoch),
    )?;
    let spot = Purchase {
        epoch: current,
        epoch_to: current,
        units: 0,
        price: Uint128::zero(),
        kind: PurchaseKind::Spot,
    };
    // The next grant id is read once; each award's allocation follows the one before.
    let mut first_ids = vec![];
    let mut next = next_grant_id(deps.storage)?;
    for (consumer, units, price) in checked {
        let terms = terms_of(&config, &env, offer_id, &offer, &consumer, &spot, current);
        first_ids.push(next);
        next = store_allocation(
            deps.storage,
            next,
            terms,
            // terms_of made the consumer the buyer of its grant.
            Holders::Buyer,
            units,
            price,
        )?;
    }
    let mut resp = Response::new()
        .add_attribute("action", "settle_auction")
        .add_attribute("offer_id", offer_id.to_string())
        .add_attribute("clearing_house", paid.payer.to_string())
        .add_attribute("awards", first_ids.len().to_string())
        .add_attribute("units", total_units.to_string())
        .add_attribute("price", total)
        .add_attribute("first_grant_id", first_ids[0].to_string());
    if let Some(m) = config.payment.pay(&offer.provider, total)? {
        resp = resp.add_message(m);
    }
    Ok(resp)
}

pub fn rate_grant(
    deps: DepsMut,
    info: MessageInfo,
    grant_id: u64,
    positive: bool,
    quality: u8,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let rating = TradeRating { positive, quality };
    if !rating.is_valid() {
        return Err(ContractError::InvalidQuality { quality });
    }
    // The allocation without its consumer keys: a key never is the sender.
    let (first, alloc) =
        find_grant(deps.storage, grant_id)?.ok_or(ContractError::UnknownGrant { grant_id })?;
    let is_holder = matches!(
        alloc.holder((grant_id - first) as usize),
        Some(Holder::Address { address }) if address == info.sender.as_str()
    );
    if !is_holder && alloc.terms.buyer != info.sender {
        return Err(ContractError::NotGrantParty { grant_id });
    }
    if RATINGS.has(deps.storage, grant_id) {
        return Err(ContractError::AlreadyRated { grant_id });
    }
    RATINGS.save(
        deps.storage,
        grant_id,
        &Rating {
            rater: info.sender.clone(),
            positive,
            quality,
        },
    )?;
    let config = CONFIG.load(deps.storage)?;
    let mut resp = Response::new()
        .add_attribute("action", "rate_grant")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("rater", info.sender.to_string())
        .add_attribute("provider", alloc.terms.provider.to_string())
        .add_attribute("positive", positive.to_string())
        .add_attribute("quality", quality.to_string());
    if let Some(recorder) = config.reputation_recorder {
        resp = resp.add_message(WasmMsg::Execute {
            contract_addr: recorder.to_string(),
            msg: to_json_binary(&rating.record_msg(&info.sender, &alloc.terms.provider))?,
            funds: vec![],
        });
    }
    Ok(resp)
}
