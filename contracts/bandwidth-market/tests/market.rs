//! bandwidth-market through cw-multi-test: every action, every bad input of the issue,
//! and the paper's workflow end to end.

use bandwidth_market::ContractError;
use cosmwasm_std::{coin, coins, to_json_binary, Binary, Decimal, Uint128};
use cw_multi_test::Executor;
use k256::ecdsa::{signature::hazmat::PrehashSigner, Signature, SigningKey};
use sha2::{Digest, Sha256};
use spectrum_testing::attr;
use spectrum_testing::bandwidth_market::{
    allocate_committed, allocate_units, offer_terms, reservation_updates, MARKET_EPOCH_SECONDS,
};
use spectrum_testing::bandwidth_market::{market_err, market_setup, market_setup_with, MarketEnv};
use spectrum_testing::Route;
use spectrum_testing::NATIVE_DENOM;
use spectrum_types::bandwidth_market::{
    AccessTarget, AllocateCommittedMsg, AllocateMsg, Award, BatchResponse, ConfigResponse,
    CurrentEpochResponse, ExecuteMsg, GrantsResponse, Holder, OfferTerms, OffersResponse, QueryMsg,
    RatingResponse, ReceiveMsg, Recipients, ReservationUpdate, TargetedAllocation,
    VerifyAccessResponse, VerifyGrantResponse,
};
use spectrum_types::error::CommonError;
use spectrum_types::merkle::MerkleTree;
use spectrum_types::pricing::{reservation_price, volume_price, EpochPrice};
use spectrum_types::{Band, BandError, PaymentError, PricingError};

type TermsChange = Box<dyn Fn(&mut spectrum_types::bandwidth_market::OfferTerms)>;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

// ---------------------------------------------------------------- providers and offers

#[test]
fn only_the_admin_approves_and_removes_providers() {
    let mut e = market_setup();
    let stranger = e.suite.addr("stranger");
    let market = e.market.clone();
    let r = e.suite.market_execute(
        &market,
        &stranger,
        &ExecuteMsg::ApproveProvider {
            provider: stranger.to_string(),
        },
    );
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Ownership(_))
    ));
    let admin = e.suite.admin.clone();
    e.suite
        .market_execute(
            &market,
            &admin,
            &ExecuteMsg::RemoveProvider {
                provider: e.provider.to_string(),
            },
        )
        .unwrap();
    let r = e.suite.market_execute(
        &market,
        &e.provider.clone(),
        &ExecuteMsg::PostOffer(offer_terms()),
    );
    assert_eq!(
        market_err(r),
        ContractError::NotProvider {
            address: e.provider.to_string()
        }
    );
}

