//! Execute handlers: claims, membership and rounds.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Uint128};
use spectrum_types::asset::assert_no_funds;
use spectrum_types::gate::ensure_qualified;
use spectrum_types::split::{equal_shares, remainder_count};

use crate::error::ContractError;
use crate::math::{claim_cost, coming_slot, round_end};
use crate::state::{
    Config, Round, SlotTotals, BALANCES, CLAIMS, CONFIG, MEMBER_COUNT, ROUND, SLOTS, SPLIT_OFFSET,
    UNALLOCATED,
};

/// All members in address order. Bounded: at most `max_members` (≤ 100) keys exist.
fn members(deps: &DepsMut, config: &Config) -> StdResult<Vec<(Addr, Uint128)>> {
    BALANCES
        .range(deps.storage, None, None, Order::Ascending)
        .take(config.max_members as usize)
        .collect()
}

/// The shares of `total` among `n` recipients with the rotating remainder offset, which is
/// advanced by the remainder so that the extra micro-tokens go round the members. Also
/// returns the position (in the recipients' address order) of the first extra micro-token.
fn split(deps: &mut DepsMut, total: Uint128, n: usize) -> StdResult<(Vec<Uint128>, usize)> {
    let offset = SPLIT_OFFSET.load(deps.storage)?;
    let first = (offset % n.max(1) as u64) as usize;
    let shares = equal_shares(total, n, first);
    let advanced = offset.wrapping_add(remainder_count(total, n) as u64);
    SPLIT_OFFSET.save(deps.storage, &advanced)?;
    Ok((shares, first))
}

/// Refuses member changes while a round is in progress.
fn ensure_between_rounds(deps: &DepsMut, env: &Env, config: &Config) -> Result<(), ContractError> {
    if let Some(round) = ROUND.may_load(deps.storage)? {
        let end = round_end(config, &round);
        if env.block.time < end {
            return Err(ContractError::RoundInProgress {
                round: round.id,
                ends_at: end,
            });
        }
    }
    Ok(())
}

pub fn claim(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    bandwidth_hz: u64,
    slots: u32,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    if bandwidth_hz == 0 {
        return Err(ContractError::ZeroBandwidth {});
    }
    if bandwidth_hz > config.total_bandwidth_hz {
        return Err(ContractError::ExceedsTotalBandwidth {
            requested: bandwidth_hz,
            total: config.total_bandwidth_hz,
        });
    }
    if slots == 0 {
        return Err(ContractError::ZeroSlots {});
    }
    if slots > config.max_slots_per_claim {
        return Err(ContractError::TooManySlots {
            requested: slots,
            max: config.max_slots_per_claim,
        });
    }
    let member = info.sender;
    let balance =
        BALANCES
            .may_load(deps.storage, &member)?
            .ok_or_else(|| ContractError::NotMember {
                address: member.to_string(),
            })?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &member)?;
    let round = ROUND
        .may_load(deps.storage)?
        .ok_or(ContractError::NoActiveRound {})?;
    let first =
        coming_slot(&config, &round, env.block.time).ok_or(ContractError::NoActiveRound {})?;
    let last = u64::from(first) + u64::from(slots) - 1;
    if last >= u64::from(config.round_slots) {
        return Err(ContractError::BeyondRound {
            last_slot: last,
            round_slots: config.round_slots,
        });
    }

    // Capacity: every slot keeps at most W claimed.
    let mut totals = Vec::with_capacity(slots as usize);
    for slot in first..first + slots {
        let t = SLOTS
            .may_load(deps.storage, (round.id, slot))?
            .unwrap_or(SlotTotals {
                used_hz: 0,
                claimants: 0,
            });
        let available = config.total_bandwidth_hz - t.used_hz;
        if bandwidth_hz > available {
            return Err(ContractError::SlotFull {
                slot,
                requested: bandwidth_hz,
                available,
            });
        }
        totals.push((slot, t));
    }

    let cost = claim_cost(
        bandwidth_hz,
        config.slot_seconds,
        slots,
        config.token_value_hz_s,
    )?;
    if cost > balance {
        return Err(ContractError::InsufficientBalance { cost, balance });
    }

    // Pay: the cost leaves the claimant and is shared equally by every other member.
    let others: Vec<(Addr, Uint128)> = members(&deps, &config)?
        .into_iter()
        .filter(|(addr, _)| *addr != member)
        .collect();
    let (new_balance, remainder_from) = if others.is_empty() {
        // A sole member has nobody to pay: the tokens stay with it.
        (balance, 0)
    } else {
        let (shares, first) = split(&mut deps, cost, others.len())?;
        for ((addr, other_balance), share) in others.iter().zip(shares) {
            BALANCES.save(deps.storage, addr, &other_balance.checked_add(share)?)?;
        }
        (balance.checked_sub(cost)?, first)
    };
    BALANCES.save(deps.storage, &member, &new_balance)?;

    // Record the bandwidth in every slot.
    for (slot, mut t) in totals {
        let key = (round.id, slot, &member);
        let held = CLAIMS.may_load(deps.storage, key)?;
        if held.is_none() {
            t.claimants += 1;
        }
        CLAIMS.save(deps.storage, key, &(held.unwrap_or(0) + bandwidth_hz))?;
        t.used_hz += bandwidth_hz;
        SLOTS.save(deps.storage, (round.id, slot), &t)?;
    }

    Ok(Response::new()
        .add_attribute("action", "claim")
        .add_attribute("member", member)
        .add_attribute("round", round.id.to_string())
        .add_attribute("first_slot", first.to_string())
        .add_attribute("slots", slots.to_string())
        .add_attribute("bandwidth_hz", bandwidth_hz.to_string())
        .add_attribute("cost", cost)
        .add_attribute("recipients", others.len().to_string())
        .add_attribute("remainder_from", remainder_from.to_string())
        .add_attribute("balance", new_balance))
}

