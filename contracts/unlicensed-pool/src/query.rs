//! Query handlers.

use cosmwasm_std::{Deps, Env, Order, StdError, StdResult, Uint128, Uint64};
use spectrum_types::pagination::{page, start_after_addr};
use spectrum_types::unlicensed_pool::{
    BalanceResponse, BalancesResponse, ClaimsForSlotResponse, ConfigResponse, FairShareResponse,
    MemberUsageResponse, RoundResponse, SlotClaim, SlotHistoryResponse, SlotInfo, SlotUsage,
    MAX_USAGE_SLOTS,
};

use crate::error::ContractError;
use crate::ledger::{load_settled, settle};
use crate::math::{coming_slot, current_slot, round_end};
use crate::state::{CLAIMS, CONFIG, MEMBERS, MEMBER_COUNT, ROUND, SLOTS, UNALLOCATED};

pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin: cw_ownable::get_ownership(deps.storage)?.owner,
        total_bandwidth_hz: config.total_bandwidth_hz,
        token_value_hz_s: Uint64::new(config.token_value_hz_s),
        initial_supply: config.initial_supply,
        slot_seconds: config.slot_seconds,
        round_slots: config.round_slots,
        max_members: config.max_members,
        max_slots_per_claim: config.max_slots_per_claim,
        reputation_gate: config.reputation_gate,
    })
}

pub fn round(deps: Deps, env: Env) -> StdResult<RoundResponse> {
    let config = CONFIG.load(deps.storage)?;
    let unallocated = UNALLOCATED.load(deps.storage)?;
    let current = ROUND.may_load(deps.storage)?;
    // Bounded: at most max_members (≤ 100) balances.
    let held = MEMBERS
        .range(deps.storage, None, None, Order::Ascending)
        .take(config.max_members as usize)
        .try_fold(Uint128::zero(), |sum, item| {
            let (_, entry) = item?;
            Ok::<_, StdError>(sum.checked_add(settle(&entry, current.as_ref())?.balance)?)
        })?;
    let members = MEMBER_COUNT.load(deps.storage)?;
    let supply = held.checked_add(unallocated)?;
    let now = env.block.time;
    Ok(match current {
        None => RoundResponse {
            round: 0,
            first_slot_start: None,
            end: None,
            in_progress: false,
            current_slot: None,
            coming_slot: None,
            members,
            supply,
            unallocated,
        },
        Some(round) => {
            let end = round_end(&config, &round);
            RoundResponse {
                round: round.id,
                first_slot_start: Some(round.first_slot_start.seconds()),
                end: Some(end.seconds()),
                in_progress: now < end,
                current_slot: current_slot(&config, &round, now),
                coming_slot: coming_slot(&config, &round, now),
                members,
                supply,
                unallocated,
            }
        }
    })
}

pub fn balance(deps: Deps, address: String) -> StdResult<BalanceResponse> {
    let address = deps.api.addr_validate(&address)?;
    let round = ROUND.may_load(deps.storage)?;
    let entry = load_settled(deps.storage, &address, round.as_ref())?.ok_or_else(|| {
        StdError::generic_err(
            ContractError::NotMember {
                address: address.to_string(),
            }
            .to_string(),
        )
    })?;
    Ok(BalanceResponse {
        address,
        balance: entry.balance,
    })
}

