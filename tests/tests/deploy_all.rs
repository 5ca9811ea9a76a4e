//! Every contract deploys, reports its config and cw2 version, and refuses a
//! migration to another contract's code or to an older version.

use cosmwasm_std::{Addr, Empty};
use cw_multi_test::Executor;
use spectrum_testing::{contracts, Suite};
use spectrum_types::error::CommonError;
use spectrum_types::{bandwidth_market, Asset, MigrateMsg};

fn cw2_of(suite: &Suite, contract: &Addr) -> cw2::ContractVersion {
    cw2::query_contract_info(&suite.app.wrap(), contract.to_string()).unwrap()
}

#[test]
fn every_contract_is_deployed_with_its_cw2_name_and_version() {
    let suite = Suite::builder().build();
    for (addr, name) in [
        (&suite.market, "crates.io:bandwidth-market"),
        (&suite.auction, "crates.io:auction-clearing"),
        (&suite.lease, "crates.io:spectrum-lease"),
        (&suite.pool, "crates.io:unlicensed-pool"),
        (&suite.reputation, "crates.io:node-reputation"),
    ] {
        let info = cw2_of(&suite, addr);
        assert_eq!(info.contract, name);
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    }
}

#[test]
fn market_config_names_bandcoin_and_admin() {
    let suite = Suite::builder().build();
    let config: bandwidth_market::ConfigResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&suite.market, &bandwidth_market::QueryMsg::Config {})
        .unwrap();
    assert_eq!(config.admin, Some(suite.admin.clone()));
    assert_eq!(
        config.payment,
        Asset::Cw20 {
            contract: suite.bandcoin.clone()
        }
    );
    assert_eq!(config.reputation_gate, None);
}

#[test]
fn migrate_refuses_code_of_another_contract() {
    let mut suite = Suite::builder().build();
    let pool_code = suite.app.store_code(contracts::unlicensed_pool());
    let err = suite
        .app
        .migrate_contract(
            suite.admin.clone(),
            suite.market.clone(),
            &MigrateMsg {},
            pool_code,
        )
        .unwrap_err();
    let err: spectrum_types::VersionError =
        match err.downcast::<unlicensed_pool_error::ContractError>() {
            Ok(unlicensed_pool_error::ContractError::Common(CommonError::Version(v))) => v,
            other => panic!("unexpected {other:?}"),
        };
    assert!(matches!(
        err,
        spectrum_types::VersionError::WrongContract { .. }
    ));
    assert_eq!(
        cw2_of(&suite, &suite.market).contract,
        "crates.io:bandwidth-market"
    );
    // Same code again is accepted (an idempotent upgrade).
    let market_code = suite.app.store_code(contracts::bandwidth_market());
    suite
        .app
        .migrate_contract(
            suite.admin.clone(),
            suite.market.clone(),
            &MigrateMsg {},
            market_code,
        )
        .unwrap();
    let _: Option<Empty> = None;
}

mod unlicensed_pool_error {
    pub use unlicensed_pool::ContractError;
}
