#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{to_json_binary, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use spectrum_types::admin::update_ownership;
use spectrum_types::check_hz;
use spectrum_types::error::CommonError;
use spectrum_types::gate::ensure_qualified;
use spectrum_types::unlicensed_pool::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, DEFAULT_MAX_MEMBERS,
    DEFAULT_MAX_SLOTS_PER_CLAIM, DEFAULT_ROUND_SLOTS, DEFAULT_TOKEN_VALUE_HZ_S, MAX_MEMBERS_LIMIT,
    MAX_SLOTS_PER_CLAIM_LIMIT,
};
use spectrum_types::version::migrate_version;

use crate::error::ContractError;
use crate::execute;
use crate::ledger::new_member;
use crate::query;
use crate::state::{Config, CONFIG, MEMBERS, MEMBER_COUNT, UNALLOCATED};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// Longest round, in seconds (10 years): keeps every timestamp the contract computes in range.
pub const MAX_ROUND_SECONDS: u64 = 10 * 365 * 24 * 3600;
/// cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

fn invalid(field: &str, reason: &str) -> ContractError {
    CommonError::invalid_config(field, reason).into()
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    spectrum_types::asset::assert_no_funds(&info)?;
    let admin = msg.admin.unwrap_or_else(|| info.sender.to_string());
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&admin))?;

    let config = Config {
        total_bandwidth_hz: check_hz("total_bandwidth_hz", msg.total_bandwidth_hz)?,
        token_value_hz_s: msg
            .token_value_hz_s
            .map(|v| v.u64())
            .unwrap_or(DEFAULT_TOKEN_VALUE_HZ_S),
        initial_supply: msg.initial_supply,
        slot_seconds: msg.slot_seconds,
        round_slots: msg.round_slots.unwrap_or(DEFAULT_ROUND_SLOTS),
        max_members: msg.max_members.unwrap_or(DEFAULT_MAX_MEMBERS),
        max_slots_per_claim: msg
            .max_slots_per_claim
            .unwrap_or(DEFAULT_MAX_SLOTS_PER_CLAIM),
        reputation_gate: msg.reputation_gate.map(|g| g.check(deps.api)).transpose()?,
    };
    if config.total_bandwidth_hz == 0 {
        return Err(invalid("total_bandwidth_hz", "must be positive"));
    }
    if config.token_value_hz_s == 0 {
        return Err(invalid("token_value_hz_s", "must be positive"));
    }
    if config.initial_supply.is_zero() {
        return Err(invalid("initial_supply", "must be positive"));
    }
    if config.slot_seconds == 0 {
        return Err(invalid("slot_seconds", "must be positive"));
    }
    if config.round_slots == 0 {
        return Err(invalid("round_slots", "must be positive"));
    }
    if config
        .slot_seconds
        .saturating_mul(u64::from(config.round_slots))
        > MAX_ROUND_SECONDS
    {
        return Err(invalid(
            "round_slots",
            &format!("slot_seconds × round_slots must be at most {MAX_ROUND_SECONDS} s (10 years)"),
        ));
    }
    if config.max_members == 0 || config.max_members > MAX_MEMBERS_LIMIT {
        return Err(invalid(
            "max_members",
            &format!("must be between 1 and {MAX_MEMBERS_LIMIT}"),
        ));
    }
    if config.max_slots_per_claim == 0 || config.max_slots_per_claim > MAX_SLOTS_PER_CLAIM_LIMIT {
        return Err(invalid(
            "max_slots_per_claim",
            &format!("must be between 1 and {MAX_SLOTS_PER_CLAIM_LIMIT}"),
        ));
    }
    if msg.members.len() > config.max_members as usize {
        return Err(ContractError::TooManyMembers {
            max: config.max_members,
        });
    }
    for member in &msg.members {
        let addr = deps.api.addr_validate(member)?;
        if MEMBERS.has(deps.storage, &addr) {
            return Err(ContractError::AlreadyMember {
                address: addr.to_string(),
            });
        }
        ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &addr)?;
        MEMBERS.save(deps.storage, &addr, &new_member(None))?;
    }
    CONFIG.save(deps.storage, &config)?;
    MEMBER_COUNT.save(deps.storage, &(msg.members.len() as u32))?;
    UNALLOCATED.save(deps.storage, &config.initial_supply)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("total_bandwidth_hz", config.total_bandwidth_hz.to_string())
        .add_attribute("token_value_hz_s", config.token_value_hz_s.to_string())
        .add_attribute("initial_supply", config.initial_supply)
        .add_attribute("slot_seconds", config.slot_seconds.to_string())
        .add_attribute("members", msg.members.len().to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::Claim {
            bandwidth_hz,
            slots,
        } => execute::claim(deps, env, info, bandwidth_hz, slots),
        ExecuteMsg::AddMember { address } => execute::add_member(deps, env, info, address),
        ExecuteMsg::RemoveMember { address } => execute::remove_member(deps, env, info, address),
        ExecuteMsg::StartRound {} => execute::start_round(deps, env, info),
        ExecuteMsg::UpdateOwnership(action) => Ok(update_ownership(deps, &env, &info, action)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Round {} => to_json_binary(&query::round(deps, env)?),
        QueryMsg::Balance { address } => to_json_binary(&query::balance(deps, address)?),
        QueryMsg::Balances { start_after, limit } => {
            to_json_binary(&query::balances(deps, start_after, limit)?)
        }
        QueryMsg::ClaimsForSlot {
            round,
            slot,
            start_after,
            limit,
        } => to_json_binary(&query::claims_for_slot(
            deps,
            round,
            slot,
            start_after,
            limit,
        )?),
        QueryMsg::FairShare {} => to_json_binary(&query::fair_share(deps)?),
        QueryMsg::MemberUsage {
            address,
            last_slots,
        } => to_json_binary(&query::member_usage(deps, env, address, last_slots)?),
        QueryMsg::SlotHistory {
            round,
            start_after,
            limit,
        } => to_json_binary(&query::slot_history(deps, round, start_after, limit)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let (_previous, response) = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response)
}
