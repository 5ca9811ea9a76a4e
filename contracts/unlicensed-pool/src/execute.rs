//! Execute handlers: claims, membership and rounds.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Timestamp, Uint128};
use spectrum_types::asset::assert_no_funds;
use spectrum_types::gate::ensure_qualified;

use crate::error::ContractError;
use crate::ledger::{load_settled, new_member, share_of};
use crate::math::{claim_cost, coming_slot, round_end};
use crate::state::{
    Config, Round, SlotTotals, CLAIMS, CONFIG, MEMBERS, MEMBER_COUNT, ROUND, SLOTS, UNALLOCATED,
};

/// Adds `amount` to the micro-tokens held by no member.
fn add_unallocated(deps: &mut DepsMut, amount: Uint128) -> Result<(), ContractError> {
    if !amount.is_zero() {
        let total = UNALLOCATED.load(deps.storage)?.checked_add(amount)?;
        UNALLOCATED.save(deps.storage, &total)?;
    }
    Ok(())
}

/// Refuses member changes while a round is in progress.
fn ensure_between_rounds(deps: &DepsMut, env: &Env, config: &Config) -> Result<(), ContractError> {
    if let Some(round) = ROUND.may_load(deps.storage)? {
        let end = round_end(config, &round);
        if env.block.time < end {
            return Err(ContractError::RoundInProgress {
                round: round.id,
                ends_at: end.seconds(),
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
    let round = ROUND.may_load(deps.storage)?;
    let mut entry = load_settled(deps.storage, &member, round.as_ref())?.ok_or_else(|| {
        ContractError::NotMember {
            address: member.to_string(),
        }
    })?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &member)?;
    let mut round = round.ok_or(ContractError::NoActiveRound {})?;
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
    if cost > entry.balance {
        return Err(ContractError::InsufficientBalance {
            cost,
            balance: entry.balance,
        });
    }

    // Pay: the cost leaves the claimant and is shared equally by every other member, through
    // the round's credit index (see the ledger module). A sole member has nobody to pay.
    let recipients = round.members.saturating_sub(1);
    let (share, remainder) = share_of(cost, round.members);
    if recipients > 0 {
        entry.balance = entry.balance.checked_sub(cost)?;
        round.credit_per_member = round.credit_per_member.checked_add(share)?;
        entry.credit_seen = round.credit_per_member;
        ROUND.save(deps.storage, &round)?;
        add_unallocated(&mut deps, remainder)?;
    }
    MEMBERS.save(deps.storage, &member, &entry)?;

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
        .add_attribute("recipients", recipients.to_string())
        .add_attribute("share", share)
        .add_attribute("to_pool", remainder)
        .add_attribute("balance", entry.balance))
}

/// The checks of a membership change: no funds, the admin, between rounds, a valid
/// address. Returns the configuration and the address.
fn admin_member_change(
    deps: &DepsMut,
    env: &Env,
    info: &MessageInfo,
    address: &str,
) -> Result<(Config, Addr), ContractError> {
    assert_no_funds(info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_between_rounds(deps, env, &config)?;
    Ok((config, deps.api.addr_validate(address)?))
}

pub fn add_member(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    let (config, addr) = admin_member_change(&deps, &env, &info, &address)?;
    if MEMBERS.has(deps.storage, &addr) {
        return Err(ContractError::AlreadyMember { address });
    }
    let count = MEMBER_COUNT.load(deps.storage)?;
    if count >= config.max_members {
        return Err(ContractError::TooManyMembers {
            max: config.max_members,
        });
    }
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &addr)?;
    let round = ROUND.may_load(deps.storage)?;
    MEMBERS.save(deps.storage, &addr, &new_member(round.as_ref()))?;
    MEMBER_COUNT.save(deps.storage, &(count + 1))?;
    Ok(Response::new()
        .add_attribute("action", "add_member")
        .add_attribute("member", addr)
        .add_attribute("members", (count + 1).to_string()))
}

pub fn remove_member(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
) -> Result<Response, ContractError> {
    let (_, addr) = admin_member_change(&deps, &env, &info, &address)?;
    let round = ROUND.may_load(deps.storage)?;
    let balance = load_settled(deps.storage, &addr, round.as_ref())?
        .ok_or(ContractError::NotMember { address })?
        .balance;
    MEMBERS.remove(deps.storage, &addr);
    add_unallocated(&mut deps, balance)?;
    let count = MEMBER_COUNT.load(deps.storage)? - 1;
    MEMBER_COUNT.save(deps.storage, &count)?;
    Ok(Response::new()
        .add_attribute("action", "remove_member")
        .add_attribute("member", addr)
        .add_attribute("returned", balance)
        .add_attribute("members", count.to_string()))
}

pub fn start_round(deps: DepsMut, env: Env, info: MessageInfo) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_between_rounds(&deps, &env, &config)?;
    let members = MEMBER_COUNT.load(deps.storage)?;
    if members == 0 {
        return Err(ContractError::NoMembers {});
    }
    // Everything the members and the pool hold is the supply M; share it out again. Every
    // entry is from an earlier round, so the ledger reads each balance as the base share.
    let n = u128::from(members);
    let base_share = Uint128::new(config.initial_supply.u128() / n);
    let unallocated = Uint128::new(config.initial_supply.u128() % n);
    UNALLOCATED.save(deps.storage, &unallocated)?;
    let id = ROUND.may_load(deps.storage)?.map_or(0, |r| r.id) + 1;
    let round = Round {
        id,
        // Slots begin on whole seconds, so the seconds every query reports are exact.
        first_slot_start: Timestamp::from_seconds(env.block.time.seconds() + config.slot_seconds),
        members,
        base_share,
        credit_per_member: Uint128::zero(),
    };
    ROUND.save(deps.storage, &round)?;
    let end = round_end(&config, &round);
    Ok(Response::new()
        .add_attribute("action", "start_round")
        .add_attribute("round", id.to_string())
        .add_attribute("members", members.to_string())
        .add_attribute("supply", config.initial_supply)
        .add_attribute("base_share", base_share)
        .add_attribute("unallocated", unallocated)
        .add_attribute(
            "first_slot_start",
            round.first_slot_start.seconds().to_string(),
        )
        .add_attribute("end", end.seconds().to_string()))
}
