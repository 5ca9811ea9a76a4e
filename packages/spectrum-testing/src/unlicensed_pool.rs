//! unlicensed-pool in the suite: how it is deployed, and the suite's helpers for it.
//!
//! The suite's default pool is the paper's setting: W = 540 MHz, 1 token = 180 kHz·s,
//! M = 1800 tokens, one-second slots, 60 slots a round, no members yet. Tests that need
//! another setting call [`Suite::redeploy_pool`].

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use spectrum_types::unlicensed_pool::{
    BalanceResponse, BalancesResponse, ClaimsForSlotResponse, ConfigResponse, ExecuteMsg,
    FairShareResponse, InstantiateMsg, MemberUsageResponse, QueryMsg, RoundResponse,
    SlotHistoryResponse, MICRO_PER_TOKEN,
};

use crate::context::{contract_err, instantiate, DeployContext, Suite};
use crate::contracts;

/// The paper's total bandwidth: 540 MHz in the 5 GHz band.
pub const PAPER_BANDWIDTH_HZ: u64 = 540_000_000;
/// The paper's supply: 1800 tokens, in micro-tokens.
pub const PAPER_SUPPLY: u128 = 1800 * MICRO_PER_TOKEN;

/// The instantiate message of the suite's default pool, with `members`.
pub fn paper_instantiate_msg(admin: &Addr, members: Vec<String>) -> InstantiateMsg {
    InstantiateMsg {
        admin: Some(admin.to_string()),
        total_bandwidth_hz: PAPER_BANDWIDTH_HZ,
        token_value_hz_s: None,
        initial_supply: Uint128::new(PAPER_SUPPLY),
        slot_seconds: 1,
        round_slots: None,
        max_members: None,
        max_slots_per_claim: None,
        members,
        reputation_gate: None,
    }
}

/// Deploys unlicensed-pool as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::unlicensed_pool(),
        &ctx.admin,
        &paper_instantiate_msg(&ctx.admin, vec![]),
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
        let code_id = self.app.store_code(contracts::unlicensed_pool());
        let pool = self.app.instantiate_contract(
            code_id,
            self.admin.clone(),
            msg,
            &[],
            "unlicensed-pool",
            Some(self.admin.to_string()),
        )?;
        self.pool = pool.clone();
        Ok(pool)
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

    fn pool_query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(&self.pool, msg).unwrap()
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

    /// The claims of one slot of the current round (first page of 30).
    pub fn pool_claims_for_slot(&self, slot: u32) -> ClaimsForSlotResponse {
        self.pool_query(&QueryMsg::ClaimsForSlot {
            round: None,
            slot,
            start_after: None,
            limit: Some(spectrum_types::MAX_LIMIT),
        })
    }

    /// The fair share W/n.
    pub fn pool_fair_share(&self) -> FairShareResponse {
        self.pool_query(&QueryMsg::FairShare {})
    }

    /// A member's use over the last `last_slots` slots.
    pub fn pool_member_usage(&self, member: &Addr, last_slots: u32) -> MemberUsageResponse {
        self.pool_query(&QueryMsg::MemberUsage {
            address: member.to_string(),
            last_slots,
        })
    }

    /// A page of slot totals of the current round.
    pub fn pool_slot_history(&self, start_after: Option<u32>) -> SlotHistoryResponse {
        self.pool_query(&QueryMsg::SlotHistory {
            round: None,
            start_after,
            limit: Some(spectrum_types::MAX_LIMIT),
        })
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
        assert_eq!(suite.pool_claims_for_slot(0).used_hz, 90_000_000);
        suite.advance_seconds(2);
        assert_eq!(
            suite.pool_member_usage(&op1, 5).total_hz_slots,
            Uint128::new(90_000_000)
        );
        assert_eq!(suite.pool_slot_history(None).slots.len(), 1);
        suite.assert_pool_supply_is(PAPER_SUPPLY);
        // Another setting replaces the suite's pool.
        let mut msg = paper_instantiate_msg(&suite.admin, vec![op1.to_string()]);
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
