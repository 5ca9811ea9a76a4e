//! unlicensed-pool in the suite: how it is deployed, and the suite's helpers for it.
//!
//! The suite's default pool is the paper's setting: W = 540 MHz, 1 token = 180 kHz·s,
//! M = 1800 tokens, one-second slots, 60 slots a round, no members yet. Tests that need
//! another setting call [`Suite::redeploy_pool`].

use anyhow::Result as AnyResult;
use cosmwasm_std::{
    from_json, to_json_binary, to_json_vec, Addr, Binary, Decimal, Deps, DepsMut, Env, MessageInfo,
    Response, StdResult, Timestamp, Uint128,
};
use cw_multi_test::{App, AppResponse, ContractWrapper, Executor};
use serde::{Deserialize, Serialize};
use spectrum_types::node_reputation::{NodeStatus, QualificationResponse};
use spectrum_types::unlicensed_pool::{
    BalanceResponse, BalancesResponse, ClaimsForSlotResponse, ConfigResponse, ExecuteMsg,
    FairShareResponse, InstantiateMsg, MemberUsageResponse, QueryMsg, RoundResponse,
    SlotHistoryResponse, MICRO_PER_TOKEN,
};

use crate::context::{contract_err, instantiate, DeployContext, Suite};
use crate::contracts;

/// One token in micro-tokens.
pub const TOKEN: u128 = MICRO_PER_TOKEN;
/// 1 MHz in Hz.
pub const MHZ: u64 = 1_000_000;
/// The paper's total bandwidth: 540 MHz in the 5 GHz band.
pub const PAPER_BANDWIDTH_HZ: u64 = 540 * MHZ;
/// The paper's supply: 1800 tokens, in micro-tokens.
pub const PAPER_SUPPLY: u128 = 1800 * TOKEN;

/// The instantiate message of the suite's default pool, with `members`.
pub fn paper_instantiate_msg(admin: &Addr, members: &[Addr]) -> InstantiateMsg {
    InstantiateMsg {
        admin: Some(admin.to_string()),
        total_bandwidth_hz: PAPER_BANDWIDTH_HZ,
        token_value_hz_s: None,
        initial_supply: Uint128::new(PAPER_SUPPLY),
        slot_seconds: 1,
        round_slots: None,
        max_members: None,
        max_slots_per_claim: None,
        members: members.iter().map(|m| m.to_string()).collect(),
        reputation_gate: None,
    }
}

/// A suite whose pool is the paper's with the members `labels`, its instantiate message
/// first changed by `change`; returns the suite and the members' addresses.
pub fn pool_setup(labels: &[&str], change: impl FnOnce(&mut InstantiateMsg)) -> (Suite, Vec<Addr>) {
    let mut suite = Suite::builder().build();
    let members: Vec<Addr> = labels.iter().map(|l| suite.addr(l)).collect();
    let mut msg = paper_instantiate_msg(&suite.admin, &members);
    change(&mut msg);
    suite.redeploy_pool(&msg).unwrap();
    (suite, members)
}

/// [`pool_setup`] with the paper's setting unchanged and a round started.
pub fn pool_setup_started(labels: &[&str]) -> (Suite, Vec<Addr>) {
    let (mut suite, members) = pool_setup(labels, |_| {});
    suite.pool_start_round().unwrap();
    (suite, members)
}

/// Deploys unlicensed-pool as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::unlicensed_pool(),
        &ctx.admin,
        &paper_instantiate_msg(&ctx.admin, &[]),
        "unlicensed-pool",
    )
}

/// The unlicensed-pool error behind a failed call.
pub fn pool_err<T: std::fmt::Debug>(result: AnyResult<T>) -> ::unlicensed_pool::ContractError {
    contract_err(result)
}

impl Suite {
    /// Replaces the suite's pool with a new one instantiated by the admin with `msg`.
    pub fn redeploy_pool(&mut self, msg: &InstantiateMsg) -> AnyResult<Addr> {
        let pool = self.pool_try_instantiate(msg)?;
        self.pool = pool.clone();
        Ok(pool)
    }

    /// Stores the pool's code once more; returns its code id (a migration target).
    pub fn pool_store_code(&mut self) -> u64 {
        self.app.store_code(contracts::unlicensed_pool())
    }

    /// The admin instantiates another pool with `msg` (the suite's pool stays).
    pub fn pool_try_instantiate(&mut self, msg: &InstantiateMsg) -> AnyResult<Addr> {
        let code_id = self.pool_store_code();
        self.app.instantiate_contract(
            code_id,
            self.admin.clone(),
            msg,
            &[],
            "unlicensed-pool",
            Some(self.admin.to_string()),
        )
    }