#[test]
fn a_non_provider_cannot_post_an_offer() {
    let mut e = market_setup();
    let stranger = e.suite.addr("stranger");
    let market = e.market.clone();
    let r = e
        .suite
        .market_execute(&market, &stranger, &ExecuteMsg::PostOffer(offer_terms()));
    assert_eq!(
        market_err(r),
        ContractError::NotProvider {
            address: stranger.to_string()
        }
    );
    let offers: OffersResponse = e.suite.market_query(
        &market,
        &QueryMsg::Offers {
            provider: stranger.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert!(offers.offers.is_empty());
}

#[test]
fn providers_hold_several_offers_listed_by_provider() {
    let mut e = market_setup();
    let market = e.market.clone();
    let provider = e.provider.clone();
    let second = e
        .suite
        .market_post(&market, &provider, offer_terms())
        .unwrap();
    assert_eq!(second, e.offer + 1);
    let offers: OffersResponse = e.suite.market_query(
        &market,
        &QueryMsg::Offers {
            provider: provider.to_string(),
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(
        offers.offers.iter().map(|o| o.offer_id).collect::<Vec<_>>(),
        vec![e.offer, second]
    );
    let page: OffersResponse = e.suite.market_query(
        &market,
        &QueryMsg::Offers {
            provider: provider.to_string(),
            start_after: Some(e.offer),
            limit: Some(1),
        },
    );
    assert_eq!(page.offers[0].offer_id, second);
    let o = &offers.offers[0];
    assert_eq!(
        (o.version, o.allocations_left, o.max_allocations),
        (1, 100, 100)
    );
}

#[test]
fn update_bumps_version_resets_allocations_and_only_by_its_provider() {
    let mut e = market_setup();
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    e.buy(Route::Cw20, 1, 3, 3000).unwrap();
    assert_eq!(e.suite.market_offer(&market, e.offer).allocations_left, 97);

    let r = e
        .suite
        .market_update_offer(&market, &buyer, e.offer, offer_terms());
    assert_eq!(
        market_err(r),
        ContractError::NotOfferProvider { offer_id: e.offer }
    );

    let mut terms = offer_terms();
    terms.unit_price = Uint128::new(1200);
    e.suite
        .market_update_offer(&market, &provider, e.offer, terms)
        .unwrap();
    let o = e.suite.market_offer(&market, e.offer);
    assert_eq!(
        (o.version, o.allocations_left, o.unit_price.u128()),
        (2, 100, 1200)
    );
}

#[test]
fn invalid_offer_terms_are_refused_with_typed_errors() {
    let mut e = market_setup();
    let (market, provider) = (e.market.clone(), e.provider.clone());
    let before = e.snapshot(&market, e.offer);
    let cases: Vec<(TermsChange, ContractError)> = vec![
        (
            Box::new(|t| {
                t.band = Band {
                    from_hz: 10,
                    to_hz: 10,
                }
            }),
            ContractError::Common(CommonError::Band(BandError::EmptyBand {
                from_hz: 10,
                to_hz: 10,
            })),
        ),
        (
            Box::new(|t| {
                t.band = Band {
                    from_hz: 20,
                    to_hz: 10,
                }
            }),
            ContractError::Common(CommonError::Band(BandError::EmptyBand {
                from_hz: 20,
                to_hz: 10,
            })),
        ),
        (
            Box::new(|t| t.bandwidth_hz = 150_000_001),
            ContractError::Common(CommonError::Band(BandError::BandwidthTooWide {
                bandwidth_hz: 150_000_001,
                width_hz: 150_000_000,
            })),
        ),
        (
            Box::new(|t| t.volume_discount = "1.01".parse().unwrap()),
            ContractError::Common(CommonError::Pricing(PricingError::DiscountOutOfRange {
                name: "volume".into(),
                value: "1.01".parse().unwrap(),
            })),
        ),
        (
            Box::new(|t| t.reservation_discount = "2".parse().unwrap()),
            ContractError::Common(CommonError::Pricing(PricingError::DiscountOutOfRange {
                name: "reservation".into(),
                value: "2".parse().unwrap(),
            })),
        ),
        (
            Box::new(|t| t.location = "x".repeat(65)),
            ContractError::InvalidOffer {
                reason: "location is longer than 64 characters".into(),
            },
        ),
        (
            Box::new(|t| t.unit_price = Uint128::zero()),
            ContractError::InvalidOffer {
                reason: "unit_price must be greater than zero".into(),
            },
        ),
        (
            Box::new(|t| {
                t.qos = (0..17)
                    .map(|i| (format!("k{i}"), "v".to_string()))
                    .collect()
            }),
            ContractError::InvalidOffer {
                reason: "qos holds at most 16 entries".into(),
            },
        ),
        (
            Box::new(|t| {
                t.consumers = (0..101)
                    .map(|i| TargetedAllocation {
                        consumer: cosmwasm_std::testing::MockApi::default()
                            .addr_make(&format!("c{i}"))
                            .to_string(),
                        units: 1,
                        unit_price: Uint128::one(),
                    })
                    .collect()
            }),
            ContractError::InvalidOffer {
                reason: "consumers holds at most 100 entries".into(),
            },
        ),
    ];
    for (change, expected) in cases {
        let mut terms = offer_terms();
        change(&mut terms);
        let r = e
            .suite
            .market_execute(&market, &provider, &ExecuteMsg::PostOffer(terms.clone()));
        assert_eq!(market_err(r), expected);
        let r = e
            .suite
            .market_update_offer(&market, &provider, e.offer, terms);
        assert_eq!(market_err(r), expected);
    }
    assert_eq!(e.snapshot(&market, e.offer), before);
    assert!(e.suite.market_offer(&market, e.offer).version == 1);
}

#[test]
fn reservations_merge_by_the_paper_rules() {
    let mut terms = offer_terms();
    terms.reservations = reservation_updates(&[(2, 800, 10), (3, 700, 10)]);
    let mut e = market_setup_with(terms);
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    // reserve 4 units of epoch 3 (2 epochs ahead, rd = 1): 2800
    let mut msg = allocate_units(e.offer, 1, 4, 2800);
    msg.epoch = Some(3);
    e.suite
        .market_allocate(Route::Cw20, &market, &buyer, 2800, msg)
        .unwrap();

    let mut update = offer_terms();
    update.reservations = vec![
        // capacity 0 deletes epoch 2
        ReservationUpdate {
            epoch: 2,
            price: Uint128::new(1),
            capacity: 0,
        },
        // existing epoch 3: new price and capacity, the 4 sold stay sold
        ReservationUpdate {
            epoch: 3,
            price: Uint128::new(750),
            capacity: 12,
        },
        // new epoch 5
        ReservationUpdate {
            epoch: 5,
            price: Uint128::new(600),
            capacity: 3,
        },
        // a past epoch is dropped
        ReservationUpdate {
            epoch: 0,
            price: Uint128::new(600),
            capacity: 3,
        },
    ];
    e.suite
        .market_update_offer(&market, &provider, e.offer, update)
        .unwrap();
    let o = e.suite.market_offer(&market, e.offer);
    assert_eq!(o.version, 2);
    let r: Vec<_> = o
        .reservations
        .iter()
        .map(|r| (r.epoch, r.price.u128(), r.capacity, r.allocated))
        .collect();
    assert_eq!(r, vec![(3, 750, 12, 4), (5, 600, 3, 0)]);

    // once epoch 3 is current it is no longer a reservation
    e.suite.market_advance_seconds(3 * MARKET_EPOCH_SECONDS);
    let o = e.suite.market_offer(&market, e.offer);
    assert_eq!(
        o.reservations.iter().map(|r| r.epoch).collect::<Vec<_>>(),
        vec![5]
    );
    e.suite
        .market_update_offer(&market, &provider, e.offer, offer_terms())
        .unwrap();
    assert_eq!(e.suite.market_offer(&market, e.offer).reservations.len(), 1);
}

#[test]
fn reputation_gate_qualifies_unapproved_providers() {
    // With a gate pointing at a contract that cannot answer, an unapproved provider is
    // refused with the gate's error, while approved providers are not asked.
    let mut e = market_setup();
    let market = e.market.clone();
    let bandcoin = e.suite.bandcoin.to_string();
    e.suite
        .market_update_config(
            &market,
            None,
            Some(spectrum_types::ReputationGateMsg {
                contract: bandcoin,
                min_score: Decimal::percent(50),
            }),
            None,
        )
        .unwrap();
    let stranger = e.suite.addr("stranger");
    let r = e
        .suite
        .market_execute(&market, &stranger, &ExecuteMsg::PostOffer(offer_terms()));
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Gate(
            spectrum_types::GateError::Unreachable { .. }
        ))
    ));
    let provider = e.provider.clone();
    e.suite
        .market_post(&market, &provider, offer_terms())
        .unwrap();
    let cfg: ConfigResponse = e.suite.market_query(&market, &QueryMsg::Config {});
    assert!(cfg.reputation_gate.is_some());
    assert_eq!(cfg.max_bulk_consumers, 1000);
}

// ---------------------------------------------------------------- spot allocations

#[test]
fn spot_allocate_in_bandcoin_charges_the_volume_price_and_pays_the_provider() {
    let mut terms = offer_terms();
    terms.qos.insert("data_cap_mb".into(), "500".into());
    terms.volume_discount = dec("0.9");
    let mut e = market_setup_with(terms);
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    // 1000 + 900 + 810 = 2710
    let price = volume_price(Uint128::new(1000), 3, dec("0.9")).unwrap();
    assert_eq!(price.u128(), 2710);
    let q = e
        .suite
        .market_quote(&market, e.offer, None, None, 3)
        .unwrap();
    assert_eq!((q.price, q.version), (price, 1));

    let r = e.buy(Route::Cw20, 1, 3, 2710).unwrap();
    let grant_id: u64 = attr(&r, "first_grant_id").parse().unwrap();
    assert_eq!(e.suite.bandcoin_balance(&buyer), 1_000_000 - 2710);
    assert_eq!(e.suite.bandcoin_balance(&provider), 2710);
    assert_eq!(e.suite.bandcoin_balance(&market), 0);
    assert_eq!(e.suite.market_offer(&market, e.offer).allocations_left, 97);

    let g = e.suite.market_grant(&market, grant_id);
    let now = e.suite.app.block_info().time.seconds();
    assert_eq!(g.units, 3);
    assert_eq!(g.price.u128(), 2710);
    assert_eq!(
        g.holder,
        Holder::Address {
            address: buyer.to_string()
        }
    );
    assert_eq!((g.valid_from, g.valid_until), (now, now + 3600));
    assert_eq!(g.qos.get("data_cap_mb").unwrap(), "500");
    assert_eq!((g.provider, g.offer_id, g.version), (provider, e.offer, 1));
    let mine = e.suite.market_grants_of(
        &market,
        Holder::Address {
            address: buyer.to_string(),
        },
    );
    assert_eq!(mine.len(), 1);
}

#[test]
fn spot_allocate_in_native_coin_pays_the_provider_in_the_same_transaction() {
    let mut e = market_setup();
    let (native, buyer, provider) = (e.native.clone(), e.buyer.clone(), e.provider.clone());
    e.buy(Route::Native, 1, 5, 5000).unwrap();
    assert_eq!(e.suite.native_balance(&buyer), 1_000_000 - 5000);
    assert_eq!(e.suite.native_balance(&provider), 5000);
    assert_eq!(e.suite.native_balance(&native), 0);
    assert_eq!(
        e.suite
            .market_offer(&native, e.native_offer)
            .allocations_left,
        95
    );
}

#[test]
fn allocate_bad_inputs_leave_balances_and_state_unchanged() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let before = e.snapshot(&market, e.offer);
    let o = e.offer;
    // unknown offer
    let r = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &buyer,
        1000,
        allocate_units(99, 1, 1, 1000),
    );
    assert_eq!(market_err(r), ContractError::UnknownOffer { offer_id: 99 });
    // stale version
    let r = e.buy(Route::Cw20, 2, 1, 1000);
    assert_eq!(
        market_err(r),
        ContractError::StaleVersion {
            offer_id: o,
            quoted: 2,
            current: 1
        }
    );
    // price off by one unit, paid as quoted
    let r = e.buy(Route::Cw20, 1, 2, 2001);
    assert_eq!(
        market_err(r),
        ContractError::PriceMismatch {
            expected: Uint128::new(2000),
            quoted: Uint128::new(2001)
        }
    );
    let r = e.buy(Route::Cw20, 1, 2, 1999);
    assert!(matches!(market_err(r), ContractError::PriceMismatch { .. }));
    // right quote, wrong amount sent
    let r = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &buyer,
        2001,
        allocate_units(o, 1, 2, 2000),
    );
    assert_eq!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::WrongAmount {
            expected: Uint128::new(2000),
            received: Uint128::new(2001)
        }))
    );
    // zero units
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1, allocate_units(o, 1, 0, 0));
    assert_eq!(market_err(r), ContractError::ZeroUnits {});
    // more than allocations_left
    let r = e.buy(Route::Cw20, 1, 101, 101_000);
    assert_eq!(
        market_err(r),
        ContractError::InsufficientAllocations {
            requested: 101,
            available: 100
        }
    );
    // a past epoch and a spot range
    e.suite.market_advance_seconds(MARKET_EPOCH_SECONDS);
    let mut msg = allocate_units(o, 1, 1, 1000);
    msg.epoch = Some(0);
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1000, msg);
    assert_eq!(
        market_err(r),
        ContractError::PastEpoch {
            epoch: 0,
            current: 1
        }
    );
    let mut msg = allocate_units(o, 1, 1, 1000);
    msg.epoch_to = Some(2);
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1000, msg);
    assert!(matches!(
        market_err(r),
        ContractError::InvalidEpochRange { .. }
    ));
    assert_eq!(e.suite.market_offer(&market, o), before.offer);
    assert_eq!(e.snapshot(&market, o).balances, before.balances);
    assert_eq!(e.snapshot(&market, o).grants, before.grants);
}

