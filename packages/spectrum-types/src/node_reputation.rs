//! Messages of the `node-reputation` contract: trust from real interactions,
//! qualification and node selection (paper 004).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

pub use crate::version::MigrateMsg;

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration and seed the first authorized nodes;
    /// defaults to the sender.
    pub admin: Option<String>,
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
    /// Whether `address` may trade: the gate every other contract calls.
    #[returns(QualificationResponse)]
    Qualification {
        /// The account asked about.
        address: String,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
}

/// Where a participant stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum NodeStatus {
    /// Never applied.
    Unknown,
    /// Applied, waiting for a quorum of authorized nodes.
    Pending,
    /// Approved: may trade while its score stays above the threshold.
    Approved,
    /// The application was rejected or expired.
    Rejected,
    /// Lost its qualification through a low score.
    Suspended,
}

impl std::fmt::Display for NodeStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            NodeStatus::Unknown => "unknown",
            NodeStatus::Pending => "pending",
            NodeStatus::Approved => "approved",
            NodeStatus::Rejected => "rejected",
            NodeStatus::Suspended => "suspended",
        };
        f.write_str(s)
    }
}

/// Answer to [`QueryMsg::Qualification`].
#[cw_serde]
pub struct QualificationResponse {
    /// True when the address may trade.
    pub qualified: bool,
    /// Normalised reputation in [0, 1].
    pub score: Decimal,
    /// Registration status.
    pub status: NodeStatus,
}
