//! Clearing: a state machine per auction that does at most `max_bids_per_tx` bids of work
//! per transaction (see the README, "Clearing in pages").

use cosmwasm_std::{
    to_json_binary, Addr, CosmosMsg, DepsMut, Env, Order, Reply, Response, StdResult, Storage,
    SubMsg, SubMsgResult, Uint128, Uint256, WasmMsg,
};
use cw_storage_plus::{Bound, KeyDeserialize, Prefix, PrimaryKey};
use serde::de::DeserializeOwned;
use serde::Serialize;
use spectrum_types::auction_clearing::{AuctionKind, Outcome};
use spectrum_types::bandwidth_market::{
    Award, ExecuteMsg as MarketExecute, ReceiveMsg as MarketReceive,
};
use spectrum_types::Asset;

use crate::error::ContractError;
use crate::state::{
    is_sealed, load_auction, Auction, Config, Phase, AUCTIONS, BIDS, CONFIG, RANKED, REMAINDERS,
    SETTLE_BUDGET, WINNERS,
};

fn overflow<E>(_: E) -> ContractError {
    ContractError::Overflow {}
}

pub fn clear(deps: DepsMut, env: Env, auction_id: u64) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut a = load_auction(deps.storage, auction_id)?;
    if a.phase == Phase::Done {
        return Err(ContractError::AuctionCleared { auction_id });
    }
    let now = env.block.time.seconds();
    if now < a.params.clearing_time {
        return Err(ContractError::ClearingTooEarly {
            auction_id,
            clearing_time: a.params.clearing_time,
            now,
        });
    }
    let full = config.max_bids_per_tx as u64;
    let mut budget = full;
    let mut resp = Response::new()
        .add_attribute("action", "clear")
        .add_attribute("auction_id", auction_id.to_string())
        .add_attribute("phase_before", a.phase.name());
    if a.phase == Phase::Open {
        a.phase = if a.revealed_count == 0 {
            a.outcome = Some(Outcome::NoSale);
            Phase::Refund { after: None }
        } else if is_sealed(a.params.kind) {
            Phase::Rank {
                after: None,
                filled: 0,
            }
        } else {
            Phase::Shares {
                after: None,
                assigned: 0,
            }
        };
    }
    loop {
        match a.phase.clone() {
            Phase::Open | Phase::Done => break,
            Phase::Settle => {
                if budget < a.winner_count && budget < full {
                    break;
                }
                budget = budget.saturating_sub(a.winner_count);
                match settlement(deps.storage, &config, &mut a, auction_id, budget)? {
                    Some(sub) => {
                        AUCTIONS.save(deps.storage, auction_id, &a)?;
                        return Ok(resp
                            .add_attribute("settled_amount", a.settled_amount)
                            .add_attribute("winners", a.winner_count.to_string())
                            .add_submessage(sub));
                    }
                    None => continue,
                }
            }
            // The paging phases stop once this call's budget is spent.
            _ if budget == 0 => break,
            Phase::Rank { after, filled } => {
                rank_page(deps.storage, &mut a, auction_id, after, filled, &mut budget)?
            }
            Phase::Shares { after, assigned } => shares_page(
                deps.storage,
                &mut a,
                auction_id,
                after,
                assigned,
                &mut budget,
            )?,
            Phase::Leftover { after, left } => {
                leftover_page(deps.storage, &mut a, auction_id, after, left, &mut budget)?
            }
            Phase::Refund { .. } => {
                resp = refund_page(deps.storage, &config, &mut a, auction_id, &mut budget, resp)?
            }
        }
    }
    finish_step(deps.storage, auction_id, &a, resp)
}

/// A page of clearing work: its entries, and whether they were the last.
type Page<K, T> = (Vec<(K, T)>, bool);

/// Up to `want` entries of `prefix` in ascending key order after `after`, and whether the
/// prefix ended before `want` (a clearing page).
fn page_after<'k, K, T>(
    store: &dyn Storage,
    prefix: Prefix<K, T, K>,
    after: Option<K>,
    want: usize,
) -> StdResult<Page<K::Output, T>>
where
    K: PrimaryKey<'k> + KeyDeserialize,
    K::Output: 'static,
    T: Serialize + DeserializeOwned,
{
    let items: Vec<_> = prefix
        .range(store, after.map(Bound::exclusive), None, Order::Ascending)
        .take(want)
        .collect::<StdResult<_>>()?;
    let exhausted = items.len() < want;
    Ok((items, exhausted))
}

