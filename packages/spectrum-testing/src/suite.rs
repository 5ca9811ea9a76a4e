//! The suite: an app with Bandcoin and the five contracts.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, Addr, Empty, Uint128};
use cw20::{BalanceResponse, Cw20Coin, Cw20QueryMsg, MinterResponse};
use cw_multi_test::{App, AppBuilder, AppResponse, Executor};
use spectrum_types::AssetUnchecked;

use crate::contracts;

/// Native denom funded to test accounts.
pub const NATIVE_DENOM: &str = "ustake";

/// Builds a [`Suite`].
#[derive(Default)]
pub struct SuiteBuilder {
    bandcoin: Vec<(String, u128)>,
    native: Vec<(String, u128)>,
}

/// A running app with every contract deployed.
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

impl Suite {
    /// Starts a builder.
    pub fn builder() -> SuiteBuilder {
        SuiteBuilder::default()
    }

    /// The address a test label stands for.
    pub fn addr(&self, label: &str) -> Addr {
        self.app.api().addr_make(label)
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

    /// The exchange mints `amount` Bandcoin to `to` (the paper's deposit).
    pub fn mint_bandcoin(&mut self, to: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            self.exchange.clone(),
            self.bandcoin.clone(),
            &cw20::Cw20ExecuteMsg::Mint {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
            &[],
        )
    }
}

impl SuiteBuilder {
    /// Gives `label`'s address `amount` Bandcoin at genesis.
    pub fn with_bandcoin(mut self, label: &str, amount: u128) -> Self {
        self.bandcoin.push((label.to_string(), amount));
        self
    }

    /// Gives `label`'s address `amount` of the native denom at genesis.
    pub fn with_native(mut self, label: &str, amount: u128) -> Self {
        self.native.push((label.to_string(), amount));
        self
    }

    /// Deploys everything.
    pub fn build(self) -> Suite {
        let native = self.native.clone();
        let mut app = AppBuilder::new().build(|router, api, storage| {
            for (label, amount) in &native {
                router
                    .bank
                    .init_balance(storage, &api.addr_make(label), coins(*amount, NATIVE_DENOM))
                    .unwrap();
            }
        });
        let admin = app.api().addr_make("admin");
        let exchange = app.api().addr_make("exchange");

        let bandcoin_code = app.store_code(contracts::bandcoin());
        let initial_balances = self
            .bandcoin
            .iter()
            .map(|(label, amount)| Cw20Coin {
                address: app.api().addr_make(label).to_string(),
                amount: Uint128::new(*amount),
            })
            .collect();
        let bandcoin = app
            .instantiate_contract(
                bandcoin_code,
                admin.clone(),
                &cw20_base::msg::InstantiateMsg {
                    name: "Bandcoin".into(),
                    symbol: "BAND".into(),
                    decimals: 6,
                    initial_balances,
                    mint: Some(MinterResponse {
                        minter: exchange.to_string(),
                        cap: None,
                    }),
                    marketing: None,
                },
                &[],
                "bandcoin",
                Some(admin.to_string()),
            )
            .unwrap();
        let payment = AssetUnchecked::Cw20 {
            contract: bandcoin.to_string(),
        };

        let ctx = DeployContext {
            admin: admin.clone(),
            exchange: exchange.clone(),
            bandcoin: bandcoin.clone(),
            payment,
        };
        let reputation = crate::node_reputation::deploy(&mut app, &ctx);
        let market = crate::bandwidth_market::deploy(&mut app, &ctx);
        let auction = crate::auction_clearing::deploy(&mut app, &ctx);
        let lease = crate::spectrum_lease::deploy(&mut app, &ctx);
        let pool = crate::unlicensed_pool::deploy(&mut app, &ctx);
        Suite {
            app,
            admin,
            exchange,
            bandcoin,
            market,
            auction,
            lease,
            pool,
            reputation,
        }
    }
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
pub fn instantiate<T: serde::Serialize>(
    app: &mut App,
    code: Box<dyn cw_multi_test::Contract<Empty>>,
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
