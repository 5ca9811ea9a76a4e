//! The JSON number rule (spectrum-types' `number` module): every value a contract
//! writes as a plain JSON number stays below 2^53, because each contract refuses a
//! count, a time or a frequency past the rule's bounds with a typed error, and
//! changes nothing when it does.

use cosmwasm_std::{Addr, Uint128, Uint64};
use cw_multi_test::{AppResponse, Executor};
use spectrum_testing::auction_clearing::auction_err;
use spectrum_testing::bandwidth_market::offer_terms;
use spectrum_testing::node_reputation::reputation_err;
use spectrum_testing::spectrum_lease::{lease_err, lease_terms};
use spectrum_testing::{contracts, Suite};
use spectrum_types::auction_clearing::AuctionKind;
use spectrum_types::bandwidth_market::{
    OffersResponse, QueryMsg as MarketQuery, ReservationUpdate,
};
use spectrum_types::error::CommonError;
use spectrum_types::node_reputation::{
    ConfigResponse as ReputationConfig, ExecuteMsg as RepExecute, QueryMsg as RepQuery,
};
use spectrum_types::spectrum_lease::ApprovalPolicy;
use spectrum_types::unlicensed_pool::{
    ConfigResponse as PoolConfig, InstantiateMsg as PoolInstantiate, QueryMsg as PoolQuery,
};
use spectrum_types::{BandError, NumberError, MAX_RADIO_HZ, MAX_SAFE_INTEGER, MAX_SECONDS};

fn market_err(res: anyhow::Result<u64>) -> bandwidth_market::ContractError {
    res.unwrap_err()
        .downcast::<bandwidth_market::ContractError>()
        .expect("a bandwidth-market ContractError")
}

fn too_many(field: &str) -> NumberError {
    NumberError::CountTooLarge {
        field: field.into(),
        value: MAX_SAFE_INTEGER + 1,
        max: MAX_SAFE_INTEGER,
    }
}

fn too_late(field: &str) -> NumberError {
    NumberError::SecondsTooLarge {
        field: field.into(),
        value: MAX_SECONDS + 1,
        max: MAX_SECONDS,
    }
}

fn offer_count(suite: &Suite, provider: &Addr) -> usize {
    let page: OffersResponse = suite
        .app
        .wrap()
        .query_wasm_smart(
            &suite.market,
            &MarketQuery::Offers {
                provider: provider.to_string(),
                start_after: None,
                limit: None,
            },
        )
        .unwrap();
    page.offers.len()
}

#[test]
fn market_refuses_counts_times_and_frequencies_past_the_rule_and_posts_nothing() {
    let mut suite = Suite::builder().build();
    let (market, provider) = (suite.market.clone(), suite.addr("provider"));
    suite.market_approve(&market, &provider).unwrap();

    let mut terms = offer_terms();
    terms.band.to_hz = MAX_RADIO_HZ + 1;
    assert_eq!(
        market_err(suite.market_post(&market, &provider, terms)),
        bandwidth_market::ContractError::Common(CommonError::Band(BandError::AboveRadioSpectrum {
            field: "to_hz".into(),
            hz: MAX_RADIO_HZ + 1,
            max_hz: MAX_RADIO_HZ
        }))
    );
    let mut terms = offer_terms();
    terms.max_allocations = MAX_SAFE_INTEGER + 1;
    assert_eq!(
        market_err(suite.market_post(&market, &provider, terms)),
        too_many("max_allocations").into()
    );
    let mut terms = offer_terms();
    terms.allocation_duration = MAX_SECONDS + 1;
    assert_eq!(
        market_err(suite.market_post(&market, &provider, terms)),
        too_late("allocation_duration").into()
    );
    let mut terms = offer_terms();
    terms.reservations = vec![ReservationUpdate {
        epoch: 5,
        price: Uint128::new(10),
        capacity: MAX_SAFE_INTEGER + 1,
    }];
    assert_eq!(
        market_err(suite.market_post(&market, &provider, terms)),
        too_many("capacity").into()
    );
    assert_eq!(
        offer_count(&suite, &provider),
        0,
        "a refused offer is not stored"
    );

    // At the bound itself the offer is posted and reads back exactly.
    let mut terms = offer_terms();
    terms.max_allocations = MAX_SAFE_INTEGER;
    let offer_id = suite.market_post(&market, &provider, terms).unwrap();
    let offer = suite.market_offer(&market, offer_id);
    assert_eq!(offer.max_allocations, MAX_SAFE_INTEGER);
}