    /// Moves the clock to the start of slot `slot` of the pool's round.
    pub fn pool_goto_slot_start(&mut self, slot: u32) {
        let (round, cfg) = (self.pool_round(), self.pool_config());
        let target = Timestamp::from_seconds(
            round.first_slot_start.unwrap() + cfg.slot_seconds * u64::from(slot),
        );
        self.app.update_block(|b| {
            assert!(b.time <= target, "cannot go back in time");
            b.time = target;
            b.height += 1;
        });
    }

    /// `sender` executes `msg` on the pool.
    pub fn pool_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.pool.clone(), msg, &[])
    }

    /// `member` claims `bandwidth_hz` for `slots` coming slots.
    pub fn pool_claim(
        &mut self,
        member: &Addr,
        bandwidth_hz: u64,
        slots: u32,
    ) -> AnyResult<AppResponse> {
        self.pool_execute(
            member,
            &ExecuteMsg::Claim {
                bandwidth_hz,
                slots,
            },
        )
    }

    /// The admin adds `member`.
    pub fn pool_add_member(&mut self, member: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.pool_execute(
            &admin,
            &ExecuteMsg::AddMember {
                address: member.to_string(),
            },
        )
    }

    /// The admin removes `member`.
    pub fn pool_remove_member(&mut self, member: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.pool_execute(
            &admin,
            &ExecuteMsg::RemoveMember {
                address: member.to_string(),
            },
        )
    }

    /// The admin starts a round.
    pub fn pool_start_round(&mut self) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.pool_execute(&admin, &ExecuteMsg::StartRound {})
    }

    /// Any pool query, the contract's refusal included.
    pub fn pool_try_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(&self.pool, msg)
    }

    /// Any pool query.
    pub fn pool_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.pool_try_query(msg).unwrap()
    }

    /// The pool's configuration.
    pub fn pool_config(&self) -> ConfigResponse {
        self.pool_query(&QueryMsg::Config {})
    }

    /// The pool's round.
    pub fn pool_round(&self) -> RoundResponse {
        self.pool_query(&QueryMsg::Round {})
    }

    /// A member's pool balance in micro-tokens.
    pub fn pool_balance(&self, member: &Addr) -> u128 {
        let resp: BalanceResponse = self.pool_query(&QueryMsg::Balance {
            address: member.to_string(),
        });
        resp.balance.u128()
    }

    /// Every member's pool balance, in address order (walks all pages).
    pub fn pool_balances(&self) -> Vec<(Addr, u128)> {
        let mut out: Vec<(Addr, u128)> = vec![];
        loop {
            let page: BalancesResponse = self.pool_query(&QueryMsg::Balances {
                start_after: out.last().map(|(a, _)| a.to_string()),
                limit: Some(spectrum_types::MAX_LIMIT),
            });
            if page.balances.is_empty() {
                return out;
            }
            out.extend(
                page.balances
                    .into_iter()
                    .map(|b| (b.address, b.balance.u128())),
            );
        }
    }

    /// The total use of one slot of the current round and all its claims (walks all
    /// pages).
    pub fn pool_claims_for_slot(&self, slot: u32) -> (u64, Vec<(Addr, u64)>) {
        let mut out: Vec<(Addr, u64)> = vec![];
        loop {
            let page: ClaimsForSlotResponse = self.pool_query(&QueryMsg::ClaimsForSlot {
                round: None,
                slot,
                start_after: out.last().map(|(a, _)| a.to_string()),
                limit: Some(spectrum_types::MAX_LIMIT),
            });
            if page.claims.is_empty() {
                return (page.used_hz, out);
            }
            out.extend(page.claims.into_iter().map(|c| (c.member, c.bandwidth_hz)));
        }
    }

    /// The fair share W/n.
    pub fn pool_fair_share(&self) -> FairShareResponse {
        self.pool_query(&QueryMsg::FairShare {})
    }

    /// A member's use over the last `last_slots` slots, or the pool's refusal.
    pub fn pool_member_usage(
        &self,
        member: &Addr,
        last_slots: u32,
    ) -> StdResult<MemberUsageResponse> {
        self.pool_try_query(&QueryMsg::MemberUsage {
            address: member.to_string(),
            last_slots,
        })
    }

    /// A page of slot totals of the current round.
    pub fn pool_slot_history(
        &self,
        start_after: Option<u32>,
        limit: Option<u32>,
    ) -> SlotHistoryResponse {
        self.pool_query(&QueryMsg::SlotHistory {
            round: None,
            start_after,
            limit,
        })
    }

    /// Deploys a stand-in node-reputation that finds exactly `qualified` qualified (score
    /// 1, approved) and everyone else not (score 0, suspended).
    pub fn deploy_stub_reputation(&mut self, qualified: &[Addr]) -> Addr {
        let code = self.app.store_code(Box::new(ContractWrapper::new(
            stub_reputation_set,
            stub_reputation_set,
            stub_reputation_query,
        )));
        let msg = StubReputationMsg::of(qualified);
        self.app
            .instantiate_contract(code, self.admin.clone(), &msg, &[], "stub-reputation", None)
            .unwrap()
    }

    /// The stand-in node-reputation `stub` now finds exactly `qualified` qualified.
    pub fn set_stub_reputation(&mut self, stub: &Addr, qualified: &[Addr]) {
        let msg = StubReputationMsg::of(qualified);
        self.app
            .execute_contract(self.admin.clone(), stub.clone(), &msg, &[])
            .unwrap();
    }

    /// Asserts that the members' balances and the unallocated supply add up to M.
    pub fn assert_pool_supply_is(&self, supply: u128) {
        let round = self.pool_round();
        let held: u128 = self.pool_balances().iter().map(|(_, b)| b).sum();
        assert_eq!(
            held + round.unallocated.u128(),
            supply,
            "pool supply drifted"
        );
        assert_eq!(round.supply.u128(), supply, "pool reports another supply");
    }
}