pub fn balances(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<BalancesResponse> {
    let start = start_after_addr(deps.api, start_after)?;
    let round = ROUND.may_load(deps.storage)?;
    let balances = page(start.as_ref(), limit, |min, order| {
        MEMBERS.range(deps.storage, min, None, order)
    })
    .map(|item| {
        let (address, entry) = item?;
        let balance = settle(&entry, round.as_ref())?.balance;
        Ok(BalanceResponse { address, balance })
    })
    .collect::<StdResult<_>>()?;
    Ok(BalancesResponse { balances })
}

fn round_or_current(deps: Deps, round: Option<u64>) -> StdResult<u64> {
    match round {
        Some(r) => Ok(r),
        None => Ok(ROUND.may_load(deps.storage)?.map_or(0, |r| r.id)),
    }
}

pub fn claims_for_slot(
    deps: Deps,
    round: Option<u64>,
    slot: u32,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ClaimsForSlotResponse> {
    let config = CONFIG.load(deps.storage)?;
    let round = round_or_current(deps, round)?;
    let start = start_after_addr(deps.api, start_after)?;
    let used_hz = SLOTS
        .may_load(deps.storage, (round, slot))?
        .map_or(0, |t| t.used_hz);
    let claims = page(start.as_ref(), limit, |min, order| {
        CLAIMS
            .prefix((round, slot))
            .range(deps.storage, min, None, order)
    })
    .map(|item| {
        item.map(|(member, hz)| SlotClaim {
            member,
            bandwidth_hz: hz,
        })
    })
    .collect::<StdResult<_>>()?;
    Ok(ClaimsForSlotResponse {
        round,
        slot,
        used_hz,
        free_hz: config.total_bandwidth_hz.saturating_sub(used_hz),
        claims,
    })
}

pub fn fair_share(deps: Deps) -> StdResult<FairShareResponse> {
    let config = CONFIG.load(deps.storage)?;
    let members = MEMBER_COUNT.load(deps.storage)?;
    let fair_share_hz = config
        .total_bandwidth_hz
        .checked_div(u64::from(members))
        .unwrap_or(0);
    Ok(FairShareResponse {
        total_bandwidth_hz: config.total_bandwidth_hz,
        members,
        fair_share_hz,
    })
}

pub fn member_usage(
    deps: Deps,
    env: Env,
    address: String,
    last_slots: u32,
) -> StdResult<MemberUsageResponse> {
    if last_slots == 0 || last_slots > MAX_USAGE_SLOTS {
        return Err(StdError::generic_err(
            ContractError::InvalidUsageWindow {
                requested: last_slots,
                max: MAX_USAGE_SLOTS,
            }
            .to_string(),
        ));
    }
    let config = CONFIG.load(deps.storage)?;
    let address = deps.api.addr_validate(&address)?;
    let round = ROUND.may_load(deps.storage)?;
    let mut resp = MemberUsageResponse {
        address: address.clone(),
        round: round.as_ref().map_or(0, |r| r.id),
        from_slot: None,
        to_slot: None,
        slots: vec![],
        total_hz_slots: Uint128::zero(),
        average_hz: 0,
    };
    let Some(round) = round else {
        return Ok(resp);
    };
    let now = env.block.time;
    // The window ends with the slot in progress, or the last slot once the round is over.
    let to = if now >= round_end(&config, &round) {
        config.round_slots - 1
    } else {
        match current_slot(&config, &round, now) {
            Some(slot) => slot,
            None => return Ok(resp),
        }
    };
    let from = to.saturating_sub(last_slots - 1);
    let mut total = Uint128::zero();
    for slot in from..=to {
        if let Some(hz) = CLAIMS.may_load(deps.storage, (round.id, slot, &address))? {
            total += Uint128::from(hz);
            resp.slots.push(SlotUsage {
                slot,
                bandwidth_hz: hz,
            });
        }
    }
    let window = u128::from(to - from + 1);
    resp.from_slot = Some(from);
    resp.to_slot = Some(to);
    resp.total_hz_slots = total;
    resp.average_hz = (total.u128() / window) as u64;
    Ok(resp)
}

pub fn slot_history(
    deps: Deps,
    round: Option<u64>,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> StdResult<SlotHistoryResponse> {
    let round = round_or_current(deps, round)?;
    let slots = page(start_after, limit, |min, order| {
        SLOTS.prefix(round).range(deps.storage, min, None, order)
    })
    .map(|item| {
        item.map(|(slot, t)| SlotInfo {
            slot,
            used_hz: t.used_hz,
            claimants: t.claimants,
        })
    })
    .collect::<StdResult<_>>()?;
    Ok(SlotHistoryResponse { round, slots })
}