/// Sealed kinds: walks revealed bids by (price desc, commit order), filling
/// `max_allocations` units; the first unit that does not fit sets the clearing price
/// (`min_price` when every unit bid is filled).
fn rank_page(
    store: &mut dyn Storage,
    a: &mut Auction,
    auction_id: u64,
    after: Option<(u128, u64)>,
    mut filled: u64,
    budget: &mut u64,
) -> Result<(), ContractError> {
    let k = a.params.max_allocations;
    let want = *budget as usize;
    let (items, exhausted) = page_after(store, RANKED.sub_prefix(auction_id), after, want)?;
    let mut last = after;
    let mut price = None;
    for ((inv, seq), bidder) in items {
        *budget -= 1;
        last = Some((inv, seq));
        let bid_price = Uint128::new(u128::MAX - inv);
        if filled >= k {
            price = Some(bid_price);
            break;
        }
        let mut bid = BIDS.load(store, (auction_id, &bidder))?;
        let take = bid.units.min(k - filled);
        bid.units_won = take;
        BIDS.save(store, (auction_id, &bidder), &bid)?;
        WINNERS.save(store, (auction_id, seq), &bidder)?;
        a.winner_count += 1;
        filled += take;
        if take < bid.units {
            price = Some(bid_price);
            break;
        }
    }
    if price.is_none() && exhausted {
        price = Some(a.params.min_price);
    }
    a.units_awarded = filled;
    a.phase = match price {
        Some(p) => {
            a.clearing_price = Some(p);
            Phase::Settle
        }
        None => Phase::Rank {
            after: last,
            filled,
        },
    };
    Ok(())
}

/// PROPSHARE: `share_i = floor(bid_i · M / Σ)`, remainder `(bid_i · M) mod Σ` written to
/// the ordered remainder index.
fn shares_page(
    store: &mut dyn Storage,
    a: &mut Auction,
    auction_id: u64,
    after: Option<Addr>,
    mut assigned: u64,
    budget: &mut u64,
) -> Result<(), ContractError> {
    let m = Uint256::from(a.params.max_allocations);
    let sum = Uint256::from(a.bid_sum);
    let want = *budget as usize;
    let (items, exhausted) = page_after(store, BIDS.prefix(auction_id), after.as_ref(), want)?;
    let mut last = after;
    for (bidder, mut bid) in items {
        *budget -= 1;
        let num = Uint256::from(bid.price).checked_mul(m).map_err(overflow)?;
        let q = num.checked_div(sum).map_err(overflow)?;
        let r = num.checked_rem(sum).map_err(overflow)?;
        let q = u64::try_from(Uint128::try_from(q).map_err(overflow)?.u128()).map_err(overflow)?;
        let r = Uint128::try_from(r).map_err(overflow)?;
        bid.units_won = q;
        bid.remainder = r;
        BIDS.save(store, (auction_id, &bidder), &bid)?;
        REMAINDERS.save(store, (auction_id, u128::MAX - r.u128(), bid.seq), &bidder)?;
        if q > 0 {
            WINNERS.save(store, (auction_id, bid.seq), &bidder)?;
            a.winner_count += 1;
        }
        assigned = assigned.checked_add(q).ok_or(ContractError::Overflow {})?;
        last = Some(bidder);
    }
    a.phase = if exhausted {
        let left = a
            .params
            .max_allocations
            .checked_sub(assigned)
            .ok_or(ContractError::Overflow {})?;
        a.units_awarded = assigned;
        if left == 0 {
            Phase::Settle
        } else {
            Phase::Leftover { after: None, left }
        }
    } else {
        Phase::Shares {
            after: last,
            assigned,
        }
    };
    Ok(())
}