#[test]
fn max_allocations_zero_turns_the_offer_off_and_a_new_epoch_restores_spot_capacity() {
    let mut terms = offer_terms();
    terms.max_allocations = 2;
    let mut e = market_setup_with(terms.clone());
    let (market, provider) = (e.market.clone(), e.provider.clone());
    e.buy(Route::Cw20, 1, 2, 2000).unwrap();
    let r = e.buy(Route::Cw20, 1, 1, 1000);
    assert_eq!(
        market_err(r),
        ContractError::InsufficientAllocations {
            requested: 1,
            available: 0
        }
    );
    e.suite.market_advance_seconds(MARKET_EPOCH_SECONDS);
    assert_eq!(e.suite.market_offer(&market, e.offer).allocations_left, 2);
    e.buy(Route::Cw20, 1, 1, 1000).unwrap();
    terms.max_allocations = 0;
    e.suite
        .market_update_offer(&market, &provider, e.offer, terms)
        .unwrap();
    let before = e.snapshot(&market, e.offer);
    let r = e.buy(Route::Cw20, 2, 1, 1000);
    assert_eq!(
        market_err(r),
        ContractError::InsufficientAllocations {
            requested: 1,
            available: 0
        }
    );
    assert_eq!(e.snapshot(&market, e.offer), before);
}

#[test]
fn wrong_denom_or_extra_denoms_are_refused() {
    let mut e = market_setup();
    let (native, buyer) = (e.native.clone(), e.buyer.clone());
    let o = e.native_offer;
    e.suite
        .app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: buyer.to_string(),
                amount: coins(10_000, "uatom"),
            },
        ))
        .unwrap();
    let before = e.snapshot(&native, o);
    let msg = ExecuteMsg::Allocate(allocate_units(o, 1, 1, 1000));
    let r =
        e.suite
            .app
            .execute_contract(buyer.clone(), native.clone(), &msg, &coins(1000, "uatom"));
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::WrongFunds { .. }))
    ));
    let r = e.suite.app.execute_contract(
        buyer.clone(),
        native.clone(),
        &msg,
        &[coin(1000, "uatom"), coin(1000, NATIVE_DENOM)],
    );
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::WrongFunds { .. }))
    ));
    let r = e
        .suite
        .app
        .execute_contract(buyer.clone(), native.clone(), &msg, &[]);
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::NoFunds { .. }))
    ));
    // a native payment to the Bandcoin market (its direct messages take no funds)
    let market = e.market.clone();
    let r = e.suite.market_allocate(
        Route::Native,
        &market,
        &buyer,
        1000,
        allocate_units(e.offer, 1, 1, 1000),
    );
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::UnexpectedFunds {}))
    ));
    assert_eq!(e.snapshot(&native, o), before);
    assert_eq!(
        e.suite
            .app
            .wrap()
            .query_balance(&buyer, "uatom")
            .unwrap()
            .amount
            .u128(),
        10_000
    );
}