pub fn add_member(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_between_rounds(&deps, &env, &config)?;
    let addr = deps.api.addr_validate(&address)?;
    if BALANCES.has(deps.storage, &addr) {
        return Err(ContractError::AlreadyMember { address });
    }
    let count = MEMBER_COUNT.load(deps.storage)?;
    if count >= config.max_members {
        return Err(ContractError::TooManyMembers {
            max: config.max_members,
        });
    }
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &addr)?;
    BALANCES.save(deps.storage, &addr, &Uint128::zero())?;
    MEMBER_COUNT.save(deps.storage, &(count + 1))?;
    Ok(Response::new()
        .add_attribute("action", "add_member")
        .add_attribute("member", addr)
        .add_attribute("members", (count + 1).to_string()))
}

pub fn remove_member(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_between_rounds(&deps, &env, &config)?;
    let addr = deps.api.addr_validate(&address)?;
    let balance = BALANCES
        .may_load(deps.storage, &addr)?
        .ok_or(ContractError::NotMember { address })?;
    BALANCES.remove(deps.storage, &addr);
    let unallocated = UNALLOCATED.load(deps.storage)?.checked_add(balance)?;
    UNALLOCATED.save(deps.storage, &unallocated)?;
    let count = MEMBER_COUNT.load(deps.storage)? - 1;
    MEMBER_COUNT.save(deps.storage, &count)?;
    Ok(Response::new()
        .add_attribute("action", "remove_member")
        .add_attribute("member", addr)
        .add_attribute("returned", balance)
        .add_attribute("members", count.to_string()))
}

pub fn start_round(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_between_rounds(&deps, &env, &config)?;
    let members = members(&deps, &config)?;
    if members.is_empty() {
        return Err(ContractError::NoMembers {});
    }
    // Everything the members and the pool hold is the supply M; share it out again.
    let (shares, remainder_from) = split(&mut deps, config.initial_supply, members.len())?;
    for ((addr, _), share) in members.iter().zip(&shares) {
        BALANCES.save(deps.storage, addr, share)?;
    }
    UNALLOCATED.save(deps.storage, &Uint128::zero())?;
    let id = ROUND.may_load(deps.storage)?.map_or(0, |r| r.id) + 1;
    let round = Round {
        id,
        first_slot_start: env.block.time.plus_seconds(config.slot_seconds),
    };
    ROUND.save(deps.storage, &round)?;
    let end = round_end(&config, &round);
    Ok(Response::new()
        .add_attribute("action", "start_round")
        .add_attribute("round", id.to_string())
        .add_attribute("members", members.len().to_string())
        .add_attribute("supply", config.initial_supply)
        .add_attribute(
            "base_share",
            (config.initial_supply.u128() / shares.len() as u128).to_string(),
        )
        .add_attribute("remainder_from", remainder_from.to_string())
        .add_attribute(
            "first_slot_start",
            round.first_slot_start.seconds().to_string(),
        )
        .add_attribute("end", end.seconds().to_string()))
}