/// PROPSHARE: one leftover unit each to the largest remainders (ties: earlier bid).
fn leftover_page(
    store: &mut dyn Storage,
    a: &mut Auction,
    auction_id: u64,
    after: Option<(u128, u64)>,
    mut left: u64,
    budget: &mut u64,
) -> Result<(), ContractError> {
    let want = (*budget).min(left) as usize;
    let (items, exhausted) = page_after(store, REMAINDERS.sub_prefix(auction_id), after, want)?;
    let mut last = after;
    for ((inv, seq), bidder) in items {
        *budget -= 1;
        left -= 1;
        last = Some((inv, seq));
        let mut bid = BIDS.load(store, (auction_id, &bidder))?;
        bid.units_won += 1;
        if bid.units_won == 1 {
            WINNERS.save(store, (auction_id, seq), &bidder)?;
            a.winner_count += 1;
        }
        BIDS.save(store, (auction_id, &bidder), &bid)?;
        a.units_awarded += 1;
    }
    // Σ remainders = Σ · left, so there are always enough bids; stop anyway if not.
    a.phase = if left == 0 || exhausted {
        Phase::Settle
    } else {
        Phase::Leftover { after: last, left }
    };
    Ok(())
}

/// The one settlement: `SettleAuction` to the market with every award and exactly its
/// funds, as a sub-message whose reply records the outcome. `None` when nothing is sold.
fn settlement(
    store: &mut dyn Storage,
    config: &Config,
    a: &mut Auction,
    auction_id: u64,
    budget_after: u64,
) -> Result<Option<SubMsg>, ContractError> {
    let winners: Vec<((u64,), Addr)> = WINNERS
        .prefix(auction_id)
        .range(store, None, None, Order::Ascending)
        .map(|r| r.map(|(seq, addr)| ((seq,), addr)))
        .collect::<Result<_, _>>()?;
    let mut awards = Vec::with_capacity(winners.len());
    let mut total = Uint128::zero();
    for (_, bidder) in winners {
        let mut bid = BIDS.load(store, (auction_id, &bidder))?;
        if bid.units_won == 0 {
            continue;
        }
        let unit_price = match a.params.kind {
            AuctionKind::Propshare => bid
                .price
                .checked_div(Uint128::from(bid.units_won))
                .map_err(overflow)?,
            _ => a.clearing_price.unwrap_or(a.params.min_price),
        };
        bid.charged = unit_price
            .checked_mul(Uint128::from(bid.units_won))
            .map_err(overflow)?;
        total = total.checked_add(bid.charged).map_err(overflow)?;
        BIDS.save(store, (auction_id, &bidder), &bid)?;
        awards.push(Award {
            consumer: bidder.to_string(),
            units: bid.units_won,
            unit_price,
        });
    }
    if awards.is_empty() || total.is_zero() {
        a.outcome = Some(Outcome::NoSale);
        a.phase = Phase::Refund { after: None };
        return Ok(None);
    }
    a.settled_amount = total;
    a.phase = Phase::Refund { after: None };
    let msg: CosmosMsg = match &config.payment {
        Asset::Native { .. } => WasmMsg::Execute {
            contract_addr: a.market.to_string(),
            msg: to_json_binary(&MarketExecute::SettleAuction {
                offer_id: a.params.offer_id,
                awards,
            })?,
            funds: config.payment.coins(total),
        }
        .into(),
        Asset::Cw20 { contract } => WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: to_json_binary(&cw20::Cw20ExecuteMsg::Send {
                contract: a.market.to_string(),
                amount: total,
                msg: to_json_binary(&MarketReceive::SettleAuction {
                    offer_id: a.params.offer_id,
                    awards,
                })?,
            })?,
            funds: vec![],
        }
        .into(),
    };
    SETTLE_BUDGET.save(store, &budget_after)?;
    Ok(Some(SubMsg::reply_always(msg, auction_id)))
}

