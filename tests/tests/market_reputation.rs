//! Reputation from real trades gates the market: a provider whose grants keep being
//! rated negatively through the market is suspended in node-reputation, and the
//! market's reputation gate then refuses its offers.

use cosmwasm_std::Decimal;
use spectrum_testing::attr;
use spectrum_testing::bandwidth_market::{allocate_units, offer_terms};
use spectrum_testing::Route;
use spectrum_testing::Suite;
use spectrum_types::bandwidth_market::ExecuteMsg;
use spectrum_types::error::CommonError;
use spectrum_types::node_reputation::{NodeKind, NodeStatus};
use spectrum_types::{GateError, ReputationGateMsg};

#[test]
fn provider_rated_down_through_the_market_is_suspended_and_can_no_longer_post() {
    let mut suite = Suite::builder()
        .with_bandcoin("consumer", 1_000_000)
        .build();
    let market = suite.market.clone();
    let provider = suite.addr("provider");
    let consumer = suite.addr("consumer");

    // The market asks node-reputation who may post, and records ratings there.
    let reputation = suite.reputation.clone();
    suite
        .market_update_config(
            &market,
            None,
            Some(ReputationGateMsg {
                contract: suite.reputation.to_string(),
                min_score: Decimal::percent(30),
            }),
            Some(&reputation),
        )
        .unwrap();
    suite.register_suite_reporters();

    // Unqualified: refused. Approved by a quorum: may post without admin approval.
    let err = suite
        .market_post(&market, &provider, offer_terms())
        .unwrap_err()
        .downcast::<bandwidth_market::ContractError>()
        .unwrap();
    assert!(matches!(
        err,
        bandwidth_market::ContractError::Common(CommonError::Gate(GateError::NotQualified { .. }))
    ));
    suite.approve_node(&provider, NodeKind::Operator);
    let offer_id = suite
        .market_post(&market, &provider, offer_terms())
        .unwrap();
    let version = suite.market_offer(&market, offer_id).version;

    // The consumer buys three grants and rates each one confidently negative.
    let mut grant_ids = vec![];
    for _ in 0..3 {
        let price = suite
            .market_quote(&market, offer_id, None, None, 1)
            .unwrap()
            .price
            .u128();
        let resp = suite
            .market_allocate(
                Route::Cw20,
                &market,
                &consumer,
                price,
                allocate_units(offer_id, version, 1, price),
            )
            .unwrap();
        grant_ids.push(attr(&resp, "first_grant_id").parse::<u64>().unwrap());
    }
    for (i, grant_id) in grant_ids.iter().enumerate() {
        assert!(
            suite.reputation_qualification(&provider).qualified,
            "qualified before rating {i}"
        );
        suite
            .market_execute(
                &market,
                &consumer,
                &ExecuteMsg::RateGrant {
                    grant_id: *grant_id,
                    positive: false,
                    quality: 100,
                },
            )
            .unwrap();
    }
    let pair = suite.reputation_pair(&consumer, &provider);
    assert_eq!((pair.positive, pair.negative), (0, 3));

    // Suspended after the minimum number of interactions; the gate now refuses it.
    let q = suite.reputation_qualification(&provider);
    assert!(!q.qualified);
    assert_eq!(q.status, NodeStatus::Suspended);
    assert_eq!(q.score, Decimal::zero());
    let err = suite
        .market_post(&market, &provider, offer_terms())
        .unwrap_err()
        .downcast::<bandwidth_market::ContractError>()
        .unwrap();
    assert_eq!(
        err,
        bandwidth_market::ContractError::Common(CommonError::Gate(GateError::NotQualified {
            address: provider.to_string(),
            status: "suspended".into(),
            score: Decimal::zero(),
            min_score: Decimal::percent(30),
        }))
    );
    // Its existing offer is untouched: buyers keep their grants.
    assert_eq!(suite.market_offer(&market, offer_id).version, version);
}
