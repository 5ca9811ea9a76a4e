//! Messages of the `node-reputation` contract: trust from real interactions,
//! qualification and node selection (paper 004).
//!
//! Per operator→node pair the contract keeps the positive and negative interaction
//! counts and the sum of reported qualities; from them it derives the paper's trusted,
//! untrusted and indefinite values (eq. 5) and the node reputation (eq. 6).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

pub use crate::version::MigrateMsg;

/// Longest application metadata accepted, in bytes.
pub const MAX_METADATA_LEN: usize = 512;
/// Most authorized (approving) nodes the contract keeps.
pub const MAX_AUTHORIZED: u32 = 50;
/// Most reporter contracts the contract keeps.
pub const MAX_REPORTERS: u32 = 20;

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration, seed the authorized nodes and register
    /// reporters; defaults to the sender.
    pub admin: Option<String>,
    /// Votes needed to decide an application: `quorum` approvals accept it, `quorum`
    /// rejections reject it. At least 1, at most [`MAX_AUTHORIZED`].
    pub quorum: u32,
    /// Seconds an application stays open; once past, it counts as expired (rejected).
    /// At least 1.
    pub application_expiry_seconds: u64,
    /// The paper's probability coefficient φ in [0, 1]: how much an indefinite share
    /// counts towards reputation. Also the score of a node nobody has rated yet. Fixed
    /// for the life of the contract (the score index depends on it).
    pub phi: Decimal,
    /// Normalised score in [0, 1] below which an approved node, once it has received at
    /// least `min_interactions`, is suspended.
    pub threshold: Decimal,
    /// Interactions (positive plus negative, from all operators) a node must have
    /// received before the threshold applies to it.
    pub min_interactions: u64,
    /// Seconds an approved operator must wait between two records of its own about the
    /// same node (reporter contracts are not rate limited).
    pub operator_interval_seconds: u64,
    /// Authorized nodes to seed (at most [`MAX_AUTHORIZED`]); more can be added by the admin.
    #[serde(default)]
    pub authorized: Vec<String>,
    /// Reporter contracts to register (at most [`MAX_REPORTERS`]).
    #[serde(default)]
    pub reporters: Vec<String>,
}

/// The two kinds of participants of the paper.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum NodeKind {
    /// A terrestrial edge (computing) node: rated by operators, selectable by TopNodes.
    EdgeNode,
    /// A spectrum operator: once approved, may record its own interactions with nodes.
    Operator,
}

impl std::fmt::Display for NodeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NodeKind::EdgeNode => "edge_node",
            NodeKind::Operator => "operator",
        })
    }
}