#[test]
fn bandcoin_buyer_can_pay_from_an_allowance_instead_of_send() {
    let mut e = market_setup();
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let consumers: Vec<Binary> = (1..=3).map(|i| keypair(i).1).collect();
    let msg = AllocateMsg {
        recipients: Recipients::Consumers {
            consumers: consumers.clone(),
        },
        ..allocate_units(e.offer, 1, 3, 3000)
    };
    // Without an allowance the transfer fails and nothing is granted or paid.
    let before = e.snapshot(&market, e.offer);
    assert!(e
        .suite
        .market_allocate_from_allowance(&market, &buyer, msg.clone())
        .is_err());
    assert_eq!(e.snapshot(&market, e.offer), before);
    // A quote below the price is refused before anything moves, allowance or not.
    e.suite.bandcoin_allow(&buyer, &market, 10_000).unwrap();
    let low = AllocateMsg {
        price: Uint128::new(2999),
        ..msg.clone()
    };
    assert!(matches!(
        market_err(e.suite.market_allocate_from_allowance(&market, &buyer, low)),
        ContractError::PriceMismatch { .. }
    ));
    assert_eq!(e.snapshot(&market, e.offer), before);
    // With the allowance: the price leaves the buyer, reaches the provider, and each key
    // holds a grant.
    let res = e
        .suite
        .market_allocate_from_allowance(&market, &buyer, msg)
        .unwrap();
    assert_eq!(attr(&res, "grant_count"), "3");
    assert_eq!(e.suite.bandcoin_balance(&buyer), 1_000_000 - 3000);
    assert_eq!(e.suite.bandcoin_balance(&provider), 3000);
    assert_eq!(e.suite.bandcoin_balance(&market), 0);
    for key in consumers {
        let grants = e
            .suite
            .market_grants_of(&market, Holder::Key { pubkey: key });
        assert_eq!(grants.len(), 1);
    }
    // The allowance was spent by exactly the price.
    let left: cw20::AllowanceResponse = e
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &e.suite.bandcoin,
            &cw20::Cw20QueryMsg::Allowance {
                owner: buyer.to_string(),
                spender: market.to_string(),
            },
        )
        .unwrap();
    assert_eq!(left.allowance, Uint128::new(7000));
}

#[test]
fn a_cw20_receive_from_another_token_is_refused() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let code = e
        .suite
        .app
        .store_code(spectrum_testing::contracts::bandcoin());
    let fake = e
        .suite
        .app
        .instantiate_contract(
            code,
            buyer.clone(),
            &cw20_base::msg::InstantiateMsg {
                name: "Fakecoin".into(),
                symbol: "FAKE".into(),
                decimals: 6,
                initial_balances: vec![cw20::Cw20Coin {
                    address: buyer.to_string(),
                    amount: Uint128::new(5000),
                }],
                mint: None,
                marketing: None,
            },
            &[],
            "fake",
            None,
        )
        .unwrap();
    let before = e.snapshot(&market, e.offer);
    let r = e.suite.app.execute_contract(
        buyer.clone(),
        fake.clone(),
        &cw20::Cw20ExecuteMsg::Send {
            contract: market.to_string(),
            amount: Uint128::new(1000),
            msg: to_json_binary(&ReceiveMsg::Allocate(allocate_units(e.offer, 1, 1, 1000)))
                .unwrap(),
        },
        &[],
    );
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::UnknownToken { .. }))
    ));
    assert_eq!(e.snapshot(&market, e.offer), before);
    let bal: cw20::BalanceResponse = e
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &fake,
            &cw20::Cw20QueryMsg::Balance {
                address: buyer.to_string(),
            },
        )
        .unwrap();
    assert_eq!(bal.balance.u128(), 5000);
}

#[test]
fn prices_that_overflow_are_refused() {
    let mut terms = offer_terms();
    terms.unit_price = Uint128::MAX;
    terms.consumers = vec![];
    let mut e = market_setup_with(terms);
    let (native, buyer) = (e.native.clone(), e.buyer.clone());
    let before = e.snapshot(&native, e.native_offer);
    let r = e.buy(Route::Native, 1, 2, 1);
    assert_eq!(
        market_err(r),
        ContractError::Common(CommonError::Pricing(PricingError::Overflow {}))
    );
    assert_eq!(e.snapshot(&native, e.native_offer), before);
    // a targeted price that overflows
    let mut terms = offer_terms();
    terms.consumers = vec![TargetedAllocation {
        consumer: buyer.to_string(),
        units: 3,
        unit_price: Uint128::MAX,
    }];
    let provider = e.provider.clone();
    e.suite
        .market_update_offer(&native, &provider, e.native_offer, terms)
        .unwrap();
    let r = e.buy(Route::Native, 2, 2, 1);
    assert_eq!(
        market_err(r),
        ContractError::Common(CommonError::Pricing(PricingError::Overflow {}))
    );
}

#[test]
fn targeted_consumers_buy_their_units_at_their_price_and_others_are_refused() {
    let mut e = market_setup();
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let mut terms = offer_terms();
    terms.consumers = vec![TargetedAllocation {
        consumer: buyer.to_string(),
        units: 2,
        unit_price: Uint128::new(700),
    }];
    e.suite
        .market_update_offer(&market, &provider, e.offer, terms)
        .unwrap();
    let other = e.suite.addr("other");
    e.suite.mint_bandcoin(&other, 5000).unwrap();
    let r = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &other,
        1000,
        allocate_units(e.offer, 2, 1, 1000),
    );
    assert_eq!(
        market_err(r),
        ContractError::NotTargeted {
            offer_id: e.offer,
            buyer: other.to_string()
        }
    );
    let r = e.buy(Route::Cw20, 2, 3, 2100);
    assert_eq!(
        market_err(r),
        ContractError::InsufficientTargeted {
            requested: 3,
            available: 2
        }
    );
    e.buy(Route::Cw20, 2, 2, 1400).unwrap();
    assert_eq!(e.suite.bandcoin_balance(&provider), 1400);
    let o = e.suite.market_offer(&market, e.offer);
    assert!(o.consumers.is_empty());
    assert_eq!(o.allocations_left, 100);
}

// ---------------------------------------------------------------- reservations