#[test]
fn auction_refuses_times_after_the_year_9999() {
    let mut suite = Suite::builder().build();
    suite.auction_use_market();
    let (market, auction, provider) = (
        suite.market.clone(),
        suite.auction.clone(),
        suite.addr("provider"),
    );
    let offer_id = suite.auction_offer(&market, &auction, &provider);
    let mut params = suite.auction_params(offer_id, AuctionKind::Vickrey, 1);
    params.reveal_end = Some(MAX_SECONDS + 1);
    params.clearing_time = MAX_SECONDS + 1;
    assert_eq!(
        auction_err(
            suite
                .auction_create(&auction, &provider, params)
                .map(|_| AppResponse::default())
        ),
        too_late("clearing_time").into()
    );
    let mut params = suite.auction_params(offer_id, AuctionKind::Vickrey, 1);
    params.epoch = MAX_SAFE_INTEGER + 1;
    assert_eq!(
        auction_err(
            suite
                .auction_create(&auction, &provider, params)
                .map(|_| AppResponse::default())
        ),
        too_many("epoch").into()
    );
}

#[test]
fn lease_refuses_a_license_valid_after_the_year_9999() {
    let mut suite = Suite::builder().build();
    let mno = suite.addr("mno");
    suite.lease_approve_mno(&mno).unwrap();
    let mut terms = lease_terms(suite.now(), ApprovalPolicy::Automatic);
    terms.valid_until = MAX_SECONDS + 1;
    let err = lease_err(suite.lease_register(&mno, terms));
    assert_eq!(err, too_late("valid_until").into());
}

#[test]
fn reputation_refuses_a_min_interactions_past_the_rule_and_keeps_its_config() {
    let mut suite = Suite::builder().build();
    let (admin, reputation) = (suite.admin.clone(), suite.reputation.clone());
    let before: ReputationConfig = suite
        .app
        .wrap()
        .query_wasm_smart(&reputation, &RepQuery::Config {})
        .unwrap();
    let res = suite.app.execute_contract(
        admin,
        reputation.clone(),
        &RepExecute::UpdateConfig {
            quorum: Some(1),
            application_expiry_seconds: None,
            threshold: None,
            min_interactions: Some(MAX_SAFE_INTEGER + 1),
            operator_interval_seconds: None,
        },
        &[],
    );
    assert_eq!(reputation_err(res), too_many("min_interactions").into());
    let after: ReputationConfig = suite
        .app
        .wrap()
        .query_wasm_smart(&reputation, &RepQuery::Config {})
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn pool_writes_hertz_as_numbers_and_refuses_a_band_above_3_thz() {
    let mut suite = Suite::builder().build();
    let admin = suite.admin.clone();
    let code = suite.app.store_code(contracts::unlicensed_pool());
    let msg = |w: u64| PoolInstantiate {
        admin: None,
        total_bandwidth_hz: w,
        token_value_hz_s: Some(Uint64::new(180_000)),
        initial_supply: Uint128::new(1_800_000_000),
        slot_seconds: 1,
        round_slots: None,
        max_members: None,
        max_slots_per_claim: None,
        members: vec![],
        reputation_gate: None,
    };
    let err = suite
        .app
        .instantiate_contract(
            code,
            admin.clone(),
            &msg(MAX_RADIO_HZ + 1),
            &[],
            "pool",
            None,
        )
        .unwrap_err()
        .downcast::<unlicensed_pool::ContractError>()
        .unwrap();
    assert_eq!(
        err,
        unlicensed_pool::ContractError::Common(CommonError::Band(BandError::AboveRadioSpectrum {
            field: "total_bandwidth_hz".into(),
            hz: MAX_RADIO_HZ + 1,
            max_hz: MAX_RADIO_HZ
        }))
    );
    let pool: Addr = suite
        .app
        .instantiate_contract(code, admin, &msg(540_000_000), &[], "pool", None)
        .unwrap();
    let raw: serde_json::Value = suite
        .app
        .wrap()
        .query_wasm_smart(&pool, &PoolQuery::Config {})
        .unwrap();
    // Hz is a JSON number, Hz·s a string (it can pass 2^53).
    assert_eq!(raw["total_bandwidth_hz"], serde_json::json!(540_000_000));
    assert_eq!(raw["token_value_hz_s"], serde_json::json!("180000"));
    let typed: PoolConfig = serde_json::from_value(raw).unwrap();
    assert_eq!(typed.total_bandwidth_hz, 540_000_000);
}