/// Executes an action.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Anyone without an open application who is not approved: applies to join as
    /// `kind`. Suspended and rejected participants re-apply this way; their interaction
    /// history is kept. Costs nothing; send no funds.
    Apply {
        /// Edge node or operator.
        kind: NodeKind,
        /// Free text shown to the authorized nodes (at most [`MAX_METADATA_LEN`] bytes).
        metadata: String,
    },
    /// Only an authorized node: approves an open application. The `quorum`-th approval
    /// accepts it (status Approved).
    Approve {
        /// The applicant's address.
        applicant: String,
    },
    /// Only an authorized node: rejects an open application. The `quorum`-th rejection
    /// rejects it (status Rejected).
    Reject {
        /// The applicant's address.
        applicant: String,
    },
    /// A registered reporter contract (for any operator), or an approved operator (for
    /// itself as `operator`, at most once per pair per `operator_interval_seconds`):
    /// records one interaction of `operator` with `node`. May suspend `node`.
    RecordInteraction {
        /// The rating side (the paper's operator i).
        operator: String,
        /// The rated side (the paper's edge node j); must differ from `operator`.
        node: String,
        /// Whether the interaction went well (counts in Np) or not (Nn).
        positive: bool,
        /// The quality of communication suc in [0, 1].
        quality: Decimal,
    },
    /// Only the admin: adds an authorized node (at most [`MAX_AUTHORIZED`]).
    AddAuthorized {
        /// The node's address.
        address: String,
    },
    /// Only the admin: removes an authorized node. Votes it already cast stay counted.
    RemoveAuthorized {
        /// The node's address.
        address: String,
    },
    /// Only the admin: registers a reporter contract (at most [`MAX_REPORTERS`]).
    AddReporter {
        /// The contract's address.
        address: String,
    },
    /// Only the admin: unregisters a reporter contract.
    RemoveReporter {
        /// The contract's address.
        address: String,
    },
    /// Only the admin: changes the configuration; omitted fields stay. φ cannot change.
    /// A new threshold applies to a node at its next recorded interaction.
    UpdateConfig {
        /// New quorum (1 to [`MAX_AUTHORIZED`]); applies to votes cast from now on.
        quorum: Option<u32>,
        /// New application lifetime in seconds (at least 1), for new applications.
        application_expiry_seconds: Option<u64>,
        /// New suspension threshold in [0, 1].
        threshold: Option<Decimal>,
        /// New minimum number of interactions before the threshold applies.
        min_interactions: Option<u64>,
        /// New operator rate-limit interval in seconds.
        operator_interval_seconds: Option<u64>,
    },
}

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
    /// Everything known about one participant: status, kind, counters and score.
    #[returns(NodeResponse)]
    Node {
        /// The participant.
        address: String,
    },
    /// The latest application of `address` (its status evaluated at the current time).
    #[returns(ApplicationResponse)]
    Application {
        /// The applicant.
        address: String,
    },
    /// Applications, optionally only those with `status` (evaluated at the current
    /// time). Without a filter, ordered by applicant address; with one, Pending and
    /// Expired pages are ordered by expiry time, the others by address.
    #[returns(ApplicationsResponse)]
    Applications {
        /// Only applications with this status.
        status: Option<ApplicationStatus>,
        /// Applicant after which to start (exclusive).
        start_after: Option<String>,
        /// Page size: default 10, at most 30.
        limit: Option<u32>,
    },
    /// The interaction record of `operator` about `node` and its eq. 5 values.
    #[returns(PairResponse)]
    Pair {
        /// The rating operator.
        operator: String,
        /// The rated node.
        node: String,
    },
    /// Approved edge nodes, best normalised score first (ties by address).
    #[returns(TopNodesResponse)]
    TopNodes {
        /// Node after which to start (exclusive): the last address of the previous page.
        start_after: Option<String>,
        /// Page size: default 10, at most 30.
        limit: Option<u32>,
    },
    /// The registered reporter contracts, by address.
    #[returns(AddressesResponse)]
    Reporters {
        /// Address after which to start (exclusive).
        start_after: Option<String>,
        /// Page size: default 10, at most 30.
        limit: Option<u32>,
    },
    /// The authorized nodes, by address.
    #[returns(AddressesResponse)]
    Authorized {
        /// Address after which to start (exclusive).
        start_after: Option<String>,
        /// Page size: default 10, at most 30.
        limit: Option<u32>,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// Votes that decide an application.
    pub quorum: u32,
    /// Lifetime of an application in seconds.
    pub application_expiry_seconds: u64,
    /// φ: weight of the indefinite share; also the score of an unrated node.
    pub phi: Decimal,
    /// Suspension threshold on the normalised score.
    pub threshold: Decimal,
    /// Interactions a node needs before the threshold applies.
    pub min_interactions: u64,
    /// Seconds between two records of one approved operator about one node.
    pub operator_interval_seconds: u64,
    /// Number of authorized nodes.
    pub authorized_count: u32,
    /// Number of reporter contracts.
    pub reporter_count: u32,
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

/// Where an application stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ApplicationStatus {
    /// Open: waiting for votes and not yet expired.
    Pending,
    /// Accepted by a quorum of approvals.
    Approved,
    /// Refused by a quorum of rejections.
    Rejected,
    /// Not decided before its expiry time; counts as rejected.
    Expired,
}

impl std::fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApplicationStatus::Pending => "pending",
            ApplicationStatus::Approved => "approved",
            ApplicationStatus::Rejected => "rejected",
            ApplicationStatus::Expired => "expired",
        })
    }
}

/// Answer to [`QueryMsg::Qualification`].
#[cw_serde]
pub struct QualificationResponse {
    /// True when the address may trade: its status is Approved.
    pub qualified: bool,
    /// Normalised reputation in [0, 1] (φ for a node nobody has rated).
    pub score: Decimal,
    /// Registration status.
    pub status: NodeStatus,
}

/// Answer to [`QueryMsg::Node`].
#[cw_serde]
pub struct NodeResponse {
    /// The participant.
    pub address: Addr,
    /// Registration status (an expired application shows as Rejected).
    pub status: NodeStatus,
    /// Kind from its latest application, if it ever applied.
    pub kind: Option<NodeKind>,
    /// Normalised score rep_j / N in [0, 1]; φ when N = 0.
    pub score: Decimal,
    /// rep_j = Σ_i (Tru_ij + φ·Ind_ij) over the operators that rated it (eq. 6).
    pub reputation: Decimal,
    /// N: operators with at least one interaction with this node.
    pub raters: u64,
    /// Σ_i Tru_ij.
    pub trusted_sum: Decimal,
    /// Σ_i Ind_ij.
    pub indefinite_sum: Decimal,
    /// Positive interactions received from all operators.
    pub positive: u64,
    /// Negative interactions received from all operators.
    pub negative: u64,
}

