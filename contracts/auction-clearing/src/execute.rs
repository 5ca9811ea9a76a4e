//! Configuration, auction creation and the bidding messages.

use cosmwasm_std::{Addr, Binary, Decimal, DepsMut, Env, MessageInfo, Response, Storage, Uint128};
use spectrum_types::asset::assert_no_funds;
use spectrum_types::auction_clearing::{
    commitment as commitment_of, AuctionKind, CreateAuctionMsg, MAX_SALT_LEN, MIN_SALT_LEN,
};
use spectrum_types::bandwidth_market::{
    CurrentEpochResponse, OfferResponse, QueryMsg as MarketQuery,
};
use spectrum_types::gate::ensure_qualified;
use spectrum_types::{check_count, check_seconds, Paid, ReputationGateMsg};

use crate::error::ContractError;
use crate::state::{
    check_max_bids_per_auction, check_max_bids_per_tx, check_penalty, close_time, is_sealed,
    kind_name, load_auction, Auction, Bid, Phase, AUCTIONS, AUCTION_SEQ, BIDS, BID_SEQ, CONFIG,
    RANKED,
};

/// Auctions that have started clearing take no more bids.
fn ensure_open(a: &Auction, auction_id: u64) -> Result<(), ContractError> {
    if a.phase != Phase::Open {
        return Err(ContractError::AuctionCleared { auction_id });
    }
    Ok(())
}

fn ensure_kind(
    a: &Auction,
    auction_id: u64,
    sealed: bool,
    action: &str,
) -> Result<(), ContractError> {
    if is_sealed(a.params.kind) != sealed {
        return Err(ContractError::WrongKind {
            auction_id,
            kind: kind_name(a.params.kind).into(),
            action: action.into(),
        });
    }
    Ok(())
}

fn ensure_window(action: &str, opens: u64, closes: u64, now: u64) -> Result<(), ContractError> {
    if now < opens || now >= closes {
        return Err(ContractError::OutsideWindow {
            action: action.into(),
            opens,
            closes,
            now,
        });
    }
    Ok(())
}

fn next_seq(store: &mut dyn Storage) -> Result<u64, ContractError> {
    let seq = BID_SEQ.may_load(store)?.unwrap_or_default() + 1;
    BID_SEQ.save(store, &seq)?;
    Ok(seq)
}

fn add(a: Uint128, b: Uint128) -> Result<Uint128, ContractError> {
    a.checked_add(b).map_err(|_| ContractError::Overflow {})
}

fn sub(a: Uint128, b: Uint128) -> Result<Uint128, ContractError> {
    a.checked_sub(b).map_err(|_| ContractError::Overflow {})
}

/// Changes what is given; the gate is `(new value, remove)`: `remove` clears it first.
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    market: Option<String>,
    (reputation_gate, remove_reputation_gate): (Option<ReputationGateMsg>, bool),
    max_bids_per_tx: Option<u32>,
    max_bids_per_auction: Option<u32>,
    unrevealed_penalty: Option<Decimal>,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    let mut resp = Response::new().add_attribute("action", "update_config");
    if let Some(m) = market {
        let m = deps.api.addr_validate(&m)?;
        resp = resp.add_attribute("market", m.to_string());
        config.market = Some(m);
    }
    if remove_reputation_gate {
        config.reputation_gate = None;
        resp = resp.add_attribute("reputation_gate", "removed");
    }
    if let Some(g) = reputation_gate {
        let g = g.check(deps.api)?;
        resp = resp.add_attribute("reputation_gate", g.contract.to_string());
        config.reputation_gate = Some(g);
    }
    if let Some(v) = max_bids_per_tx {
        config.max_bids_per_tx = check_max_bids_per_tx(v)?;
        resp = resp.add_attribute("max_bids_per_tx", v.to_string());
    }
    if let Some(v) = max_bids_per_auction {
        config.max_bids_per_auction = check_max_bids_per_auction(v)?;
        resp = resp.add_attribute("max_bids_per_auction", v.to_string());
    }
    if let Some(p) = unrevealed_penalty {
        config.unrevealed_penalty = check_penalty(p)?;
        resp = resp.add_attribute("unrevealed_penalty", p.to_string());
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(resp)
}

