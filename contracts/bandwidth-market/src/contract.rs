#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Deps, DepsMut, Env, MessageInfo, Response, StdError,
    StdResult, Uint128,
};
use spectrum_types::admin::update_ownership;
use spectrum_types::bandwidth_market::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg, DEFAULT_EPOCH_SECONDS,
    DEFAULT_MAX_BULK_CONSUMERS,
};
use spectrum_types::error::{check_config_range, CommonError};
use spectrum_types::version::migrate_version;
use spectrum_types::{check_seconds, Asset, Paid, PaymentError, MAX_SECONDS};

use crate::error::ContractError;
use crate::execute::{self, check_max_bulk, Settlement};
use crate::grants::compact_last_allocation;
use crate::query;
use crate::state::{Config, CONFIG, GRANT_SEQ};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let admin = msg.admin.unwrap_or_else(|| info.sender.to_string());
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&admin))?;
    let epoch_seconds = check_seconds(
        "epoch_seconds",
        msg.epoch_seconds.unwrap_or(DEFAULT_EPOCH_SECONDS),
    )?;
    check_config_range("epoch_seconds", epoch_seconds, 1, MAX_SECONDS)?;
    let config = Config {
        payment: msg.payment.check(deps.api)?,
        reputation_gate: msg.reputation_gate.map(|g| g.check(deps.api)).transpose()?,
        epoch_seconds,
        genesis_time: check_seconds(
            "genesis_time",
            msg.genesis_time.unwrap_or(env.block.time.seconds()),
        )?,
        max_bulk_consumers: check_max_bulk(
            msg.max_bulk_consumers.unwrap_or(DEFAULT_MAX_BULK_CONSUMERS),
        )?,
        reputation_recorder: msg
            .reputation_recorder
            .map(|r| deps.api.addr_validate(&r))
            .transpose()?,
    };
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("payment", config.payment.to_string())
        .add_attribute("epoch_seconds", epoch_seconds.to_string())
        .add_attribute("genesis_time", config.genesis_time.to_string()))
}

/// The signature shared by the purchases: the market's config (loaded once per message),
/// the payment already checked, and the message.
type Purchase<M> = fn(DepsMut, Env, Config, Paid, Settlement, M) -> Result<Response, ContractError>;

/// A purchase paid directly, not through a cw20 `Send`: in the native coin attached to the
/// message, or out of the buyer's Bandcoin allowance. The allowance pays the provider with
/// one `TransferFrom` buyer → provider (the tokens never pass through the market); if the
/// allowance or the balance is short, that transfer fails and the whole purchase with it.
///
/// When nothing is paid (no coin attached, or a quoted price of 0 from an allowance), the
/// purchase is still priced first, so that it is refused for the same reason as its quote
/// (a price that rounds to 0 gives `PriceRoundsToZero`, a wrong price `PriceMismatch`);
/// only a purchase that would otherwise go through is refused for the missing payment.
fn direct_purchase<M>(
    deps: DepsMut,
    env: Env,
    info: &MessageInfo,
    price: Uint128,
    msg: M,
    purchase: Purchase<M>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let (paid, unpaid) = unpaid_as_zero(config.payment.direct_payment(info, price), || {
        Ok(info.sender.clone())
    })?;
    let settlement = match config.payment {
        Asset::Cw20 { .. } => Settlement::Allowance,
        Asset::Native { .. } => Settlement::Held,
    };
    priced_first(purchase(deps, env, config, paid, settlement, msg), unpaid)
}