/// Records the settlement's outcome and pays the first page of refunds.
pub fn settlement_reply(deps: DepsMut, reply: Reply) -> Result<Response, ContractError> {
    let auction_id = reply.id;
    let config = CONFIG.load(deps.storage)?;
    let mut a = AUCTIONS
        .may_load(deps.storage, auction_id)?
        .ok_or(ContractError::UnexpectedReply { id: auction_id })?;
    let mut budget = SETTLE_BUDGET.may_load(deps.storage)?.unwrap_or_default();
    SETTLE_BUDGET.remove(deps.storage);
    let mut resp = Response::new()
        .add_attribute("action", "settlement")
        .add_attribute("auction_id", auction_id.to_string());
    match reply.result {
        SubMsgResult::Ok(_) => {
            a.outcome = Some(Outcome::Settled);
            a.escrow = a.escrow.checked_sub(a.settled_amount).map_err(overflow)?;
            resp = resp
                .add_attribute("outcome", "settled")
                .add_attribute("amount", a.settled_amount);
        }
        SubMsgResult::Err(err) => {
            a.outcome = Some(Outcome::Failed);
            a.settled_amount = Uint128::zero();
            resp = resp
                .add_attribute("outcome", "failed")
                .add_attribute("reason", err);
        }
    }
    resp = refund_page(deps.storage, &config, &mut a, auction_id, &mut budget, resp)?;
    finish_step(deps.storage, auction_id, &a, resp)
}

/// Pays out bids by bidder order (adding the payments to `resp`): winners their overpayment, losers everything,
/// unrevealed commitments everything but the penalty (forfeited to the provider), and
/// after a failed settlement everyone everything. The page starts where the auction's
/// refund phase stands; outside that phase `resp` comes back unchanged.
fn refund_page(
    store: &mut dyn Storage,
    config: &Config,
    a: &mut Auction,
    auction_id: u64,
    budget: &mut u64,
    resp: Response,
) -> Result<Response, ContractError> {
    let Phase::Refund { after } = a.phase.clone() else {
        return Ok(resp);
    };
    let want = *budget as usize;
    let (items, exhausted) = page_after(store, BIDS.prefix(auction_id), after.as_ref(), want)?;
    let failed = a.outcome == Some(Outcome::Failed);
    let sealed = is_sealed(a.params.kind);
    let mut msgs = vec![];
    let mut refunded = Uint128::zero();
    let mut forfeited = Uint128::zero();
    let mut last = after;
    for (bidder, mut bid) in items {
        *budget -= 1;
        if failed {
            bid.charged = Uint128::zero();
            bid.refunded = bid.deposit;
        } else if sealed && !bid.revealed {
            bid.forfeited = bid.deposit.mul_floor(a.unrevealed_penalty);
            bid.refunded = bid.deposit.checked_sub(bid.forfeited).map_err(overflow)?;
        } else {
            bid.refunded = bid.deposit.checked_sub(bid.charged).map_err(overflow)?;
        }
        bid.paid_out = true;
        refunded = refunded.checked_add(bid.refunded).map_err(overflow)?;
        forfeited = forfeited.checked_add(bid.forfeited).map_err(overflow)?;
        if let Some(m) = config.payment.pay(&bidder, bid.refunded)? {
            msgs.push(m);
        }
        if sealed {
            if bid.revealed {
                RANKED.remove(store, (auction_id, u128::MAX - bid.price.u128(), bid.seq));
            }
        } else {
            REMAINDERS.remove(
                store,
                (auction_id, u128::MAX - bid.remainder.u128(), bid.seq),
            );
        }
        WINNERS.remove(store, (auction_id, bid.seq));
        BIDS.save(store, (auction_id, &bidder), &bid)?;
        last = Some(bidder);
    }
    if let Some(m) = config.payment.pay(&a.provider, forfeited)? {
        msgs.push(m);
    }
    a.escrow = a
        .escrow
        .checked_sub(refunded.checked_add(forfeited).map_err(overflow)?)
        .map_err(overflow)?;
    a.refunded = a.refunded.checked_add(refunded).map_err(overflow)?;
    a.forfeited = a.forfeited.checked_add(forfeited).map_err(overflow)?;
    a.phase = if exhausted {
        Phase::Done
    } else {
        Phase::Refund { after: last }
    };
    Ok(resp
        .add_messages(msgs)
        .add_attribute("refunded", refunded.to_string())
        .add_attribute("forfeited", forfeited.to_string()))
}

/// Saves the auction after a step of clearing and reports the phase it reached.
fn finish_step(
    store: &mut dyn Storage,
    auction_id: u64,
    a: &Auction,
    resp: Response,
) -> Result<Response, ContractError> {
    AUCTIONS.save(store, auction_id, a)?;
    Ok(resp
        .add_attribute("phase", a.phase.name())
        .add_attribute("done", (a.phase == Phase::Done).to_string()))
}