/// Answer to [`QueryMsg::Application`].
#[cw_serde]
pub struct ApplicationResponse {
    /// The applicant.
    pub applicant: Addr,
    /// The kind applied for.
    pub kind: NodeKind,
    /// Free text from the applicant.
    pub metadata: String,
    /// Block time (seconds) of the application.
    pub submitted_at: u64,
    /// Block time (seconds) from which the application counts as expired.
    pub expires_at: u64,
    /// Authorized nodes that approved it.
    pub approvals: Vec<Addr>,
    /// Authorized nodes that rejected it.
    pub rejections: Vec<Addr>,
    /// Status at the current block time.
    pub status: ApplicationStatus,
}

/// Answer to [`QueryMsg::Applications`].
#[cw_serde]
pub struct ApplicationsResponse {
    /// One page of applications.
    pub applications: Vec<ApplicationResponse>,
}

/// Answer to [`QueryMsg::Pair`]: eq. 5 for one operator→node pair.
#[cw_serde]
pub struct PairResponse {
    /// The rating operator.
    pub operator: Addr,
    /// The rated node.
    pub node: Addr,
    /// Np.
    pub positive: u64,
    /// Nn.
    pub negative: u64,
    /// suc: the mean of the reported qualities (0 without interactions).
    pub quality: Decimal,
    /// Tru = (1 − Ind)·Np/(Np+Nn).
    pub trusted: Decimal,
    /// Unt = (1 − Ind)·Nn/(Np+Nn) (computed as 1 − Ind − Tru so the three sum to 1).
    pub untrusted: Decimal,
    /// Ind = 1 − suc (1 without interactions).
    pub indefinite: Decimal,
    /// Block time of the last record by the operator itself, if any (rate limit).
    pub last_operator_record_at: Option<u64>,
}

/// One entry of [`TopNodesResponse`].
#[cw_serde]
pub struct NodeScore {
    /// The edge node.
    pub address: Addr,
    /// Its normalised score.
    pub score: Decimal,
    /// Operators that rated it.
    pub raters: u64,
}

/// Answer to [`QueryMsg::TopNodes`].
#[cw_serde]
pub struct TopNodesResponse {
    /// Approved edge nodes, best first.
    pub nodes: Vec<NodeScore>,
}

/// Answer to [`QueryMsg::Reporters`] and [`QueryMsg::Authorized`].
#[cw_serde]
pub struct AddressesResponse {
    /// One page of addresses.
    pub addresses: Vec<Addr>,
}

/// How every contract's counterparties rate each other after a trade (a market grant,
/// a lease): whether it went well, and the quality of the interaction from 0 to 100.
/// Recorded in node-reputation as one interaction with `quality / 100` as suc.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct TradeRating {
    /// Whether the trade went well (counts in Np) or not (Nn).
    pub positive: bool,
    /// Quality of the interaction, 0 to 100 (the paper's suc in percent).
    pub quality: u8,
}

impl TradeRating {
    /// The highest quality.
    pub const MAX_QUALITY: u8 = 100;

    /// True when the quality is within 0 to 100.
    pub fn is_valid(&self) -> bool {
        self.quality <= Self::MAX_QUALITY
    }

    /// The node-reputation message that records this rating of `node` by `operator`.
    pub fn record_msg(&self, operator: &Addr, node: &Addr) -> ExecuteMsg {
        ExecuteMsg::RecordInteraction {
            operator: operator.to_string(),
            node: node.to_string(),
            positive: self.positive,
            quality: Decimal::percent(u64::from(self.quality)),
        }
    }
}

#[cfg(test)]
mod trade_rating_tests {
    use super::*;

    #[test]
    fn rating_maps_quality_percent_to_suc() {
        let rating = TradeRating {
            positive: false,
            quality: 80,
        };
        assert!(rating.is_valid());
        assert!(!TradeRating {
            positive: true,
            quality: 101
        }
        .is_valid());
        let msg = rating.record_msg(&Addr::unchecked("mo"), &Addr::unchecked("mno"));
        assert_eq!(
            msg,
            ExecuteMsg::RecordInteraction {
                operator: "mo".into(),
                node: "mno".into(),
                positive: false,
                quality: Decimal::percent(80),
            }
        );
    }
}
