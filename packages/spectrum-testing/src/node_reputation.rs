//! node-reputation in the suite: how it is deployed, and the suite's helpers for it.
//!
//! The suite deploys node-reputation with three seeded authorized nodes
//! ([`AUTHORIZED_LABELS`]), a quorum of 2, φ = 0.5 (so a freshly approved node scores
//! 0.5 and passes a gate with `min_score` up to 0.5), a suspension threshold of 0.3 after
//! 3 interactions, and no reporters: call [`Suite::register_suite_reporters`] to let the
//! market, auction, lease and pool record interactions.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal};
use cw_multi_test::{App, AppResponse, Executor};
use serde::de::DeserializeOwned;
use spectrum_types::node_reputation::{
    self, ApplicationResponse, ExecuteMsg, NodeKind, NodeResponse, NodeStatus, PairResponse,
    QualificationResponse, QueryMsg, TopNodesResponse,
};

use crate::context::{contract_err, instantiate, DeployContext, Suite};
use crate::contracts;

/// Labels of the authorized nodes seeded at deployment (`suite.addr(label)`).
pub const AUTHORIZED_LABELS: [&str; 3] = ["authorized-1", "authorized-2", "authorized-3"];
/// Approvals that accept an application in the suite.
pub const QUORUM: u32 = 2;
/// φ in the suite: also the score of a node nobody has rated.
pub const PHI_PERCENT: u64 = 50;
/// Suspension threshold in the suite.
pub const THRESHOLD_PERCENT: u64 = 30;
/// Interactions before the threshold applies, in the suite.
pub const MIN_INTERACTIONS: u64 = 3;
/// Application lifetime in the suite (one week).
pub const APPLICATION_EXPIRY_SECONDS: u64 = 7 * 24 * 3600;
/// Operator rate-limit interval in the suite (one hour).
pub const OPERATOR_INTERVAL_SECONDS: u64 = 3600;

/// The instantiate message the suite uses.
pub fn instantiate_msg(app: &App, admin: &Addr) -> node_reputation::InstantiateMsg {
    node_reputation::InstantiateMsg {
        admin: Some(admin.to_string()),
        quorum: QUORUM,
        application_expiry_seconds: APPLICATION_EXPIRY_SECONDS,
        phi: Decimal::percent(PHI_PERCENT),
        threshold: Decimal::percent(THRESHOLD_PERCENT),
        min_interactions: MIN_INTERACTIONS,
        operator_interval_seconds: OPERATOR_INTERVAL_SECONDS,
        authorized: AUTHORIZED_LABELS
            .iter()
            .map(|l| app.api().addr_make(l).to_string())
            .collect(),
        reporters: vec![],
    }
}

/// Deploys node-reputation as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    let msg = instantiate_msg(app, &ctx.admin);
    instantiate(
        app,
        contracts::node_reputation(),
        &ctx.admin,
        &msg,
        "node-reputation",
    )
}

/// The node-reputation error behind a failed call.
pub fn reputation_err<T: std::fmt::Debug>(
    result: AnyResult<T>,
) -> ::node_reputation::ContractError {
    contract_err(result)
}

/// A fresh suite in which `suite.addr("edge")` has applied as an edge node; returns the
/// suite, that applicant and the seeded authorized nodes (the voters).
pub fn reputation_setup_applicant() -> (Suite, Addr, Vec<Addr>) {
    let mut suite = Suite::builder().build();
    let node = suite.addr("edge");
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    let authorized = suite.reputation_authorized();
    (suite, node, authorized)
}

impl Suite {
    /// The seeded authorized nodes.
    pub fn reputation_authorized(&self) -> Vec<Addr> {
        AUTHORIZED_LABELS.iter().map(|l| self.addr(l)).collect()
    }