pub fn create_auction(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    params: CreateAuctionMsg,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    let market = config.market.clone().ok_or(ContractError::NoMarket {})?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &info.sender)?;
    let offer: OfferResponse = deps.querier.query_wasm_smart(
        &market,
        &MarketQuery::Offer {
            offer_id: params.offer_id,
        },
    )?;
    if offer.provider != info.sender {
        return Err(ContractError::NotOfferProvider {
            offer_id: params.offer_id,
            provider: offer.provider.to_string(),
        });
    }
    if offer.clearing_house.as_ref() != Some(&env.contract.address) {
        return Err(ContractError::NotClearingHouse {
            offer_id: params.offer_id,
        });
    }
    if offer.band != params.band {
        return Err(ContractError::OfferMismatch {
            field: "band".into(),
        });
    }
    if offer.bandwidth_hz != params.bandwidth_hz {
        return Err(ContractError::OfferMismatch {
            field: "bandwidth_hz".into(),
        });
    }
    let max = offer.max_allocations.min(config.max_bids_per_tx as u64);
    if params.max_allocations == 0 || params.max_allocations > max {
        return Err(ContractError::InvalidMaxAllocations {
            max_allocations: params.max_allocations,
            max,
        });
    }
    let current: CurrentEpochResponse = deps
        .querier
        .query_wasm_smart(&market, &MarketQuery::CurrentEpoch {})?;
    if params.epoch < current.epoch {
        return Err(ContractError::PastEpoch {
            epoch: params.epoch,
            current: current.epoch,
        });
    }
    check_count("epoch", params.epoch)?;
    check_seconds("bid_end", params.bid_end)?;
    check_seconds("clearing_time", params.clearing_time)?;
    if let Some(reveal_end) = params.reveal_end {
        check_seconds("reveal_end", reveal_end)?;
    }
    let now = env.block.time.seconds();
    if params.bid_end <= now {
        return Err(ContractError::InvalidTimes {
            reason: format!("bid_end {} must be after now {now}", params.bid_end),
        });
    }
    let close = match (is_sealed(params.kind), params.reveal_end) {
        (true, Some(r)) if r > params.bid_end => r,
        (true, _) => {
            return Err(ContractError::InvalidTimes {
                reason: "a sealed auction needs reveal_end after bid_end".into(),
            })
        }
        (false, None) => params.bid_end,
        (false, Some(_)) => {
            return Err(ContractError::InvalidTimes {
                reason: "PROPSHARE bids are open: no reveal_end".into(),
            })
        }
    };
    if params.clearing_time < close {
        return Err(ContractError::InvalidTimes {
            reason: format!(
                "clearing_time {} must not be before {close}",
                params.clearing_time
            ),
        });
    }
    if params.min_price.is_zero() {
        return Err(ContractError::BelowMinPrice {
            price: params.min_price,
            min_price: Uint128::one(),
        });
    }
    if params.kind == AuctionKind::Propshare
        && params.min_price < Uint128::from(params.max_allocations)
    {
        return Err(ContractError::PropshareMinPrice {
            min_price: params.min_price,
            max_allocations: params.max_allocations,
        });
    }
    let auction_id = AUCTION_SEQ.may_load(deps.storage)?.unwrap_or_default() + 1;
    AUCTION_SEQ.save(deps.storage, &auction_id)?;
    let resp = Response::new()
        .add_attribute("action", "create_auction")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("provider", info.sender.to_string())
        .add_attribute("offer_id", params.offer_id.to_string())
        .add_attribute("kind", kind_name(params.kind))
        .add_attribute("max_allocations", params.max_allocations.to_string())
        .add_attribute("min_price", params.min_price)
        .add_attribute("bid_end", params.bid_end.to_string())
        .add_attribute("clearing_time", params.clearing_time.to_string());
    AUCTIONS.save(
        deps.storage,
        auction_id,
        &Auction {
            provider: info.sender,
            created: now,
            winner_count: 0,
            market,
            params,
            unrevealed_penalty: config.unrevealed_penalty,
            bid_count: 0,
            revealed_count: 0,
            bid_sum: Uint128::zero(),
            escrow: Uint128::zero(),
            phase: Phase::Open,
            outcome: None,
            clearing_price: None,
            units_awarded: 0,
            settled_amount: Uint128::zero(),
            forfeited: Uint128::zero(),
            refunded: Uint128::zero(),
        },
    )?;
    Ok(resp)
}

