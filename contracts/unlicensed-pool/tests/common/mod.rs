//! The harness of the `simulate` example (it includes this file with
//! `#[path = "../tests/common/mod.rs"]`): the pool's helpers of spectrum-testing's suite
//! under the short names the example uses. The tests use spectrum-testing directly.
#![allow(dead_code)]

use anyhow::Result as AnyResult;
use cosmwasm_std::Addr;
use cw_multi_test::AppResponse;
use spectrum_testing::unlicensed_pool::pool_setup;
use spectrum_testing::Suite;
use spectrum_types::unlicensed_pool::{ConfigResponse, InstantiateMsg};

pub use spectrum_testing::unlicensed_pool::{MHZ, PAPER_BANDWIDTH_HZ as PAPER_W, TOKEN};

/// A suite whose pool the example drives.
pub struct Harness {
    /// The suite.
    pub suite: Suite,
}

impl Harness {
    /// A pool of the paper's setting, changed by `change`, with the members `labels`.
    pub fn new(labels: &[&str], change: impl FnOnce(&mut InstantiateMsg)) -> (Self, Vec<Addr>) {
        let (suite, members) = pool_setup(labels, change);
        (Self { suite }, members)
    }

    /// The admin starts a round.
    pub fn start_round(&mut self) -> AnyResult<AppResponse> {
        self.suite.pool_start_round()
    }

    /// `member` claims `bandwidth_hz` for `slots` coming slots.
    pub fn claim(
        &mut self,
        member: &Addr,
        bandwidth_hz: u64,
        slots: u32,
    ) -> AnyResult<AppResponse> {
        self.suite.pool_claim(member, bandwidth_hz, slots)
    }

    /// Moves the clock to the start of the round's slot `slot`.
    pub fn goto_slot_start(&mut self, slot: u32) {
        self.suite.pool_goto_slot_start(slot)
    }

    /// The pool's configuration.
    pub fn config(&self) -> ConfigResponse {
        self.suite.pool_config()
    }

    /// A member's balance in micro-tokens.
    pub fn balance(&self, member: &Addr) -> u128 {
        self.suite.pool_balance(member)
    }

    /// The total use of one slot and its claims.
    pub fn claims_for_slot(&self, slot: u32) -> (u64, Vec<(Addr, u64)>) {
        self.suite.pool_claims_for_slot(slot)
    }

    /// Asserts that balances and the unallocated supply add up to `supply`.
    pub fn assert_supply(&self, supply: u128) {
        self.suite.assert_pool_supply_is(supply)
    }
}
