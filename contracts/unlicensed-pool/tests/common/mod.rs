//! A cw-multi-test harness with only this contract (and a stand-in reputation contract),
//! shared by the integration tests and the `simulate` example
//! (`#[path = "../tests/common/mod.rs"]`). It does not need the other contracts of the
//! workspace, so the pool's tests and simulation build and run on their own; the
//! workspace suite deploys the pool through `spectrum_testing::unlicensed_pool`.
#![allow(dead_code)]

use anyhow::Result as AnyResult;
use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Binary, Decimal, Deps, DepsMut, Env, MessageInfo, Response, StdResult,
    Timestamp, Uint128,
};
use cw_multi_test::{App, AppResponse, ContractWrapper, Executor};
use cw_storage_plus::Item;
use spectrum_types::node_reputation::{NodeStatus, QualificationResponse};
use spectrum_types::unlicensed_pool::{
    BalanceResponse, BalancesResponse, ClaimsForSlotResponse, ConfigResponse, ExecuteMsg,
    FairShareResponse, InstantiateMsg, MemberUsageResponse, QueryMsg, RoundResponse,
    SlotHistoryResponse, MICRO_PER_TOKEN,
};
use spectrum_types::MAX_LIMIT;
use unlicensed_pool::ContractError;

/// One token in micro-tokens.
pub const TOKEN: u128 = MICRO_PER_TOKEN;
/// 1 MHz in Hz.
pub const MHZ: u64 = 1_000_000;
/// The paper's total bandwidth: 540 MHz.
pub const PAPER_W: u64 = 540 * MHZ;
/// The paper's supply: 1800 tokens.
pub const PAPER_SUPPLY: u128 = 1800 * TOKEN;

