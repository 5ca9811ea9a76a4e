use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Decimal, Storage};
use cw_storage_plus::{Item, Map};
use spectrum_types::node_reputation::{
    ApplicationStatus, NodeKind, NodeStatus, MAX_AUTHORIZED, MAX_REPORTERS,
};

use crate::error::ContractError;

/// The contract's configuration.
#[cw_serde]
pub struct Config {
    /// Votes that decide an application.
    pub quorum: u32,
    /// Lifetime of an application in seconds.
    pub application_expiry_seconds: u64,
    /// φ (fixed at instantiation: the score index depends on it).
    pub phi: Decimal,
    /// Suspension threshold on the normalised score.
    pub threshold: Decimal,
    /// Interactions before the threshold applies.
    pub min_interactions: u64,
    /// Seconds between two records of one approved operator about one node.
    pub operator_interval_seconds: u64,
}

/// What the contract knows about one participant: registration and running sums.
#[cw_serde]
pub struct Node {
    /// Kind from its latest application.
    pub kind: Option<NodeKind>,
    /// Stored status; Pending past `pending_until` reads as Rejected.
    pub status: NodeStatus,
    /// Expiry of the open application while Pending.
    pub pending_until: Option<u64>,
    /// Σ_i Tru_ij over the pairs with interactions.
    pub trusted_sum: Decimal,
    /// Σ_i Ind_ij over the pairs with interactions.
    pub indefinite_sum: Decimal,
    /// N: operators with at least one interaction with this node.
    pub raters: u64,
    /// Positive interactions received.
    pub positive: u64,
    /// Negative interactions received.
    pub negative: u64,
}

impl Default for Node {
    fn default() -> Self {
        Node {
            kind: None,
            status: NodeStatus::Unknown,
            pending_until: None,
            trusted_sum: Decimal::zero(),
            indefinite_sum: Decimal::zero(),
            raters: 0,
            positive: 0,
            negative: 0,
        }
    }
}

impl Node {
    /// The status at block time `now`: an expired application counts as rejected.
    pub fn status_at(&self, now: u64) -> NodeStatus {
        match (self.status, self.pending_until) {
            (NodeStatus::Pending, Some(until)) if now >= until => NodeStatus::Rejected,
            (status, _) => status,
        }
    }

    /// Whether the node belongs in the TopNodes index.
    pub fn selectable(&self) -> bool {
        self.status == NodeStatus::Approved && self.kind == Some(NodeKind::EdgeNode)
    }
}

/// One operator→node pair.
#[cw_serde]
#[derive(Default)]
pub struct Pair {
    /// Np.
    pub positive: u64,
    /// Nn.
    pub negative: u64,
    /// Σ of the reported qualities.
    pub quality_sum: Decimal,
    /// Block time of the last record sent by the operator itself.
    pub last_operator_record_at: Option<u64>,
}

/// An application to join.
#[cw_serde]
pub struct Application {
    /// Kind applied for.
    pub kind: NodeKind,
    /// Free text.
    pub metadata: String,
    /// Block time of the application.
    pub submitted_at: u64,
    /// Block time from which it counts as expired.
    pub expires_at: u64,
    /// Authorized nodes that approved it.
    pub approvals: Vec<Addr>,
    /// Authorized nodes that rejected it.
    pub rejections: Vec<Addr>,
    /// Pending, Approved or Rejected (Expired is never stored: it is Pending past expiry).
    pub status: ApplicationStatus,
}

impl Application {
    /// The status at block time `now`.
    pub fn status_at(&self, now: u64) -> ApplicationStatus {
        if self.status == ApplicationStatus::Pending && now >= self.expires_at {
            ApplicationStatus::Expired
        } else {
            self.status
        }
    }

    /// Key of this application in [`APPLICATIONS_BY_STATUS`].
    pub fn status_key(&self) -> (u8, u64) {
        match self.status {
            ApplicationStatus::Pending | ApplicationStatus::Expired => (0, self.expires_at),
            ApplicationStatus::Approved => (1, 0),
            ApplicationStatus::Rejected => (2, 0),
        }
    }
}

