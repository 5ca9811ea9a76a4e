//! The bottom of the suite: the [`Suite`] type (an app and the addresses of what is
//! deployed in it), what a contract's deployer needs ([`DeployContext`], [`instantiate`])
//! and the helpers every contract module shares (attributes, error downcasts, Bandcoin,
//! the clock). It imports no other module of this crate: the per-contract modules build
//! on it and `suite.rs` composes them, so nothing points back down-up.

use std::fmt::{Debug, Display};

use anyhow::Result as AnyResult;
use cosmwasm_std::{to_json_binary, Addr, Empty, Uint128};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg};
use cw_multi_test::{App, AppResponse, Contract, Executor};
use serde::Serialize;
use spectrum_types::AssetUnchecked;

/// Native denom funded to test accounts.
pub const NATIVE_DENOM: &str = "ustake";

/// How a payment reaches a contract: a Bandcoin (cw20) `Send` with the message as its
/// hook, or the message executed directly with the native denom attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Bandcoin through cw20 `Send`.
    Cw20,
    /// The native denom attached to the execute message.
    Native,
}

/// A running app with every contract deployed. Each contract's module
/// (`bandwidth_market`, `auction_clearing`, …) adds its action, query and assertion
/// methods; `Suite::builder()` (in `suite.rs`) deploys everything.
pub struct Suite {
    /// The multi-test app.
    pub app: App,
    /// Admin of every contract.
    pub admin: Addr,
    /// The trusted exchange: Bandcoin's minter.
    pub exchange: Addr,
    /// The Bandcoin cw20 token.
    pub bandcoin: Addr,
    /// bandwidth-market, paid in Bandcoin.
    pub market: Addr,
    /// auction-clearing, paid in Bandcoin.
    pub auction: Addr,
    /// spectrum-lease, paid in Bandcoin.
    pub lease: Addr,
    /// unlicensed-pool.
    pub pool: Addr,
    /// node-reputation.
    pub reputation: Addr,
}

/// What a contract's `deploy` needs to know about the suite being built.
pub struct DeployContext {
    /// Admin of every contract.
    pub admin: Addr,
    /// Bandcoin's minter.
    pub exchange: Addr,
    /// The Bandcoin token.
    pub bandcoin: Addr,
    /// Bandcoin as the payment asset.
    pub payment: AssetUnchecked,
}

/// Stores `code` and instantiates it with `msg`, the admin being its wasm admin too.
pub fn instantiate<T: Serialize>(
    app: &mut App,
    code: Box<dyn Contract<Empty>>,
    admin: &Addr,
    msg: &T,
    label: &str,
) -> Addr {
    let code_id = app.store_code(code);
    app.instantiate_contract(
        code_id,
        admin.clone(),
        msg,
        &[],
        label,
        Some(admin.to_string()),
    )
    .unwrap()
}

/// The value of the first attribute `key` of a response's wasm events; panics if none.
pub fn attr(resp: &AppResponse, key: &str) -> String {
    try_attr(resp, key).unwrap_or_else(|| panic!("no attribute {key}"))
}

/// The value of the first attribute `key` of a response's wasm events, if any.
pub fn try_attr(resp: &AppResponse, key: &str) -> Option<String> {
    resp.events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// The contract error `E` behind a failed call; panics if the call succeeded or failed
/// with another error type. Each contract module names its own (`market_err`,
/// `auction_err`, `lease_err`, `pool_err`, `reputation_err`).
pub fn contract_err<E, T>(result: AnyResult<T>) -> E
where
    E: Display + Debug + Send + Sync + 'static,
    T: Debug,
{
    let err = result.expect_err("expected the contract to refuse");
    match err.downcast::<E>() {
        Ok(e) => e,
        Err(other) => panic!("expected a {}, got: {other:?}", std::any::type_name::<E>()),
    }
}

impl Suite {
    /// The address a test label stands for.
    pub fn addr(&self, label: &str) -> Addr {
        self.app.api().addr_make(label)
    }

    /// Block time in seconds.
    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    /// Moves the block time forward by `seconds` and the height by `blocks`.
    pub fn advance_blocks(&mut self, seconds: u64, blocks: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += blocks;
        });
    }

    /// Moves the block time forward by `seconds` (and the height by one).
    pub fn advance_seconds(&mut self, seconds: u64) {
        self.advance_blocks(seconds, 1);
    }

    /// Bandcoin balance of `who`.
    pub fn bandcoin_balance(&self, who: &Addr) -> u128 {
        let resp: BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.bandcoin,
                &Cw20QueryMsg::Balance {
                    address: who.to_string(),
                },
            )
            .unwrap();
        resp.balance.u128()
    }

    /// Native balance of `who`.
    pub fn native_balance(&self, who: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(who, NATIVE_DENOM)
            .unwrap()
            .amount
            .u128()
    }

    /// `from` executes a Bandcoin (cw20) message.
    pub fn bandcoin_execute(
        &mut self,
        from: &Addr,
        msg: &Cw20ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(from.clone(), self.bandcoin.clone(), msg, &[])
    }

    /// The exchange mints `amount` Bandcoin to `to` (the paper's deposit).
    pub fn mint_bandcoin(&mut self, to: &Addr, amount: u128) -> AnyResult<AppResponse> {
        let exchange = self.exchange.clone();
        self.bandcoin_execute(
            &exchange,
            &Cw20ExecuteMsg::Mint {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    /// `from` sends `amount` Bandcoin to `contract` with `hook` as the receive message.
    pub fn bandcoin_send<H: Serialize>(
        &mut self,
        from: &Addr,
        contract: &Addr,
        amount: u128,
        hook: &H,
    ) -> AnyResult<AppResponse> {
        self.bandcoin_execute(
            from,
            &Cw20ExecuteMsg::Send {
                contract: contract.to_string(),
                amount: Uint128::new(amount),
                msg: to_json_binary(hook)?,
            },
        )
    }

    /// `owner` lets `spender` take up to `amount` Bandcoin from its balance.
    pub fn bandcoin_allow(
        &mut self,
        owner: &Addr,
        spender: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.bandcoin_execute(
            owner,
            &Cw20ExecuteMsg::IncreaseAllowance {
                spender: spender.to_string(),
                amount: Uint128::new(amount),
                expires: None,
            },
        )
    }
}