/// A payment of nothing (no coin attached, or an amount of 0) as a zero `Paid` and the
/// error it would have been, so that the purchase is priced before the missing payment is
/// reported; any other payment error at once.
fn unpaid_as_zero(
    payment: Result<Paid, PaymentError>,
    payer: impl FnOnce() -> StdResult<Addr>,
) -> Result<(Paid, Option<PaymentError>), ContractError> {
    match payment {
        Ok(paid) => Ok((paid, None)),
        Err(e @ (PaymentError::ZeroPayment {} | PaymentError::NoFunds { .. })) => Ok((
            Paid {
                payer: payer()?,
                amount: Uint128::zero(),
            },
            Some(e),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The outcome of a purchase priced with nothing paid: its own refusal (a price that rounds
/// to 0, a wrong price, ...) when it has one, as its quote would answer; otherwise the
/// missing payment. A purchase is never free, so an unpaid one never succeeds.
fn priced_first(
    result: Result<Response, ContractError>,
    unpaid: Option<PaymentError>,
) -> Result<Response, ContractError> {
    match (result, unpaid) {
        (Ok(resp), None) => Ok(resp),
        (Ok(_), Some(e))
        | (
            Err(ContractError::Common(CommonError::Payment(PaymentError::WrongAmount { .. }))),
            Some(e),
        ) => Err(e.into()),
        (Err(e), _) => Err(e),
    }
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
        ExecuteMsg::UpdateConfig {
            max_bulk_consumers,
            reputation_gate,
            remove_reputation_gate,
            reputation_recorder,
        } => execute::update_config(
            deps,
            info,
            max_bulk_consumers,
            reputation_gate,
            remove_reputation_gate,
            reputation_recorder,
        ),
        ExecuteMsg::ApproveProvider { provider } => {
            execute::approve_provider(deps, info, provider, true)
        }
        ExecuteMsg::RemoveProvider { provider } => {
            execute::approve_provider(deps, info, provider, false)
        }
        ExecuteMsg::PostOffer(terms) => execute::post_offer(deps, env, info, terms),
        ExecuteMsg::UpdateOffer { offer_id, terms } => {
            execute::update_offer(deps, env, info, offer_id, terms)
        }
        ExecuteMsg::SetClearingHouse {
            offer_id,
            clearing_house,
        } => execute::set_clearing_house(deps, info, offer_id, clearing_house),
        ExecuteMsg::Allocate(msg) => {
            direct_purchase(deps, env, &info, msg.price, msg, execute::allocate)
        }
        ExecuteMsg::AllocateCommitted(msg) => direct_purchase(
            deps,
            env,
            &info,
            msg.price,
            msg,
            execute::allocate_committed,
        ),
        ExecuteMsg::SettleAuction { offer_id, awards } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.native_payment(&info)?;
            execute::settle_auction(deps, env, config, paid, offer_id, awards)
        }
        ExecuteMsg::Receive(receive) => {
            let config = CONFIG.load(deps.storage)?;
            let (paid, unpaid) = unpaid_as_zero(
                config.payment.cw20_payment(&info, &receive, deps.api),
                || deps.api.addr_validate(&receive.sender),
            )?;
            match from_json(&receive.msg)? {
                ReceiveMsg::Allocate(msg) => priced_first(
                    execute::allocate(deps, env, config, paid, Settlement::Held, msg),
                    unpaid,
                ),
                ReceiveMsg::AllocateCommitted(msg) => priced_first(
                    execute::allocate_committed(deps, env, config, paid, Settlement::Held, msg),
                    unpaid,
                ),
                ReceiveMsg::SettleAuction { offer_id, awards } => match unpaid {
                    Some(e) => Err(e.into()),
                    None => execute::settle_auction(deps, env, config, paid, offer_id, awards),
                },
            }
        }
        ExecuteMsg::RateGrant {
            grant_id,
            positive,
            quality,
        } => execute::rate_grant(deps, info, grant_id, positive, quality),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
        QueryMsg::Provider { provider } => to_json_binary(&query::provider(deps, provider)?),
        QueryMsg::CurrentEpoch {} => to_json_binary(&query::epoch(deps, env)?),
        QueryMsg::Offer { offer_id } => to_json_binary(&query::offer(deps, env, offer_id)?),
        QueryMsg::Offers {
            provider,
            start_after,
            limit,
        } => to_json_binary(&query::offers_by_provider(
            deps,
            env,
            provider,
            start_after,
            limit,
        )?),
        QueryMsg::Quote {
            offer_id,
            epoch,
            epoch_to,
            units,
            buyer,
        } => to_json_binary(&query::quote(
            deps, env, offer_id, epoch, epoch_to, units, buyer,
        )?),
        QueryMsg::Grant { grant_id } => to_json_binary(&query::grant(deps, grant_id)?),
        QueryMsg::GrantsByHolder {
            holder,
            start_after,
            limit,
        } => to_json_binary(&query::grants_by_holder(deps, holder, start_after, limit)?),
        QueryMsg::GrantsByOffer {
            offer_id,
            start_after,
            limit,
        } => to_json_binary(&query::grants_by_offer(deps, offer_id, start_after, limit)?),
        QueryMsg::Batch { batch_id } => to_json_binary(&query::batch(deps, batch_id)?),
        QueryMsg::VerifyGrant {
            batch_id,
            pubkey,
            index,
            proof,
        } => to_json_binary(&query::verify_grant(
            deps, env, batch_id, pubkey, index, proof,
        )?),
        QueryMsg::VerifyAccess {
            target,
            pubkey,
            challenge,
            signature,
        } => to_json_binary(&query::verify_access(
            deps, env, target, pubkey, challenge, signature,
        )?),
        QueryMsg::Rating { grant_id } => to_json_binary(&query::rating(deps, grant_id)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let (previous, response) = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    if (previous.major, previous.minor) < (0, 3) {
        // 0.3.0 writes records with short field names and reads both forms: the config,
        // which every purchase reads, is rewritten in the short form once; offers,
        // allocations and batches keep their 0.2.0 form until they next change.
        let config = CONFIG.load(deps.storage)?;
        CONFIG.save(deps.storage, &config)?;
    }
    if (previous.major, previous.minor) < (0, 4) {
        // 0.4.0 reads the next grant id from the last allocation record instead of
        // "grant_seq". That record is rewritten in the compact form (its keys moved apart),
        // so that the next purchase reads a few bytes; the other records keep their JSON
        // form, which 0.4.0 reads as it is. The two ids must agree before "grant_seq" goes.
        let next = GRANT_SEQ.may_load(deps.storage)?.unwrap_or(1);
        let derived = compact_last_allocation(deps.storage)?;
        if derived != next {
            return Err(StdError::generic_err(format!(
                "the grant sequence ({next}) does not follow the last allocation ({derived})"
            ))
            .into());
        }
        GRANT_SEQ.remove(deps.storage);
    }
    Ok(response)
}
