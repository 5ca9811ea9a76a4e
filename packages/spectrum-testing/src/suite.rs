//! The top of the crate: [`SuiteBuilder`] deploys Bandcoin and the five contracts through
//! their modules' `deploy` functions and returns the [`Suite`].

use cosmwasm_std::{coins, Uint128};
use cw20::{Cw20Coin, MinterResponse};
use cw_multi_test::{AppBuilder, Executor};
use spectrum_types::AssetUnchecked;

pub use crate::context::{DeployContext, Suite, NATIVE_DENOM};
use crate::{
    auction_clearing, bandwidth_market, contracts, node_reputation, spectrum_lease, unlicensed_pool,
};

/// Builds a [`Suite`].
#[derive(Default)]
pub struct SuiteBuilder {
    bandcoin: Vec<(String, u128)>,
    native: Vec<(String, u128)>,
}

impl Suite {
    /// Starts a builder.
    pub fn builder() -> SuiteBuilder {
        SuiteBuilder::default()
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
        let reputation = node_reputation::deploy(&mut app, &ctx);
        let market = bandwidth_market::deploy(&mut app, &ctx);
        let auction = auction_clearing::deploy(&mut app, &ctx);
        let lease = spectrum_lease::deploy(&mut app, &ctx);
        let pool = unlicensed_pool::deploy(&mut app, &ctx);
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
