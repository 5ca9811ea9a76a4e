//! The reputation gate: an optional `{ contract, min_score }` in a contract's config.
//! When set, the contract asks `node-reputation` whether an actor is qualified and
//! refuses unqualified actors with [`GateError::NotQualified`].

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Api, Decimal, QuerierWrapper, StdError};
use thiserror::Error;

use crate::node_reputation::{QualificationResponse, QueryMsg as ReputationQuery};

/// The gate as written in messages.
#[cw_serde]
pub struct ReputationGateMsg {
    /// Address of the node-reputation contract to ask.
    pub contract: String,
    /// Lowest normalised score (0 to 1) an actor needs, on top of being qualified there.
    pub min_score: Decimal,
}

/// The validated gate, as stored in config.
#[cw_serde]
pub struct ReputationGate {
    /// The node-reputation contract.
    pub contract: Addr,
    /// Lowest normalised score (0 to 1) an actor needs.
    pub min_score: Decimal,
}

/// Why an actor was refused by the gate.
#[derive(Error, Debug, PartialEq)]
pub enum GateError {
    #[error(
        "{address} is not qualified to trade (status {status}, score {score}, minimum {min_score})"
    )]
    NotQualified {
        address: String,
        status: String,
        score: Decimal,
        min_score: Decimal,
    },

    #[error("reputation gate min_score must be between 0 and 1, got {min_score}")]
    InvalidMinScore { min_score: Decimal },

    #[error("reputation contract did not answer: {reason}")]
    Unreachable { reason: String },
}

impl ReputationGateMsg {
    /// Validates the contract address and the score bound.
    pub fn check(&self, api: &dyn Api) -> Result<ReputationGate, StdError> {
        if self.min_score > Decimal::one() {
            return Err(StdError::generic_err(
                GateError::InvalidMinScore {
                    min_score: self.min_score,
                }
                .to_string(),
            ));
        }
        Ok(ReputationGate {
            contract: api.addr_validate(&self.contract)?,
            min_score: self.min_score,
        })
    }
}

impl ReputationGate {
    /// Asks node-reputation about `address` and refuses it unless it is qualified
    /// with at least `min_score`.
    pub fn ensure_qualified(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> Result<(), GateError> {
        let q: QualificationResponse = querier
            .query_wasm_smart(
                &self.contract,
                &ReputationQuery::Qualification {
                    address: address.to_string(),
                },
            )
            .map_err(|e| GateError::Unreachable {
                reason: e.to_string(),
            })?;
        if !q.qualified || q.score < self.min_score {
            return Err(GateError::NotQualified {
                address: address.to_string(),
                status: q.status.to_string(),
                score: q.score,
                min_score: self.min_score,
            });
        }
        Ok(())
    }
}

/// Checks `address` against an optional gate: without a gate everyone passes.
pub fn ensure_qualified(
    gate: Option<&ReputationGate>,
    querier: &QuerierWrapper,
    address: &Addr,
) -> Result<(), GateError> {
    match gate {
        Some(gate) => gate.ensure_qualified(querier, address),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node_reputation::NodeStatus;
    use cosmwasm_std::testing::{MockApi, MockQuerier};
    use cosmwasm_std::{from_json, to_json_binary, ContractResult, SystemResult, WasmQuery};

    fn querier_answering(resp: QualificationResponse) -> MockQuerier {
        let mut q = MockQuerier::new(&[]);
        q.update_wasm(move |req| match req {
            WasmQuery::Smart { msg, .. } => {
                let parsed: ReputationQuery = from_json(msg).unwrap();
                assert!(matches!(parsed, ReputationQuery::Qualification { .. }));
                SystemResult::Ok(ContractResult::Ok(to_json_binary(&resp).unwrap()))
            }
            _ => panic!("unexpected query"),
        });
        q
    }

    fn gate(min: &str) -> ReputationGate {
        ReputationGate {
            contract: MockApi::default().addr_make("reputation"),
            min_score: min.parse().unwrap(),
        }
    }

    #[test]
    fn qualified_actor_above_threshold_passes() {
        let raw = querier_answering(QualificationResponse {
            qualified: true,
            score: "0.8".parse().unwrap(),
            status: NodeStatus::Approved,
        });
        let querier = QuerierWrapper::new(&raw);
        let who = MockApi::default().addr_make("provider");
        assert_eq!(gate("0.5").ensure_qualified(&querier, &who), Ok(()));
        assert_eq!(ensure_qualified(None, &querier, &who), Ok(()));
    }

    #[test]
    fn suspended_or_low_score_actor_is_refused() {
        let who = MockApi::default().addr_make("provider");
        let raw = querier_answering(QualificationResponse {
            qualified: false,
            score: "0.9".parse().unwrap(),
            status: NodeStatus::Suspended,
        });
        let err = gate("0.5")
            .ensure_qualified(&QuerierWrapper::new(&raw), &who)
            .unwrap_err();
        assert!(matches!(err, GateError::NotQualified { ref status, .. } if status == "suspended"));

        let raw = querier_answering(QualificationResponse {
            qualified: true,
            score: "0.4".parse().unwrap(),
            status: NodeStatus::Approved,
        });
        let err = gate("0.5")
            .ensure_qualified(&QuerierWrapper::new(&raw), &who)
            .unwrap_err();
        assert!(matches!(err, GateError::NotQualified { .. }));
    }

    #[test]
    fn gate_message_validates_bounds() {
        let api = MockApi::default();
        let msg = ReputationGateMsg {
            contract: api.addr_make("reputation").to_string(),
            min_score: "1.01".parse().unwrap(),
        };
        assert!(msg.check(&api).is_err());
        let msg = ReputationGateMsg {
            min_score: Decimal::percent(50),
            ..msg
        };
        assert_eq!(msg.check(&api).unwrap().min_score, Decimal::percent(50));
    }
}