/// The paper's setting (1 token = 180 kHz·s, one-second slots, 60 slots a round).
pub fn paper_msg(admin: &Addr, members: &[Addr]) -> InstantiateMsg {
    InstantiateMsg {
        admin: Some(admin.to_string()),
        total_bandwidth_hz: PAPER_W,
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

/// The error of a failed pool call, as the contract's own type.
pub fn pool_err(res: AnyResult<AppResponse>) -> ContractError {
    res.unwrap_err()
        .downcast::<ContractError>()
        .expect("not an unlicensed-pool ContractError")
}

/// An app with one pool.
pub struct Harness {
    pub app: App,
    pub admin: Addr,
    pub pool: Addr,
    pub code_id: u64,
}

impl Harness {
    /// An app whose pool is instantiated from the message `f` returns for the members `labels`.
    pub fn new(labels: &[&str], f: impl FnOnce(&mut InstantiateMsg)) -> (Self, Vec<Addr>) {
        let mut app = App::default();
        let admin = app.api().addr_make("admin");
        let members: Vec<Addr> = labels.iter().map(|l| app.api().addr_make(l)).collect();
        let code_id = app.store_code(Box::new(
            ContractWrapper::new(
                unlicensed_pool::contract::execute,
                unlicensed_pool::contract::instantiate,
                unlicensed_pool::contract::query,
            )
            .with_migrate(unlicensed_pool::contract::migrate),
        ));
        let mut msg = paper_msg(&admin, &members);
        f(&mut msg);
        let pool = app
            .instantiate_contract(
                code_id,
                admin.clone(),
                &msg,
                &[],
                "pool",
                Some(admin.to_string()),
            )
            .unwrap();
        (
            Self {
                app,
                admin,
                pool,
                code_id,
            },
            members,
        )
    }

    /// The paper's pool with the members `labels` and a round started.
    pub fn started(labels: &[&str]) -> (Self, Vec<Addr>) {
        let (mut h, members) = Self::new(labels, |_| {});
        h.start_round().unwrap();
        (h, members)
    }

    /// Tries to instantiate another pool with `msg`.
    pub fn try_instantiate(&mut self, msg: &InstantiateMsg) -> AnyResult<Addr> {
        self.app
            .instantiate_contract(self.code_id, self.admin.clone(), msg, &[], "pool2", None)
    }

    /// The address a label stands for.
    pub fn addr(&self, label: &str) -> Addr {
        self.app.api().addr_make(label)
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += 1;
        });
    }

    /// Moves the clock to the start of the round's slot `slot`.
    pub fn goto_slot_start(&mut self, slot: u32) {
        let round = self.round();
        let cfg = self.config();
        let target = Timestamp::from_seconds(
            round.first_slot_start.unwrap() + cfg.slot_seconds * u64::from(slot),
        );
        self.app.update_block(|b| {
            assert!(b.time <= target, "cannot go back in time");
            b.time = target;
            b.height += 1;
        });
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.pool.clone(), msg, &[])
    }

    pub fn claim(
        &mut self,
        member: &Addr,
        bandwidth_hz: u64,
        slots: u32,
    ) -> AnyResult<AppResponse> {
        self.execute(
            member,
            &ExecuteMsg::Claim {
                bandwidth_hz,
                slots,
            },
        )
    }

    pub fn add_member(&mut self, member: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.execute(
            &admin,
            &ExecuteMsg::AddMember {
                address: member.to_string(),
            },
        )
    }

    pub fn remove_member(&mut self, member: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.execute(
            &admin,
            &ExecuteMsg::RemoveMember {
                address: member.to_string(),
            },
        )
    }

    pub fn start_round(&mut self) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.execute(&admin, &ExecuteMsg::StartRound {})
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.app.wrap().query_wasm_smart(&self.pool, msg)
    }

    pub fn config(&self) -> ConfigResponse {
        self.query(&QueryMsg::Config {}).unwrap()
    }

    pub fn round(&self) -> RoundResponse {
        self.query(&QueryMsg::Round {}).unwrap()
    }

    pub fn balance(&self, member: &Addr) -> u128 {
        let resp: BalanceResponse = self
            .query(&QueryMsg::Balance {
                address: member.to_string(),
            })
            .unwrap();
        resp.balance.u128()
    }

    /// Every member's balance, in address order (walks all pages).
    pub fn balances(&self) -> Vec<(Addr, u128)> {
        let mut out: Vec<(Addr, u128)> = vec![];
        loop {
            let page: BalancesResponse = self
                .query(&QueryMsg::Balances {
                    start_after: out.last().map(|(a, _)| a.to_string()),
                    limit: Some(MAX_LIMIT),
                })
                .unwrap();
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

    /// All claims of one slot of the current round (walks all pages).
    pub fn claims_for_slot(&self, slot: u32) -> (u64, Vec<(Addr, u64)>) {
        let mut out: Vec<(Addr, u64)> = vec![];
        loop {
            let page: ClaimsForSlotResponse = self
                .query(&QueryMsg::ClaimsForSlot {
                    round: None,
                    slot,
                    start_after: out.last().map(|(a, _)| a.to_string()),
                    limit: Some(MAX_LIMIT),
                })
                .unwrap();
            if page.claims.is_empty() {
                return (page.used_hz, out);
            }
            out.extend(page.claims.into_iter().map(|c| (c.member, c.bandwidth_hz)));
        }
    }

    pub fn fair_share(&self) -> FairShareResponse {
        self.query(&QueryMsg::FairShare {}).unwrap()
    }

    pub fn member_usage(&self, member: &Addr, last_slots: u32) -> StdResult<MemberUsageResponse> {
        self.query(&QueryMsg::MemberUsage {
            address: member.to_string(),
            last_slots,
        })
    }

    pub fn slot_history(
        &self,
        start_after: Option<u32>,
        limit: Option<u32>,
    ) -> SlotHistoryResponse {
        self.query(&QueryMsg::SlotHistory {
            round: None,
            start_after,
            limit,
        })
        .unwrap()
    }

    /// Asserts that the members' balances and the unallocated supply add up to `supply`.
    pub fn assert_supply(&self, supply: u128) {
        let round = self.round();
        let held: u128 = self.balances().iter().map(|(_, b)| b).sum();
        assert_eq!(
            held + round.unallocated.u128(),
            supply,
            "pool supply drifted"
        );
        assert_eq!(round.supply.u128(), supply);
    }

    /// Deploys a stand-in node-reputation contract that finds exactly `qualified` qualified.
    pub fn deploy_reputation(&mut self, qualified: &[Addr]) -> Addr {
        let code = self.app.store_code(Box::new(ContractWrapper::new(
            mock_reputation_execute,
            mock_reputation_instantiate,
            mock_reputation_query,
        )));
        self.app
            .instantiate_contract(
                code,
                self.admin.clone(),
                &MockReputationInit {
                    qualified: qualified.iter().map(|a| a.to_string()).collect(),
                },
                &[],
                "reputation",
                None,
            )
            .unwrap()
    }
}

#[cw_serde]
pub struct MockReputationInit {
    pub qualified: Vec<String>,
}

const QUALIFIED: Item<Vec<String>> = Item::new("qualified");

fn mock_reputation_instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: MockReputationInit,
) -> StdResult<Response> {
    QUALIFIED.save(deps.storage, &msg.qualified)?;
    Ok(Response::new())
}

fn mock_reputation_execute(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: MockReputationInit,
) -> StdResult<Response> {
    QUALIFIED.save(deps.storage, &msg.qualified)?;
    Ok(Response::new())
}

/// The one query of node-reputation the gate asks.
#[cw_serde]
pub enum MockReputationQuery {
    Qualification { address: String },
}

fn mock_reputation_query(deps: Deps, _env: Env, msg: MockReputationQuery) -> StdResult<Binary> {
    match msg {
        MockReputationQuery::Qualification { address } => {
            let qualified = QUALIFIED.load(deps.storage)?.contains(&address);
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
    }
}

/// The value of attribute `key` of the contract's `wasm` event in `res`.
pub fn wasm_attr(res: &AppResponse, key: &str) -> String {
    res.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no wasm attribute {key}"))
        .value
        .clone()
}