#[test]
fn reservations_charge_the_reference_price_and_respect_each_epoch_capacity() {
    let terms = OfferTerms {
        volume_discount: dec("0.9"),
        reservation_discount: dec("0.5"),
        reservations: reservation_updates(&[(1, 1000, 5), (2, 1200, 3)]),
        ..offer_terms()
    };
    let mut e = market_setup_with(terms);
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let expected = reservation_price(
        &[
            EpochPrice {
                price: Uint128::new(1000),
                epochs_ahead: 1,
            },
            EpochPrice {
                price: Uint128::new(1200),
                epochs_ahead: 2,
            },
        ],
        2,
        dec("0.9"),
        dec("0.5"),
    )
    .unwrap();
    // (1000·0.5 + 1200·0.25)·(1 + 0.9) = 1520
    assert_eq!(expected.u128(), 1520);
    let q = e
        .suite
        .market_quote(&market, e.offer, Some(1), Some(2), 2)
        .unwrap();
    assert_eq!(q.price, expected);
    let msg = AllocateMsg {
        epoch: Some(1),
        epoch_to: Some(2),
        ..allocate_units(e.offer, 1, 2, 1520)
    };
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1520, msg)
        .unwrap();
    assert_eq!(e.suite.bandcoin_balance(&provider), 1520);
    let g = e
        .suite
        .market_grant(&market, attr(&r, "first_grant_id").parse().unwrap());
    let genesis = e
        .suite
        .market_query::<ConfigResponse>(&market, &QueryMsg::Config {})
        .genesis_time;
    assert_eq!(g.valid_from, genesis + 3600);
    assert_eq!(g.valid_until, genesis + 2 * 3600 + 3600);
    let o = e.suite.market_offer(&market, e.offer);
    assert_eq!(
        o.reservations
            .iter()
            .map(|r| r.allocated)
            .collect::<Vec<_>>(),
        vec![2, 2]
    );
    assert_eq!(o.allocations_left, 100);

    // epoch 2 has only 1 unit left; epoch 3 has no reservation at all
    let before = e.snapshot(&market, e.offer);
    for (epoch, requested, available) in [(2, 2, 1), (3, 1, 0)] {
        let msg = AllocateMsg {
            epoch: Some(epoch),
            ..allocate_units(e.offer, 1, requested, 1)
        };
        let r = e
            .suite
            .market_allocate(Route::Cw20, &market, &buyer, 1, msg);
        assert_eq!(
            market_err(r),
            ContractError::NoReservation {
                epoch,
                requested,
                available
            }
        );
    }
    assert_eq!(e.snapshot(&market, e.offer), before);
}

// ---------------------------------------------------------------- bulk

fn keys(n: u8) -> Vec<Binary> {
    (1..=n).map(|i| keypair(i).1).collect()
}

#[test]
fn explicit_bulk_creates_one_grant_per_key_with_prices_adding_up() {
    let terms = OfferTerms {
        volume_discount: dec("0.95"),
        ..offer_terms()
    };
    let mut e = market_setup_with(terms);
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let consumers = keys(5);
    let price = volume_price(Uint128::new(1000), 5, dec("0.95")).unwrap();
    let msg = AllocateMsg {
        recipients: Recipients::Consumers {
            consumers: consumers.clone(),
        },
        ..allocate_units(e.offer, 1, 0, price.u128())
    };
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, price.u128(), msg)
        .unwrap();
    assert_eq!(attr(&r, "grant_count"), "5");
    assert_eq!(e.suite.bandcoin_balance(&provider), price.u128());
    let first: u64 = attr(&r, "first_grant_id").parse().unwrap();
    let mut sum = 0;
    for (i, k) in consumers.iter().enumerate() {
        let held = e
            .suite
            .market_grants_of(&market, Holder::Key { pubkey: k.clone() });
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].grant_id, first + i as u64);
        assert_eq!(held[0].units, 1);
        assert_eq!(held[0].buyer, buyer);
        sum += held[0].price.u128();
    }
    assert_eq!(sum, price.u128());
    // by offer, paginated across allocations
    e.suite
        .market_allocate(
            Route::Cw20,
            &market,
            &buyer,
            2000,
            allocate_units(e.offer, 1, 2, 1950),
        )
        .unwrap_err();
    let p2 = volume_price(Uint128::new(1000), 2, dec("0.95"))
        .unwrap()
        .u128();
    e.buy(Route::Cw20, 1, 2, p2).unwrap();
    let page = |start_after, limit| -> Vec<u64> {
        let r: GrantsResponse = e.suite.market_query(
            &market,
            &QueryMsg::GrantsByOffer {
                offer_id: e.offer,
                start_after,
                limit: Some(limit),
            },
        );
        r.grants.iter().map(|g| g.grant_id).collect()
    };
    assert_eq!(page(None, 4), vec![first, first + 1, first + 2, first + 3]);
    assert_eq!(page(Some(first + 3), 4), vec![first + 4, first + 5]);
    assert!(page(Some(first + 5), 4).is_empty());
}

/// The standard setup with the admin's `max_bulk_consumers` set to `max`.
fn setup_max_bulk(max: u32) -> MarketEnv {
    let mut e = market_setup();
    let market = e.market.clone();
    e.suite
        .market_update_config(&market, Some(max), None, None)
        .unwrap();
    e
}

#[test]
fn explicit_bulk_refuses_too_many_duplicate_or_malformed_keys() {
    let mut e = setup_max_bulk(3);
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let before = e.snapshot(&market, e.offer);
    let bulk = |consumers: Vec<Binary>| AllocateMsg {
        recipients: Recipients::Consumers { consumers },
        ..allocate_units(1, 1, 0, 3000)
    };
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 4000, bulk(keys(4)));
    assert_eq!(
        market_err(r),
        ContractError::TooManyConsumers { count: 4, max: 3 }
    );
    let mut dup = keys(2);
    dup.push(dup[0].clone());
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 3000, bulk(dup));
    assert_eq!(market_err(r), ContractError::DuplicateConsumer { index: 2 });
    let r = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &buyer,
        3000,
        bulk(vec![Binary::from(vec![4u8; 33])]),
    );
    assert_eq!(market_err(r), ContractError::InvalidPubkey { index: 0 });
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 3000, bulk(vec![]));
    assert_eq!(market_err(r), ContractError::ZeroUnits {});
    assert_eq!(e.snapshot(&market, e.offer), before);
}

/// The keys' bytes back to back, as `PackedConsumers` takes them.
fn packed(keys: &[Binary]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_vec()).collect()
}

#[test]
fn packed_consumers_grant_exactly_what_the_key_list_grants() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let listed = keys(4);
    let packed_keys: Vec<Binary> = (5..=8).map(|i| keypair(i).1).collect();
    let buy = |recipients| AllocateMsg {
        recipients,
        ..allocate_units(e.offer, 1, 0, 4000)
    };
    let a = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &buyer,
        4000,
        buy(Recipients::Consumers {
            consumers: listed.clone(),
        }),
    );
    let b = e.suite.market_allocate(
        Route::Cw20,
        &market,
        &buyer,
        4000,
        buy(Recipients::PackedConsumers {
            keys: packed(&packed_keys).into(),
        }),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(attr(&b, "grant_count"), "4");
    let first_a: u64 = attr(&a, "first_grant_id").parse().unwrap();
    let first_b: u64 = attr(&b, "first_grant_id").parse().unwrap();
    assert_eq!(first_b, first_a + 4);
    // Key i of each purchase holds grant first + i, with the same terms and price.
    for i in 0..4 {
        let of = |k: &Binary| {
            e.suite
                .market_grants_of(&market, Holder::Key { pubkey: k.clone() })
        };
        let (ga, gb) = (of(&listed[i]), of(&packed_keys[i]));
        assert_eq!((ga.len(), gb.len()), (1, 1));
        assert_eq!(ga[0].grant_id, first_a + i as u64);
        assert_eq!(gb[0].grant_id, first_b + i as u64);
        assert_eq!(
            gb[0].holder,
            Holder::Key {
                pubkey: packed_keys[i].clone()
            }
        );
        assert_eq!(
            (gb[0].units, gb[0].price, &gb[0].buyer, gb[0].valid_until),
            (ga[0].units, ga[0].price, &ga[0].buyer, ga[0].valid_until)
        );
    }
}