/// config
pub const CONFIG: Item<Config> = Item::new("config");
/// authorized node → ()
pub const AUTHORIZED: Map<&Addr, ()> = Map::new("authorized");
/// number of authorized nodes
pub const AUTHORIZED_COUNT: Item<u32> = Item::new("authorized_count");
/// reporter contract → ()
pub const REPORTERS: Map<&Addr, ()> = Map::new("reporters");
/// number of reporters
pub const REPORTER_COUNT: Item<u32> = Item::new("reporter_count");
/// participant → registration and running score sums
pub const NODES: Map<&Addr, Node> = Map::new("nodes");
/// (node, operator) → the pair's counters
pub const PAIRS: Map<(&Addr, &Addr), Pair> = Map::new("pairs");
/// applicant → its latest application
pub const APPLICATIONS: Map<&Addr, Application> = Map::new("applications");
/// (0 pending | 1 approved | 2 rejected, expires_at if pending else 0, applicant) → ()
pub const APPLICATIONS_BY_STATUS: Map<(u8, u64, &Addr), ()> = Map::new("apps_by_status");
/// (1 − score in Decimal atomics, edge node) → (): approved edge nodes, best first
pub const TOP_NODES: Map<(u128, &Addr), ()> = Map::new("top_nodes");

/// Refuses a quorum outside 1..=MAX_AUTHORIZED.
pub fn check_quorum(quorum: u32) -> Result<(), ContractError> {
    if quorum == 0 || quorum > MAX_AUTHORIZED {
        return Err(ContractError::InvalidQuorum {
            quorum,
            max: MAX_AUTHORIZED,
        });
    }
    Ok(())
}

/// Refuses a value above 1.
pub fn check_fraction(field: &str, value: Decimal) -> Result<(), ContractError> {
    if value > Decimal::one() {
        return Err(ContractError::NotAFraction {
            field: field.to_string(),
            value,
        });
    }
    Ok(())
}

/// The two address lists the admin keeps: authorized nodes (who vote on applications)
/// and reporters (who may record interactions for any operator), each with its count and
/// cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Roster {
    /// [`AUTHORIZED`], at most [`MAX_AUTHORIZED`].
    Authorized,
    /// [`REPORTERS`], at most [`MAX_REPORTERS`].
    Reporters,
}

impl Roster {
    fn entries(self) -> Map<&'static Addr, ()> {
        match self {
            Roster::Authorized => AUTHORIZED,
            Roster::Reporters => REPORTERS,
        }
    }

    fn count(self) -> Item<u32> {
        match self {
            Roster::Authorized => AUTHORIZED_COUNT,
            Roster::Reporters => REPORTER_COUNT,
        }
    }

    /// The attribute `action` of an admin change: `add_authorized`, `remove_reporter`, ….
    pub fn action(self, verb: &str) -> String {
        match self {
            Roster::Authorized => format!("{verb}_authorized"),
            Roster::Reporters => format!("{verb}_reporter"),
        }
    }

    /// Adds `addr`: refused if it is listed already or the list is full.
    pub fn add(self, store: &mut dyn Storage, addr: &Addr) -> Result<(), ContractError> {
        let address = addr.to_string();
        if self.entries().has(store, addr) {
            return Err(match self {
                Roster::Authorized => ContractError::AlreadyAuthorized { address },
                Roster::Reporters => ContractError::AlreadyReporter { address },
            });
        }
        let count = self.count().load(store)?;
        match self {
            Roster::Authorized if count >= MAX_AUTHORIZED => {
                return Err(ContractError::TooManyAuthorized {
                    max: MAX_AUTHORIZED,
                })
            }
            Roster::Reporters if count >= MAX_REPORTERS => {
                return Err(ContractError::TooManyReporters { max: MAX_REPORTERS })
            }
            _ => {}
        }
        self.entries().save(store, addr, &())?;
        self.count().save(store, &(count + 1))?;
        Ok(())
    }

    /// Removes `addr`: refused if it is not listed.
    pub fn remove(self, store: &mut dyn Storage, addr: &Addr) -> Result<(), ContractError> {
        let address = addr.to_string();
        if !self.entries().has(store, addr) {
            return Err(match self {
                Roster::Authorized => ContractError::AuthorizedNotFound { address },
                Roster::Reporters => ContractError::ReporterNotFound { address },
            });
        }
        self.entries().remove(store, addr);
        let count = self.count().load(store)?;
        self.count().save(store, &count.saturating_sub(1))?;
        Ok(())
    }
}