/// Takes a new bid's escrow: refunds a replaced bid in full, or counts a new one.
/// Returns the refund message of the replaced bid, if any.
fn take_escrow(
    store: &mut dyn Storage,
    a: &mut Auction,
    auction_id: u64,
    bidder: &Addr,
    amount: Uint128,
) -> Result<(Option<Bid>, Option<cosmwasm_std::CosmosMsg>), ContractError> {
    let config = CONFIG.load(store)?;
    let old = BIDS.may_load(store, (auction_id, bidder))?;
    let mut refund = None;
    if let Some(old) = &old {
        a.escrow = sub(a.escrow, old.deposit)?;
        refund = config.payment.pay(bidder, old.deposit)?;
    } else {
        if a.bid_count >= config.max_bids_per_auction as u64 {
            return Err(ContractError::TooManyBids {
                auction_id,
                max: config.max_bids_per_auction,
            });
        }
        a.bid_count += 1;
    }
    a.escrow = add(a.escrow, amount)?;
    Ok((old, refund))
}

fn new_bid(deposit: Uint128, seq: u64) -> Bid {
    Bid {
        deposit,
        seq,
        commitment: None,
        revealed: false,
        units: 0,
        price: Uint128::zero(),
        units_won: 0,
        charged: Uint128::zero(),
        refunded: Uint128::zero(),
        forfeited: Uint128::zero(),
        remainder: Uint128::zero(),
        paid_out: false,
    }
}

pub fn commit(
    deps: DepsMut,
    env: Env,
    paid: Paid,
    auction_id: u64,
    commitment: Binary,
) -> Result<Response, ContractError> {
    let mut a = load_auction(deps.storage, auction_id)?;
    ensure_open(&a, auction_id)?;
    ensure_kind(&a, auction_id, true, "commit")?;
    let now = env.block.time.seconds();
    ensure_window("commit", a.created, a.params.bid_end, now)?;
    if commitment.len() != 32 {
        return Err(ContractError::InvalidCommitment {
            len: commitment.len(),
        });
    }
    let config = CONFIG.load(deps.storage)?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &paid.payer)?;
    let (old, refund) = take_escrow(deps.storage, &mut a, auction_id, &paid.payer, paid.amount)?;
    let seq = next_seq(deps.storage)?;
    let mut bid = new_bid(paid.amount, seq);
    bid.commitment = Some(commitment);
    BIDS.save(deps.storage, (auction_id, &paid.payer), &bid)?;
    AUCTIONS.save(deps.storage, auction_id, &a)?;
    let mut resp = Response::new()
        .add_attribute("action", "commit")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("bidder", paid.payer.to_string())
        .add_attribute("deposit", paid.amount)
        .add_attribute("seq", seq.to_string());
    if let Some(old) = old {
        resp = resp.add_attribute("replaced_deposit", old.deposit);
    }
    Ok(resp.add_messages(refund))
}