#[test]
fn packed_consumers_refuse_a_ragged_too_long_duplicate_or_malformed_blob() {
    let mut e = setup_max_bulk(3);
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let before = e.snapshot(&market, e.offer);
    let buyer_before = e.suite.bandcoin_balance(&buyer);
    let mut try_blob = |blob: Vec<u8>| {
        let msg = AllocateMsg {
            recipients: Recipients::PackedConsumers { keys: blob.into() },
            ..allocate_units(e.offer, 1, 0, 3000)
        };
        market_err(
            e.suite
                .market_allocate(Route::Cw20, &market, &buyer, 3000, msg),
        )
    };
    let three = packed(&keys(3));
    assert_eq!(
        try_blob(three[..98].to_vec()),
        ContractError::InvalidPackedKeys { len: 98 }
    );
    assert_eq!(
        try_blob(packed(&keys(4))),
        ContractError::TooManyConsumers { count: 4, max: 3 }
    );
    let mut dup = packed(&keys(2));
    dup.extend_from_slice(&packed(&keys(1)));
    assert_eq!(try_blob(dup), ContractError::DuplicateConsumer { index: 2 });
    let mut bad = three.clone();
    bad[33] = 4;
    assert_eq!(try_blob(bad), ContractError::InvalidPubkey { index: 1 });
    assert_eq!(try_blob(vec![]), ContractError::ZeroUnits {});
    assert_eq!(e.snapshot(&market, e.offer), before);
    assert_eq!(e.suite.bandcoin_balance(&buyer), buyer_before);
}

#[test]
fn committed_bulk_stores_one_batch_and_keys_prove_membership() {
    let terms = OfferTerms {
        volume_discount: dec("0.99"),
        ..offer_terms()
    };
    let mut e = market_setup_with(terms);
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let consumers = keys(7);
    let tree = MerkleTree::new(&consumers).unwrap();
    let price = volume_price(Uint128::new(1000), 7, dec("0.99")).unwrap();
    let msg = allocate_committed(e.offer, 1, &tree.root(), 7, price);
    let r = e
        .suite
        .market_send(
            &market,
            &buyer,
            price.u128(),
            &ReceiveMsg::AllocateCommitted(msg.clone()),
        )
        .unwrap();
    let batch_id: u64 = attr(&r, "batch_id").parse().unwrap();
    assert_eq!(e.suite.bandcoin_balance(&provider), price.u128());
    assert_eq!(e.suite.market_offer(&market, e.offer).allocations_left, 93);
    let b: BatchResponse = e.suite.market_query(&market, &QueryMsg::Batch { batch_id });
    assert_eq!(
        (b.count, b.price, b.buyer.clone()),
        (7, price, buyer.clone())
    );
    for (i, k) in consumers.iter().enumerate() {
        let proof = tree
            .proof(i as u64)
            .unwrap()
            .into_iter()
            .map(|h| Binary::from(h.to_vec()))
            .collect::<Vec<_>>();
        let v: VerifyGrantResponse = e.suite.market_query(
            &market,
            &QueryMsg::VerifyGrant {
                batch_id,
                pubkey: k.clone(),
                index: i as u64,
                proof: proof.clone(),
            },
        );
        assert!(v.valid && v.active);
        let v: VerifyGrantResponse = e.suite.market_query(
            &market,
            &QueryMsg::VerifyGrant {
                batch_id,
                pubkey: keypair(99).1,
                index: i as u64,
                proof,
            },
        );
        assert!(!v.valid);
    }
    // a malformed root and a stale version are refused, nothing charged
    let before = e.snapshot(&market, e.offer);
    let bad = AllocateCommittedMsg {
        root: Binary::from(vec![1u8; 31]),
        ..msg.clone()
    };
    let r = e.suite.market_send(
        &market,
        &buyer,
        price.u128(),
        &ReceiveMsg::AllocateCommitted(bad),
    );
    assert_eq!(market_err(r), ContractError::InvalidRoot {});
    let zero = AllocateCommittedMsg { count: 0, ..msg };
    let r = e.suite.market_send(
        &market,
        &buyer,
        price.u128(),
        &ReceiveMsg::AllocateCommitted(zero),
    );
    assert_eq!(market_err(r), ContractError::ZeroUnits {});
    assert_eq!(e.snapshot(&market, e.offer), before);
}

#[test]
fn committed_bulk_of_a_million_keys_costs_one_batch_record() {
    let mut terms = offer_terms();
    terms.max_allocations = 2_000_000;
    terms.volume_discount = dec("0.999999");
    let mut e = market_setup_with(terms);
    let (native, buyer) = (e.native.clone(), e.buyer.clone());
    let price = volume_price(Uint128::new(1), 1_000_000, dec("0.999999")).unwrap();
    let msg = AllocateCommittedMsg {
        offer_id: e.native_offer,
        version: 1,
        epoch: None,
        epoch_to: None,
        root: Binary::from(vec![7u8; 32]),
        count: 1_000_000,
        price: Uint128::zero(),
    };
    // price 1 per unit is too dear for a 1,000,000 balance unless discounted: compute it
    let msg = AllocateCommittedMsg { price, ..msg };
    let mut terms = offer_terms();
    terms.max_allocations = 2_000_000;
    terms.volume_discount = dec("0.999999");
    terms.unit_price = Uint128::new(1);
    let provider = e.provider.clone();
    e.suite
        .market_update_offer(&native, &provider, e.native_offer, terms)
        .unwrap();
    let msg = AllocateCommittedMsg { version: 2, ..msg };
    e.suite
        .app
        .execute_contract(
            buyer.clone(),
            native.clone(),
            &ExecuteMsg::AllocateCommitted(msg),
            &coins(price.u128(), NATIVE_DENOM),
        )
        .unwrap();
    assert_eq!(e.suite.native_balance(&e.provider), price.u128());
    assert_eq!(
        e.suite
            .market_offer(&native, e.native_offer)
            .allocations_left,
        1_000_000
    );
}

// ---------------------------------------------------------------- access proofs