/// Instantiate and execute message of the stand-in node-reputation: who is qualified.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StubReputationMsg {
    /// The qualified addresses.
    pub qualified: Vec<String>,
}

impl StubReputationMsg {
    fn of(qualified: &[Addr]) -> Self {
        Self {
            qualified: qualified.iter().map(|a| a.to_string()).collect(),
        }
    }
}

/// The one query of node-reputation a reputation gate asks.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum StubReputationQuery {
    /// Whether `address` is qualified.
    Qualification {
        /// The address asked about.
        address: String,
    },
}

const STUB_QUALIFIED_KEY: &[u8] = b"qualified";

fn stub_reputation_set(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: StubReputationMsg,
) -> StdResult<Response> {
    deps.storage
        .set(STUB_QUALIFIED_KEY, &to_json_vec(&msg.qualified)?);
    Ok(Response::new())
}

fn stub_reputation_query(deps: Deps, _env: Env, msg: StubReputationQuery) -> StdResult<Binary> {
    let StubReputationQuery::Qualification { address } = msg;
    let stored = deps.storage.get(STUB_QUALIFIED_KEY).unwrap_or_default();
    let qualified = from_json::<Vec<String>>(&stored)?.contains(&address);
    to_json_binary(&QualificationResponse {
        qualified,
        score: if qualified {
            Decimal::one()
        } else {
            Decimal::zero()
        },
        status: if qualified {
            NodeStatus::Approved
        } else {
            NodeStatus::Suspended
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suite_pool_runs_a_round_of_the_paper_setting() {
        let mut suite = Suite::builder().build();
        let config = suite.pool_config();
        assert_eq!(config.total_bandwidth_hz, PAPER_BANDWIDTH_HZ);
        assert_eq!(config.initial_supply, Uint128::new(PAPER_SUPPLY));
        let (op1, op2) = (suite.addr("op1"), suite.addr("op2"));
        suite.pool_add_member(&op1).unwrap();
        suite.pool_add_member(&op2).unwrap();
        suite.pool_start_round().unwrap();
        assert_eq!(suite.pool_fair_share().fair_share_hz, 270_000_000);
        // 90 MHz for one second costs 500 tokens, all of which go to op2.
        suite.pool_claim(&op1, 90_000_000, 1).unwrap();
        assert_eq!(suite.pool_balance(&op1), 400 * MICRO_PER_TOKEN);
        assert_eq!(suite.pool_balance(&op2), 1400 * MICRO_PER_TOKEN);
        assert_eq!(suite.pool_claims_for_slot(0).0, 90_000_000);
        suite.advance_seconds(2);
        assert_eq!(
            suite.pool_member_usage(&op1, 5).unwrap().total_hz_slots,
            Uint128::new(90_000_000)
        );
        assert_eq!(suite.pool_slot_history(None, None).slots.len(), 1);
        suite.assert_pool_supply_is(PAPER_SUPPLY);
        // Another setting replaces the suite's pool.
        let mut msg = paper_instantiate_msg(&suite.admin, std::slice::from_ref(&op1));
        msg.round_slots = Some(5);
        let pool = suite.redeploy_pool(&msg).unwrap();
        assert_eq!(suite.pool, pool);
        assert_eq!(suite.pool_config().round_slots, 5);
        assert_eq!(suite.pool_round().round, 0);
        suite
            .pool_execute(&op1, &ExecuteMsg::StartRound {})
            .unwrap_err();
    }
}