pub fn reveal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    auction_id: u64,
    units: u64,
    price: Uint128,
    salt: Binary,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let mut a = load_auction(deps.storage, auction_id)?;
    ensure_open(&a, auction_id)?;
    ensure_kind(&a, auction_id, true, "reveal")?;
    let now = env.block.time.seconds();
    ensure_window("reveal", a.params.bid_end, close_time(&a), now)?;
    let bidder = info.sender;
    let mut bid = BIDS
        .may_load(deps.storage, (auction_id, &bidder))?
        .ok_or_else(|| ContractError::NoBid {
            auction_id,
            bidder: bidder.to_string(),
        })?;
    if bid.revealed {
        return Err(ContractError::AlreadyRevealed {
            auction_id,
            bidder: bidder.to_string(),
        });
    }
    if salt.len() < MIN_SALT_LEN || salt.len() > MAX_SALT_LEN {
        return Err(ContractError::InvalidSalt {
            len: salt.len(),
            min: MIN_SALT_LEN,
            max: MAX_SALT_LEN,
        });
    }
    if bid.commitment.as_ref()
        != Some(&commitment_of(
            auction_id,
            bidder.as_str(),
            units,
            price,
            &salt,
        ))
    {
        return Err(ContractError::CommitmentMismatch {
            auction_id,
            bidder: bidder.to_string(),
        });
    }
    let max_units = match a.params.kind {
        AuctionKind::Vickrey => 1,
        _ => a.params.max_allocations,
    };
    if units == 0 || units > max_units {
        return Err(ContractError::InvalidUnits {
            units,
            max: max_units,
        });
    }
    if price < a.params.min_price {
        return Err(ContractError::BelowMinPrice {
            price,
            min_price: a.params.min_price,
        });
    }
    let required = price
        .checked_mul(Uint128::from(units))
        .map_err(|_| ContractError::Overflow {})?;
    if bid.deposit < required {
        return Err(ContractError::DepositTooSmall {
            deposit: bid.deposit,
            required,
        });
    }
    bid.revealed = true;
    bid.units = units;
    bid.price = price;
    BIDS.save(deps.storage, (auction_id, &bidder), &bid)?;
    RANKED.save(
        deps.storage,
        (auction_id, u128::MAX - price.u128(), bid.seq),
        &bidder,
    )?;
    a.revealed_count += 1;
    AUCTIONS.save(deps.storage, auction_id, &a)?;
    Ok(Response::new()
        .add_attribute("action", "reveal")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("bidder", bidder.to_string())
        .add_attribute("units", units.to_string())
        .add_attribute("price", price))
}

pub fn bid(
    deps: DepsMut,
    env: Env,
    paid: Paid,
    auction_id: u64,
    price: Uint128,
) -> Result<Response, ContractError> {
    let mut a = load_auction(deps.storage, auction_id)?;
    ensure_open(&a, auction_id)?;
    ensure_kind(&a, auction_id, false, "bid")?;
    let now = env.block.time.seconds();
    ensure_window("bid", a.created, a.params.bid_end, now)?;
    if price < a.params.min_price {
        return Err(ContractError::BelowMinPrice {
            price,
            min_price: a.params.min_price,
        });
    }
    paid.expect_exact(price)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &paid.payer)?;
    let (old, refund) = take_escrow(deps.storage, &mut a, auction_id, &paid.payer, paid.amount)?;
    if let Some(old) = &old {
        a.bid_sum = sub(a.bid_sum, old.price)?;
    } else {
        a.revealed_count += 1;
    }
    a.bid_sum = add(a.bid_sum, price)?;
    let seq = next_seq(deps.storage)?;
    let mut bid = new_bid(paid.amount, seq);
    bid.revealed = true;
    bid.price = price;
    BIDS.save(deps.storage, (auction_id, &paid.payer), &bid)?;
    AUCTIONS.save(deps.storage, auction_id, &a)?;
    let mut resp = Response::new()
        .add_attribute("action", "bid")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("bidder", paid.payer.to_string())
        .add_attribute("price", price)
        .add_attribute("seq", seq.to_string());
    if let Some(old) = old {
        resp = resp.add_attribute("replaced_price", old.price);
    }
    Ok(resp.add_messages(refund))
}

pub fn withdraw(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    auction_id: u64,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let mut a = load_auction(deps.storage, auction_id)?;
    ensure_open(&a, auction_id)?;
    let now = env.block.time.seconds();
    ensure_window("withdraw", a.created, a.params.bid_end, now)?;
    let bidder = info.sender;
    let bid = BIDS
        .may_load(deps.storage, (auction_id, &bidder))?
        .ok_or_else(|| ContractError::NoBid {
            auction_id,
            bidder: bidder.to_string(),
        })?;
    BIDS.remove(deps.storage, (auction_id, &bidder));
    a.escrow = sub(a.escrow, bid.deposit)?;
    a.bid_count -= 1;
    if !is_sealed(a.params.kind) {
        a.bid_sum = sub(a.bid_sum, bid.price)?;
        a.revealed_count -= 1;
    }
    AUCTIONS.save(deps.storage, auction_id, &a)?;
    let config = CONFIG.load(deps.storage)?;
    Ok(Response::new()
        .add_attribute("action", "withdraw")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("bidder", bidder.to_string())
        .add_attribute("refund", bid.deposit)
        .add_messages(config.payment.pay(&bidder, bid.deposit)?))
}