#[test]
fn verify_access_needs_a_valid_signature_the_holding_key_and_an_active_grant() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let (sk, pk) = keypair(1);
    let (other_sk, other_pk) = keypair(2);
    let msg = AllocateMsg {
        recipients: Recipients::Consumers {
            consumers: vec![pk.clone()],
        },
        ..allocate_units(e.offer, 1, 0, 1000)
    };
    let r = e
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1000, msg)
        .unwrap();
    let grant_id: u64 = attr(&r, "first_grant_id").parse().unwrap();
    let challenge = b"cell 9q8yy nonce 42".to_vec();
    let ask = |e: &MarketEnv, pubkey: &Binary, sig: Binary| -> VerifyAccessResponse {
        e.suite.market_query(
            &market,
            &QueryMsg::VerifyAccess {
                target: AccessTarget::Grant { grant_id },
                pubkey: pubkey.clone(),
                challenge: Binary::from(challenge.clone()),
                signature: sig,
            },
        )
    };
    let ok = ask(&e, &pk, sign(&sk, &challenge));
    assert!(ok.valid, "{:?}", ok.reason);
    // signature by another key, or over another challenge
    assert!(!ask(&e, &pk, sign(&other_sk, &challenge)).valid);
    assert!(!ask(&e, &pk, sign(&sk, b"other")).valid);
    // a valid signature by a key that does not hold the grant
    let r = ask(&e, &other_pk, sign(&other_sk, &challenge));
    assert_eq!(r.reason.as_deref(), Some("the key does not hold the grant"));
    // garbage signature
    assert!(!ask(&e, &pk, Binary::from(vec![0u8; 10])).valid);
    // expired
    e.suite.market_advance_seconds(3601);
    let r = ask(&e, &pk, sign(&sk, &challenge));
    assert_eq!(
        r.reason.as_deref(),
        Some("the grant is not active at block time")
    );
}

#[test]
fn verify_access_for_a_committed_batch_checks_the_merkle_proof() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let pairs: Vec<_> = (1..=5).map(keypair).collect();
    let pks: Vec<Binary> = pairs.iter().map(|(_, p)| p.clone()).collect();
    let tree = MerkleTree::new(&pks).unwrap();
    let msg = allocate_committed(e.offer, 1, &tree.root(), 5, Uint128::new(5000));
    let r = e
        .suite
        .market_send(&market, &buyer, 5000, &ReceiveMsg::AllocateCommitted(msg))
        .unwrap();
    let batch_id: u64 = attr(&r, "batch_id").parse().unwrap();
    let proof = |i: u64| {
        tree.proof(i)
            .unwrap()
            .into_iter()
            .map(|h| Binary::from(h.to_vec()))
            .collect::<Vec<_>>()
    };
    let challenge = b"attach".to_vec();
    let ask = |index: u64, who: usize| -> VerifyAccessResponse {
        e.suite.market_query(
            &market,
            &QueryMsg::VerifyAccess {
                target: AccessTarget::Batch {
                    batch_id,
                    index,
                    proof: proof(index),
                },
                pubkey: pairs[who].1.clone(),
                challenge: Binary::from(challenge.clone()),
                signature: sign(&pairs[who].0, &challenge),
            },
        )
    };
    assert!(ask(4, 4).valid);
    assert!(ask(0, 0).valid);
    assert_eq!(
        ask(1, 2).reason.as_deref(),
        Some("the key is not in the batch")
    );
}

// ---------------------------------------------------------------- auction settlement

#[test]
fn settle_auction_from_the_authorised_clearing_house_creates_awarded_grants() {
    let mut e = market_setup();
    let (native, provider) = (e.native.clone(), e.provider.clone());
    let house = e.suite.addr("clearinghouse");
    let (alice, bob) = (e.suite.addr("alice"), e.suite.addr("bob"));
    let awards = vec![
        Award {
            consumer: alice.to_string(),
            units: 2,
            unit_price: Uint128::new(900),
        },
        Award {
            consumer: bob.to_string(),
            units: 1,
            unit_price: Uint128::new(800),
        },
    ];
    let settle = ExecuteMsg::SettleAuction {
        offer_id: e.native_offer,
        awards: awards.clone(),
    };
    // not authorised yet
    let before = e.snapshot(&native, e.native_offer);
    let r = e
        .suite
        .market_execute_with(&native, &house, &settle, &coins(2600, NATIVE_DENOM));
    assert_eq!(
        market_err(r),
        ContractError::UnauthorizedClearingHouse {
            sender: house.to_string(),
            offer_id: e.native_offer
        }
    );
    assert_eq!(e.snapshot(&native, e.native_offer), before);
    e.suite
        .market_set_clearing_house(&native, &provider, e.native_offer, Some(&house))
        .unwrap();
    // wrong total
    let r = e
        .suite
        .market_execute_with(&native, &house, &settle, &coins(2601, NATIVE_DENOM));
    assert!(matches!(
        market_err(r),
        ContractError::Common(CommonError::Payment(PaymentError::WrongAmount { .. }))
    ));
    e.suite
        .app
        .execute_contract(
            house.clone(),
            native.clone(),
            &settle,
            &coins(2600, NATIVE_DENOM),
        )
        .unwrap();
    assert_eq!(e.suite.native_balance(&provider), 2600);
    assert_eq!(e.suite.native_balance(&house), 1_000_000 - 2600);
    let g = e.suite.market_grants_of(
        &native,
        Holder::Address {
            address: alice.to_string(),
        },
    );
    assert_eq!((g[0].units, g[0].price.u128()), (2, 1800));
    assert_eq!(
        e.suite
            .market_offer(&native, e.native_offer)
            .allocations_left,
        97
    );

    // revoked: refused again
    e.suite
        .market_set_clearing_house(&native, &provider, e.native_offer, None)
        .unwrap();
    let r = e
        .suite
        .market_execute_with(&native, &house, &settle, &coins(2600, NATIVE_DENOM));
    assert!(matches!(
        market_err(r),
        ContractError::UnauthorizedClearingHouse { .. }
    ));
}

#[test]
fn settle_auction_in_bandcoin_through_the_receive_hook() {
    let mut e = market_setup();
    let (market, provider) = (e.market.clone(), e.provider.clone());
    let house = e.suite.addr("clearinghouse");
    let stranger = e.suite.addr("buyer");
    e.suite
        .market_set_clearing_house(&market, &provider, e.offer, Some(&house))
        .unwrap();
    let settle = ReceiveMsg::SettleAuction {
        offer_id: e.offer,
        awards: vec![Award {
            consumer: e.suite.addr("alice").to_string(),
            units: 3,
            unit_price: Uint128::new(500),
        }],
    };
    let r = e.suite.market_send(&market, &stranger, 1500, &settle);
    assert!(matches!(
        market_err(r),
        ContractError::UnauthorizedClearingHouse { .. }
    ));
    e.suite.market_send(&market, &house, 1500, &settle).unwrap();
    assert_eq!(e.suite.bandcoin_balance(&provider), 1500);
    assert_eq!(e.suite.bandcoin_balance(&market), 0);
    let overflow = ReceiveMsg::SettleAuction {
        offer_id: e.offer,
        awards: vec![Award {
            consumer: e.suite.addr("alice").to_string(),
            units: 2,
            unit_price: Uint128::MAX,
        }],
    };
    let r = e.suite.market_send(&market, &house, 1, &overflow);
    assert_eq!(
        market_err(r),
        ContractError::Common(CommonError::Pricing(PricingError::Overflow {}))
    );
}

