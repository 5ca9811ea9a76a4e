//! Queries.

use cosmwasm_std::{Addr, Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use spectrum_types::auction_clearing::{
    AuctionResponse, AuctionStatus, AuctionsResponse, BidResponse, BidStatus, BidsResponse,
    ConfigResponse, Outcome, MAX_LIST_SCAN,
};
use spectrum_types::{clamp_limit, page, start_after_addr};

use crate::state::{close_time, is_sealed, Auction, Bid, Phase, AUCTIONS, BIDS, CONFIG};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin: cw_ownable::get_ownership(deps.storage)?.owner,
        payment: config.payment,
        market: config.market,
        reputation_gate: config.reputation_gate,
        max_bids_per_tx: config.max_bids_per_tx,
        max_bids_per_auction: config.max_bids_per_auction,
        unrevealed_penalty: config.unrevealed_penalty,
    })
}

pub fn status_of(a: &Auction, now: u64) -> AuctionStatus {
    if a.phase == Phase::Done {
        AuctionStatus::Cleared
    } else if now < close_time(a) {
        AuctionStatus::Active
    } else {
        AuctionStatus::Inactive
    }
}

fn auction_response(auction_id: u64, a: Auction, now: u64) -> AuctionResponse {
    AuctionResponse {
        auction_id,
        status: status_of(&a, now),
        phase: a.phase.name().to_string(),
        provider: a.provider,
        market: a.market,
        params: a.params,
        unrevealed_penalty: a.unrevealed_penalty,
        bid_count: a.bid_count,
        revealed_count: a.revealed_count,
        escrow: a.escrow,
        outcome: a.outcome,
        clearing_price: a.clearing_price,
        units_awarded: a.units_awarded,
        settled_amount: a.settled_amount,
        forfeited: a.forfeited,
        refunded: a.refunded,
    }
}

pub fn list_auctions(
    deps: Deps,
    env: Env,
    status: Option<AuctionStatus>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<AuctionsResponse> {
    let now = env.block.time.seconds();
    let limit = clamp_limit(limit);
    let mut auctions = vec![];
    let mut last_scanned = None;
    for item in AUCTIONS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(MAX_LIST_SCAN)
    {
        if auctions.len() >= limit {
            break;
        }
        let (id, a) = item?;
        last_scanned = Some(id);
        if status.map_or(true, |s| s == status_of(&a, now)) {
            auctions.push(auction_response(id, a, now));
        }
    }
    Ok(AuctionsResponse {
        auctions,
        last_scanned,
    })
}

pub fn get_auction(deps: Deps, env: Env, auction_id: u64) -> StdResult<AuctionResponse> {
    let a = AUCTIONS
        .may_load(deps.storage, auction_id)?
        .ok_or_else(|| StdError::not_found(format!("auction {auction_id}")))?;
    Ok(auction_response(auction_id, a, env.block.time.seconds()))
}

/// The status of a bid: PENDING until the outcome is known, then by outcome.
pub fn bid_status(a: &Auction, bid: &Bid) -> BidStatus {
    match a.outcome {
        None => BidStatus::Pending,
        Some(Outcome::Failed) => BidStatus::Error,
        Some(Outcome::Settled) if bid.units_won > 0 => BidStatus::Executed,
        Some(_) => BidStatus::Cancelled,
    }
}

fn bid_response(a: &Auction, auction_id: u64, bidder: &Addr, bid: Bid, now: u64) -> BidResponse {
    let visible = !is_sealed(a.params.kind) || now >= close_time(a);
    let shown = visible && bid.revealed;
    BidResponse {
        auction_id,
        bidder: bidder.to_string(),
        status: bid_status(a, &bid),
        deposit: bid.deposit,
        seq: bid.seq,
        revealed: bid.revealed,
        units: shown.then_some(if is_sealed(a.params.kind) {
            bid.units
        } else {
            bid.units_won
        }),
        price: shown.then_some(bid.price),
        units_won: bid.units_won,
        charged: bid.charged,
        refunded: bid.refunded,
        forfeited: bid.forfeited,
    }
}

pub fn list_bids(
    deps: Deps,
    env: Env,
    auction_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<BidsResponse> {
    let a = AUCTIONS
        .may_load(deps.storage, auction_id)?
        .ok_or_else(|| StdError::not_found(format!("auction {auction_id}")))?;
    let start = start_after_addr(deps.api, start_after)?;
    let now = env.block.time.seconds();
    let bids = page(start.as_ref(), limit, |min, order| {
        BIDS.prefix(auction_id)
            .range(deps.storage, min, None, order)
    })
    .map(|r| r.map(|(bidder, bid)| bid_response(&a, auction_id, &bidder, bid, now)))
    .collect::<StdResult<_>>()?;
    Ok(BidsResponse { bids })
}

pub fn get_bid(deps: Deps, env: Env, auction_id: u64, bidder: String) -> StdResult<BidResponse> {
    let bidder = deps.api.addr_validate(&bidder)?;
    let a = AUCTIONS.may_load(deps.storage, auction_id)?;
    let bid = BIDS.may_load(deps.storage, (auction_id, &bidder))?;
    match (a, bid) {
        (Some(a), Some(bid)) => Ok(bid_response(
            &a,
            auction_id,
            &bidder,
            bid,
            env.block.time.seconds(),
        )),
        _ => Ok(BidResponse {
            auction_id,
            bidder: bidder.to_string(),
            status: BidStatus::Unknown,
            deposit: Default::default(),
            seq: 0,
            revealed: false,
            units: None,
            price: None,
            units_won: 0,
            charged: Default::default(),
            refunded: Default::default(),
            forfeited: Default::default(),
        }),
    }
}
