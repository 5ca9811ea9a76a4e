#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{from_json, Binary, Deps, DepsMut, Env, MessageInfo, Response};
use spectrum_types::admin::update_ownership;
use spectrum_types::error::check_config_range;
use spectrum_types::node_reputation::TradeRating;
use spectrum_types::spectrum_lease::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg, DEFAULT_BUCKET_SECONDS,
    DEFAULT_HORIZON_BUCKETS, DEFAULT_MAX_LEASE_BUCKETS, MAX_BUCKETS_LIMIT,
};
use spectrum_types::version::migrate_version;
use spectrum_types::{check_seconds, MAX_SECONDS};

use crate::error::ContractError;
use crate::execute;
use crate::query;
use crate::state::{Config, CONFIG};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Checks the bucket configuration.
pub fn validate_buckets(config: &Config) -> Result<(), ContractError> {
    let bucket_seconds = check_seconds("bucket_seconds", config.bucket_seconds)?;
    check_config_range("bucket_seconds", bucket_seconds, 1, MAX_SECONDS)?;
    check_config_range(
        "max_lease_buckets",
        config.max_lease_buckets,
        1,
        MAX_BUCKETS_LIMIT,
    )?;
    check_config_range(
        "horizon_buckets",
        config.horizon_buckets,
        config.max_lease_buckets,
        MAX_BUCKETS_LIMIT,
    )?;
    Ok(())
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let admin = msg.admin.unwrap_or_else(|| info.sender.to_string());
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&admin))?;
    let config = Config {
        payment: msg.payment.check(deps.api)?,
        reputation_gate: msg.reputation_gate.map(|g| g.check(deps.api)).transpose()?,
        bucket_seconds: msg.bucket_seconds.unwrap_or(DEFAULT_BUCKET_SECONDS),
        max_lease_buckets: msg.max_lease_buckets.unwrap_or(DEFAULT_MAX_LEASE_BUCKETS),
        horizon_buckets: msg.horizon_buckets.unwrap_or(DEFAULT_HORIZON_BUCKETS),
        reputation_recorder: msg
            .reputation_recorder
            .map(|r| deps.api.addr_validate(&r))
            .transpose()?,
    };
    validate_buckets(&config)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("payment", config.payment.to_string())
        .add_attribute("bucket_seconds", config.bucket_seconds.to_string())
        .add_attribute("max_lease_buckets", config.max_lease_buckets.to_string())
        .add_attribute("horizon_buckets", config.horizon_buckets.to_string()))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    match msg {
        ExecuteMsg::UpdateOwnership(action) => Ok(update_ownership(deps, &env, &info, action)?),
        ExecuteMsg::Receive(receive) => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.cw20_payment(&info, &receive, deps.api)?;
            match from_json(&receive.msg)? {
                ReceiveMsg::RequestLease {
                    license_id,
                    bandwidth_hz,
                    start,
                    duration,
                } => execute::request_lease(
                    deps,
                    env,
                    paid,
                    license_id,
                    bandwidth_hz,
                    start,
                    duration,
                ),
                ReceiveMsg::RevokeLease { lease_id } => {
                    execute::revoke_lease(deps, env, paid.payer.clone(), Some(paid), lease_id)
                }
            }
        }
        ExecuteMsg::ApproveMno { mno } => execute::set_mno(deps, info, mno, true),
        ExecuteMsg::RemoveMno { mno } => execute::set_mno(deps, info, mno, false),
        ExecuteMsg::UpdateConfig {
            reputation_gate,
            remove_reputation_gate,
            reputation_recorder,
            remove_reputation_recorder,
        } => execute::update_config(
            deps,
            info,
            (reputation_gate, remove_reputation_gate),
            (reputation_recorder, remove_reputation_recorder),
        ),
        ExecuteMsg::RegisterLicense { terms } => execute::register_license(deps, env, info, terms),
        ExecuteMsg::UpdateLicense {
            license_id,
            price_per_hz_second,
            bandwidth_hz,
            interference_margin_hz,
        } => execute::update_license(
            deps,
            env,
            info,
            license_id,
            price_per_hz_second,
            bandwidth_hz,
            interference_margin_hz,
        ),
        ExecuteMsg::RetireLicense { license_id } => execute::retire_license(deps, info, license_id),
        ExecuteMsg::RequestLease {
            license_id,
            bandwidth_hz,
            start,
            duration,
        } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.native_payment(&info)?;
            execute::request_lease(deps, env, paid, license_id, bandwidth_hz, start, duration)
        }
        ExecuteMsg::ApproveLease { lease_id } => execute::approve_lease(deps, env, info, lease_id),
        ExecuteMsg::RejectLease { lease_id } => execute::reject_lease(deps, env, info, lease_id),
        ExecuteMsg::RefundLapsed { lease_id } => execute::refund_lapsed(deps, env, info, lease_id),
        ExecuteMsg::TerminateLease { lease_id } => {
            execute::terminate_lease(deps, env, info, lease_id)
        }
        ExecuteMsg::RevokeLease { lease_id } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = if info.funds.is_empty() {
                None
            } else {
                Some(config.payment.native_payment(&info)?)
            };
            execute::revoke_lease(deps, env, info.sender, paid, lease_id)
        }
        ExecuteMsg::ReportInterference {
            lease_id,
            level_cdbm,
            location,
            time,
            band,
        } => execute::report_interference(
            deps, env, info, lease_id, level_cdbm, location, time, band,
        ),
        ExecuteMsg::RateLease {
            lease_id,
            positive,
            quality,
        } => execute::rate_lease(deps, env, info, lease_id, TradeRating { positive, quality }),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    query::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let (_previous, response) = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response)
}