    /// Executes `msg` on node-reputation as `sender`.
    pub fn reputation_execute(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.reputation.clone(), msg, &[])
    }

    /// `who` applies to join as `kind`.
    pub fn reputation_apply(&mut self, who: &Addr, kind: NodeKind) -> AnyResult<AppResponse> {
        self.reputation_execute(
            who,
            &ExecuteMsg::Apply {
                kind,
                metadata: format!("{kind} {who}"),
            },
        )
    }

    /// Authorized `voter` approves (or rejects) `applicant`.
    pub fn reputation_vote(
        &mut self,
        voter: &Addr,
        applicant: &Addr,
        approve: bool,
    ) -> AnyResult<AppResponse> {
        let applicant = applicant.to_string();
        let msg = if approve {
            ExecuteMsg::Approve { applicant }
        } else {
            ExecuteMsg::Reject { applicant }
        };
        self.reputation_execute(voter, &msg)
    }

    /// Makes `addr` an approved participant of `kind`: applies and gets a quorum of
    /// approvals from the seeded authorized nodes. Panics if any step fails.
    pub fn approve_node(&mut self, addr: &Addr, kind: NodeKind) {
        self.reputation_apply(addr, kind).unwrap();
        self.approve_node_votes_only(addr);
    }

    /// A quorum of the seeded authorized nodes approves the open application of `addr`.
    /// Panics if any vote fails.
    pub fn approve_node_votes_only(&mut self, addr: &Addr) {
        for voter in self.reputation_authorized().iter().take(QUORUM as usize) {
            self.reputation_vote(voter, addr, true).unwrap();
        }
        assert!(self.reputation_qualification(addr).qualified);
    }

    /// The admin registers `reporter` as a reporter contract.
    pub fn register_reporter(&mut self, reporter: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.reputation_execute(
            &admin,
            &ExecuteMsg::AddReporter {
                address: reporter.to_string(),
            },
        )
    }

    /// The admin registers the suite's market, auction, lease and pool as reporters.
    pub fn register_suite_reporters(&mut self) {
        for reporter in [
            self.market.clone(),
            self.auction.clone(),
            self.lease.clone(),
            self.pool.clone(),
        ] {
            self.register_reporter(&reporter).unwrap();
        }
    }

    /// `sender` (a reporter, or the approved operator itself) records one interaction.
    pub fn record_interaction(
        &mut self,
        sender: &Addr,
        operator: &Addr,
        node: &Addr,
        positive: bool,
        quality: Decimal,
    ) -> AnyResult<AppResponse> {
        self.reputation_execute(
            sender,
            &ExecuteMsg::RecordInteraction {
                operator: operator.to_string(),
                node: node.to_string(),
                positive,
                quality,
            },
        )
    }

    /// Any node-reputation query.
    pub fn reputation_query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.reputation, msg)
            .expect("node-reputation query")
    }

    /// The gate's view of `addr`.
    pub fn reputation_qualification(&self, addr: &Addr) -> QualificationResponse {
        self.reputation_query(&QueryMsg::Qualification {
            address: addr.to_string(),
        })
    }

    /// Asserts the gate's status of `addr`.
    pub fn assert_reputation_status(&self, addr: &Addr, status: NodeStatus) {
        assert_eq!(
            self.reputation_qualification(addr).status,
            status,
            "reputation status of {addr}"
        );
    }

    /// Everything node-reputation knows about `addr`.
    pub fn reputation_node(&self, addr: &Addr) -> NodeResponse {
        self.reputation_query(&QueryMsg::Node {
            address: addr.to_string(),
        })
    }

    /// The latest application of `addr`.
    pub fn reputation_application(&self, addr: &Addr) -> ApplicationResponse {
        self.reputation_query(&QueryMsg::Application {
            address: addr.to_string(),
        })
    }

    /// The record of `operator` about `node`.
    pub fn reputation_pair(&self, operator: &Addr, node: &Addr) -> PairResponse {
        self.reputation_query(&QueryMsg::Pair {
            operator: operator.to_string(),
            node: node.to_string(),
        })
    }

    /// One page of approved edge nodes, best first.
    pub fn top_nodes(&self, start_after: Option<&Addr>, limit: Option<u32>) -> TopNodesResponse {
        self.reputation_query(&QueryMsg::TopNodes {
            start_after: start_after.map(|a| a.to_string()),
            limit,
        })
    }
}