// ---------------------------------------------------------------- ratings

#[test]
fn holder_or_buyer_rates_a_grant_once() {
    let mut e = market_setup();
    let (market, buyer) = (e.market.clone(), e.buyer.clone());
    let r = e.buy(Route::Cw20, 1, 1, 1000).unwrap();
    let grant_id: u64 = attr(&r, "first_grant_id").parse().unwrap();
    let rate = |quality| ExecuteMsg::RateGrant {
        grant_id,
        positive: true,
        quality,
    };
    let stranger = e.suite.addr("stranger");
    assert_eq!(
        market_err(e.suite.market_execute(&market, &stranger, &rate(80))),
        ContractError::NotGrantParty { grant_id }
    );
    assert_eq!(
        market_err(e.suite.market_execute(&market, &buyer, &rate(101))),
        ContractError::InvalidQuality { quality: 101 }
    );
    assert_eq!(
        market_err(e.suite.market_execute(
            &market,
            &buyer,
            &ExecuteMsg::RateGrant {
                grant_id: 999,
                positive: true,
                quality: 1
            }
        )),
        ContractError::UnknownGrant { grant_id: 999 }
    );
    let r = e.suite.market_execute(&market, &buyer, &rate(80)).unwrap();
    assert_eq!(attr(&r, "quality"), "80");
    assert_eq!(
        market_err(e.suite.market_execute(&market, &buyer, &rate(80))),
        ContractError::AlreadyRated { grant_id }
    );
    let rating: RatingResponse = e
        .suite
        .market_query(&market, &QueryMsg::Rating { grant_id });
    let rating = rating.rating.unwrap();
    assert_eq!(
        (rating.rater, rating.quality, rating.positive),
        (buyer, 80, true)
    );
}

// ---------------------------------------------------------------- the paper's workflow

#[test]
fn paper_workflow_mint_buy_pay_burn() {
    // The exchange deposits (mints) Bandcoin to a consumer, an approved MNO posts an
    // offer, the consumer reads the offer, asks for the quote and allocates through the
    // token's Send, the MNO is paid in the same transaction and withdraws (burns).
    let mut s = spectrum_testing::Suite::builder().build();
    let market = s.market.clone();
    let (mno, consumer) = (s.addr("mno"), s.addr("consumer"));
    s.mint_bandcoin(&consumer, 10_000).unwrap();
    s.market_approve(&market, &mno).unwrap();
    let terms = OfferTerms {
        volume_discount: dec("0.8"),
        ..offer_terms()
    };
    let offer_id = s.market_post(&market, &mno, terms).unwrap();
    let epoch: CurrentEpochResponse = s.market_query(&market, &QueryMsg::CurrentEpoch {});
    assert_eq!(epoch.epoch, 0);
    let o = s.market_offer(&market, offer_id);
    let q = s.market_quote(&market, offer_id, None, None, 4).unwrap();
    // 1000·(1 + .8 + .64 + .512) = 2952
    assert_eq!(q.price.u128(), 2952);
    s.market_allocate(
        Route::Cw20,
        &market,
        &consumer,
        q.price.u128(),
        allocate_units(offer_id, o.version, 4, q.price.u128()),
    )
    .unwrap();
    assert_eq!(s.bandcoin_balance(&consumer), 10_000 - 2952);
    assert_eq!(s.bandcoin_balance(&mno), 2952);
    assert_eq!(s.bandcoin_balance(&market), 0);
    s.app
        .execute_contract(
            mno.clone(),
            s.bandcoin.clone(),
            &cw20::Cw20ExecuteMsg::Burn {
                amount: Uint128::new(2952),
            },
            &[],
        )
        .unwrap();
    assert_eq!(s.bandcoin_balance(&mno), 0);
    let info: cw20::TokenInfoResponse = s
        .app
        .wrap()
        .query_wasm_smart(&s.bandcoin, &cw20::Cw20QueryMsg::TokenInfo {})
        .unwrap();
    assert_eq!(info.total_supply.u128(), 10_000 - 2952);
    let grants = s.market_grants_of(
        &market,
        Holder::Address {
            address: consumer.to_string(),
        },
    );
    assert_eq!((grants.len(), grants[0].units), (1, 4));
}

#[test]
fn a_rating_is_recorded_in_node_reputation_when_configured() {
    let mut e = market_setup();
    let (market, buyer, provider) = (e.market.clone(), e.buyer.clone(), e.provider.clone());
    let (admin, reputation) = (e.suite.admin.clone(), e.suite.reputation.clone());
    e.suite
        .market_update_config(&market, None, None, Some(&reputation))
        .unwrap();
    e.suite
        .app
        .execute_contract(
            admin.clone(),
            reputation.clone(),
            &spectrum_types::node_reputation::ExecuteMsg::AddReporter {
                address: market.to_string(),
            },
            &[],
        )
        .unwrap();
    let r = e.buy(Route::Cw20, 1, 1, 1000).unwrap();
    let grant_id: u64 = attr(&r, "first_grant_id").parse().unwrap();
    e.suite
        .market_execute(
            &market,
            &buyer,
            &ExecuteMsg::RateGrant {
                grant_id,
                positive: false,
                quality: 40,
            },
        )
        .unwrap();
    let pair: spectrum_types::node_reputation::PairResponse = e
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &reputation,
            &spectrum_types::node_reputation::QueryMsg::Pair {
                operator: buyer.to_string(),
                node: provider.to_string(),
            },
        )
        .unwrap();
    assert_eq!((pair.positive, pair.negative), (0, 1));
    assert_eq!(pair.quality, Decimal::percent(40));
}

/// A consumer's secp256k1 key pair from a seed.
pub fn keypair(seed: u8) -> (SigningKey, Binary) {
    let sk = SigningKey::from_slice(&[seed.max(1); 32]).unwrap();
    let pk = sk
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec();
    (sk, Binary::from(pk))
}

/// The 64-byte signature over sha256(challenge).
pub fn sign(sk: &SigningKey, challenge: &[u8]) -> Binary {
    let hash = Sha256::digest(challenge);
    let sig: Signature = sk.sign_prehash(&hash).unwrap();
    Binary::from(sig.to_bytes().to_vec())
}
