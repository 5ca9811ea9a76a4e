#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Binary, Decimal, Deps, DepsMut, Env, MessageInfo, Reply, Response,
    StdResult,
};
use spectrum_types::admin::update_ownership;
use spectrum_types::asset::assert_no_funds;
use spectrum_types::auction_clearing::{
    ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg, ReceiveMsg, DEFAULT_MAX_BIDS_PER_AUCTION,
    DEFAULT_MAX_BIDS_PER_TX, DEFAULT_UNREVEALED_PENALTY_PERCENT,
};
use spectrum_types::version::migrate_version;

use crate::error::ContractError;
use crate::state::{
    check_max_bids_per_auction, check_max_bids_per_tx, check_penalty, Config, CONFIG,
};
use crate::{clearing, execute, query};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let admin = msg.admin.unwrap_or_else(|| info.sender.to_string());
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&admin))?;
    let config = Config {
        payment: msg.payment.check(deps.api)?,
        market: msg.market.map(|m| deps.api.addr_validate(&m)).transpose()?,
        reputation_gate: msg.reputation_gate.map(|g| g.check(deps.api)).transpose()?,
        max_bids_per_tx: check_max_bids_per_tx(
            msg.max_bids_per_tx.unwrap_or(DEFAULT_MAX_BIDS_PER_TX),
        )?,
        max_bids_per_auction: check_max_bids_per_auction(
            msg.max_bids_per_auction
                .unwrap_or(DEFAULT_MAX_BIDS_PER_AUCTION),
        )?,
        unrevealed_penalty: check_penalty(
            msg.unrevealed_penalty
                .unwrap_or(Decimal::percent(DEFAULT_UNREVEALED_PENALTY_PERCENT)),
        )?,
    };
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("payment", config.payment.to_string())
        .add_attribute("max_bids_per_tx", config.max_bids_per_tx.to_string())
        .add_attribute("unrevealed_penalty", config.unrevealed_penalty.to_string()))
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
            market,
            reputation_gate,
            remove_reputation_gate,
            max_bids_per_tx,
            max_bids_per_auction,
            unrevealed_penalty,
        } => execute::update_config(
            deps,
            info,
            market,
            (reputation_gate, remove_reputation_gate),
            max_bids_per_tx,
            max_bids_per_auction,
            unrevealed_penalty,
        ),
        ExecuteMsg::CreateAuction(params) => execute::create_auction(deps, env, info, params),
        ExecuteMsg::Commit {
            auction_id,
            commitment,
        } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.native_payment(&info)?;
            execute::commit(deps, env, paid, auction_id, commitment)
        }
        ExecuteMsg::Reveal {
            auction_id,
            units,
            price,
            salt,
        } => execute::reveal(deps, env, info, auction_id, units, price, salt),
        ExecuteMsg::Bid { auction_id, price } => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.native_payment(&info)?;
            execute::bid(deps, env, paid, auction_id, price)
        }
        ExecuteMsg::Withdraw { auction_id } => execute::withdraw(deps, env, info, auction_id),
        ExecuteMsg::Clear { auction_id } => {
            assert_no_funds(&info)?;
            clearing::clear(deps, env, auction_id)
        }
        ExecuteMsg::Receive(receive) => {
            let config = CONFIG.load(deps.storage)?;
            let paid = config.payment.cw20_payment(&info, &receive, deps.api)?;
            match from_json(&receive.msg)? {
                ReceiveMsg::Commit {
                    auction_id,
                    commitment,
                } => execute::commit(deps, env, paid, auction_id, commitment),
                ReceiveMsg::Bid { auction_id, price } => {
                    execute::bid(deps, env, paid, auction_id, price)
                }
            }
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    clearing::settlement_reply(deps, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Config {} => to_json_binary(&query::config(deps)?),
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
        QueryMsg::ListAuctions {
            status,
            start_after,
            limit,
        } => to_json_binary(&query::list_auctions(
            deps,
            env,
            status,
            start_after,
            limit,
        )?),
        QueryMsg::GetAuction { auction_id } => {
            to_json_binary(&query::get_auction(deps, env, auction_id)?)
        }
        QueryMsg::ListBids {
            auction_id,
            start_after,
            limit,
        } => to_json_binary(&query::list_bids(
            deps,
            env,
            auction_id,
            start_after,
            limit,
        )?),
        QueryMsg::GetBid { auction_id, bidder } => {
            to_json_binary(&query::get_bid(deps, env, auction_id, bidder)?)
        }
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let (_previous, response) = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response)
}
