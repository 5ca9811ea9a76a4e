//! Messages of the `bandwidth-market` contract: providers post bandwidth offers, buyers allocate grants (paper 002 §5.1–5.2).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::Addr;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::{Asset, AssetUnchecked, ReputationGate, ReputationGateMsg};

pub use crate::version::MigrateMsg;

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration (never users' funds); defaults to the sender.
    pub admin: Option<String>,
    /// The asset payments are made in: a native denom or the Bandcoin cw20 token.
    pub payment: AssetUnchecked,
    /// Optional reputation gate: actors must be qualified in node-reputation.
    pub reputation_gate: Option<ReputationGateMsg>,
}

/// Executes an action.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {}

/// Queries the contract.
#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// The payment asset.
    pub payment: Asset,
    /// The reputation gate, if configured.
    pub reputation_gate: Option<ReputationGate>,
}
