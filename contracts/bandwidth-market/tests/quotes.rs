//! Issue 21: every price the market quotes is payable. Whenever `quote` answers a price,
//! buying with exactly that amount succeeds through every payment route (Bandcoin allowance,
//! Bandcoin `Send`, the native coin, and a committed batch); whenever `quote` refuses, every
//! route refuses with the same error and nothing moves. A price that rounds to 0 is refused
//! by both with `PriceRoundsToZero`.

use bandwidth_market::ContractError;
use cosmwasm_std::{Binary, Decimal, Uint128};
use proptest::prelude::*;
use spectrum_testing::bandwidth_market::{
    allocate_units, offer_terms, reservation_updates, MARKET_EPOCH_SECONDS,
};
use spectrum_testing::bandwidth_market::{market_err, market_setup_with, MarketEnv};
use spectrum_testing::Route;
use spectrum_types::bandwidth_market::{
    AllocateCommittedMsg, AllocateMsg, ExecuteMsg, OfferTerms, ReceiveMsg, ReservationUpdate,
};
use spectrum_types::error::CommonError;
use spectrum_types::PricingError;

/// The epoch the offers are posted at (the issue's example posts at epoch 3).
const START_EPOCH: u64 = 3;

/// One random case: offer terms and one purchase.
#[derive(Debug, Clone)]
struct Case {
    unit_price: u128,
    vd: &'static str,
    rd: &'static str,
    /// (epochs ahead of the start, price, capacity)
    reservations: Vec<(u64, u128, u64)>,
    /// `None`: spot; `Some((ahead, span))`: reservation epochs `start+ahead ..= start+ahead+span`.
    window: Option<(u64, u64)>,
    units: u64,
}

/// The issue's example: a reservation `{epoch: 4, price: 1, capacity: 1}` with discounts
/// 0.5 and 0.431 at epoch 3 is worth exactly 0.5, which rounds half-even to 0.
fn issue_example() -> Case {
    Case {
        unit_price: 1000,
        vd: "0.431",
        rd: "0.5",
        reservations: vec![(1, 1, 1)],
        window: Some((1, 0)),
        units: 1,
    }
}

fn terms_of(c: &Case) -> OfferTerms {
    OfferTerms {
        unit_price: Uint128::new(c.unit_price),
        max_allocations: 20,
        volume_discount: c.vd.parse().unwrap(),
        reservation_discount: c.rd.parse().unwrap(),
        reservations: c
            .reservations
            .iter()
            .map(|(ahead, price, capacity)| ReservationUpdate {
                epoch: START_EPOCH + ahead,
                price: Uint128::new(*price),
                capacity: *capacity,
            })
            .collect(),
        ..offer_terms()
    }
}

/// A suite at epoch 3 with the case's offer posted on both markets, or the post's error.
fn post(c: &Case) -> (MarketEnv, Result<(), (ContractError, ContractError)>) {
    let mut env = market_setup_with(offer_terms());
    env.suite
        .market_advance_seconds(START_EPOCH * MARKET_EPOCH_SECONDS);
    let terms = terms_of(c);
    let (market, native, provider) = (env.market.clone(), env.native.clone(), env.provider.clone());
    let a = env
        .suite
        .market_execute(&market, &provider, &ExecuteMsg::PostOffer(terms.clone()));
    let b = env
        .suite
        .market_execute(&native, &provider, &ExecuteMsg::PostOffer(terms));
    match (a, b) {
        (Ok(_), Ok(_)) => {
            // the case's offer is the second on each market (setup posted the first)
            env.offer = 2;
            env.native_offer = 2;
            (env, Ok(()))
        }
        (a, b) => {
            let (a, b) = (market_err(a), market_err(b));
            (env, Err((a, b)))
        }
    }
}

fn allocate_msg(c: &Case, offer_id: u64, version: u64, price: u128) -> AllocateMsg {
    let (epoch, epoch_to) = match c.window {
        Some((ahead, span)) => (Some(START_EPOCH + ahead), Some(START_EPOCH + ahead + span)),
        None => (None, None),
    };
    AllocateMsg {
        epoch,
        epoch_to,
        ..allocate_units(offer_id, version, c.units, price)
    }
}

fn committed_msg(c: &Case, offer_id: u64, version: u64, price: u128) -> AllocateCommittedMsg {
    let a = allocate_msg(c, offer_id, version, price);
    AllocateCommittedMsg {
        offer_id,
        version,
        epoch: a.epoch,
        epoch_to: a.epoch_to,
        root: Binary::from(vec![7u8; 32]),
        count: c.units,
        price: a.price,
    }
}

/// How many reservation epochs the paper's merge rules leave (capacity 0 deletes).
fn merged_reservations(updates: &[(u64, u128, u64)]) -> usize {
    let mut epochs = std::collections::BTreeSet::new();
    for (ahead, _, capacity) in updates {
        if *capacity == 0 {
            epochs.remove(ahead);
        } else {
            epochs.insert(*ahead);
        }
    }
    epochs.len()
}

/// Buys the case's purchase at exactly `price` through one payment route (0: Bandcoin
/// allowance, 1: Bandcoin `Send`, 2: a committed batch through `Send`, 3: the native coin)
/// and checks that it went through and moved exactly `price` from the buyer to the provider.
fn pay_by_route(
    env: &mut MarketEnv,
    c: &Case,
    route: u8,
    version: u64,
    price: u128,
) -> Result<(), TestCaseError> {
    let (market, native, buyer, provider) = (
        env.market.clone(),
        env.native.clone(),
        env.buyer.clone(),
        env.provider.clone(),
    );
    let balances = |env: &MarketEnv| {
        (
            env.suite.bandcoin_balance(&buyer),
            env.suite.bandcoin_balance(&provider),
            env.suite.native_balance(&buyer),
            env.suite.native_balance(&provider),
        )
    };
    let before = balances(env);
    let msg = allocate_msg(c, 2, version, price);
    let r = match route {
        0 => {
            env.suite.bandcoin_allow(&buyer, &market, price).unwrap();
            env.suite
                .market_allocate_from_allowance(&market, &buyer, msg)
        }
        1 => env
            .suite
            .market_allocate(Route::Cw20, &market, &buyer, price, msg),
        2 => env.suite.market_send(
            &market,
            &buyer,
            price,
            &ReceiveMsg::AllocateCommitted(committed_msg(c, 2, version, price)),
        ),
        _ => env
            .suite
            .market_allocate(Route::Native, &native, &buyer, price, msg),
    };
    prop_assert!(r.is_ok(), "route {} refused: {:?}", route, r.err());
    let after = balances(env);
    if route < 3 {
        prop_assert_eq!(
            after,
            (before.0 - price, before.1 + price, before.2, before.3)
        );
    } else {
        prop_assert_eq!(
            after,
            (before.0, before.1, before.2 - price, before.3 + price)
        );
    }
    Ok(())
}

/// Runs one case: the quote's answer is honoured by every route.
fn run(c: Case) -> Result<(), TestCaseError> {
    let (mut env, posted) = post(&c);
    if let Err((a, b)) = posted {
        // The only terms refused here: a reservation discount of 0 with reservations ahead.
        let expected = ContractError::FreeReservations {
            count: merged_reservations(&c.reservations),
        };
        prop_assert_eq!(&a, &expected);
        prop_assert_eq!(&b, &expected);
        prop_assert!(Decimal::is_zero(&c.rd.parse().unwrap()));
        return Ok(());
    }
    let (market, native, buyer) = (env.market.clone(), env.native.clone(), env.buyer.clone());
    let (epoch, epoch_to) = match c.window {
        Some((ahead, span)) => (Some(START_EPOCH + ahead), Some(START_EPOCH + ahead + span)),
        None => (None, None),
    };
    let quote = env.suite.market_quote(&market, 2, epoch, epoch_to, c.units);
    let native_quote = env.suite.market_quote(&native, 2, epoch, epoch_to, c.units);
    match (quote, native_quote) {
        (Ok(q), Ok(nq)) => {
            prop_assert_eq!(&q, &nq);
            let price = q.price.u128();
            prop_assert!(price > 0, "a quote is never 0");
            // Each route on its own copy of the market, so that each has the capacity.
            for route in 0..4 {
                let (mut env, posted) = post(&c);
                prop_assert!(posted.is_ok());
                pay_by_route(&mut env, &c, route, q.version, price)?;
            }
        }
        (Err(q), Err(nq)) => {
            let (q, nq) = (q.to_string(), nq.to_string());
            let before = env.snapshot(&market, 2);
            let native_before = env.snapshot(&native, 2);
            let same = |e: ContractError, quoted: &str| -> Result<(), TestCaseError> {
                prop_assert!(
                    quoted.contains(&e.to_string()),
                    "quote said {quoted:?}, execute said {e:?}"
                );
                Ok(())
            };
            // What a buyer told nothing could send: 0 from an allowance, nothing attached,
            // 0 or some amount through Send.
            let r = env.suite.market_allocate_from_allowance(
                &market,
                &buyer,
                allocate_msg(&c, 2, 1, 0),
            );
            same(market_err(r), &q)?;
            for paid in [1, 0] {
                let msg = allocate_msg(&c, 2, 1, 0);
                let r = env
                    .suite
                    .market_allocate(Route::Cw20, &market, &buyer, paid, msg);
                same(market_err(r), &q)?;
            }
            let r = env.suite.market_send(
                &market,
                &buyer,
                1,
                &ReceiveMsg::AllocateCommitted(committed_msg(&c, 2, 1, 0)),
            );
            same(market_err(r), &q)?;
            let r = env.suite.market_execute(
                &native,
                &buyer,
                &ExecuteMsg::Allocate(allocate_msg(&c, 2, 1, 0)),
            );
            same(market_err(r), &nq)?;
            let r = env.suite.market_allocate(
                Route::Native,
                &native,
                &buyer,
                1,
                allocate_msg(&c, 2, 1, 0),
            );
            same(market_err(r), &nq)?;
            prop_assert_eq!(env.snapshot(&market, 2), before);
            prop_assert_eq!(env.snapshot(&native, 2), native_before);
        }
        (a, b) => prop_assert!(false, "the markets disagree: {a:?} / {b:?}"),
    }
    Ok(())
}

#[test]
fn issue_example_is_refused_by_quote_and_every_route_alike() {
    let c = issue_example();
    let (mut env, posted) = post(&c);
    posted.unwrap();
    let (market, native, buyer) = (env.market.clone(), env.native.clone(), env.buyer.clone());
    let zero = ContractError::Common(CommonError::Pricing(PricingError::PriceRoundsToZero {
        units: 1,
        epochs: 1,
    }));
    let q = env
        .suite
        .market_quote(&market, 2, Some(4), Some(4), 1)
        .unwrap_err()
        .to_string();
    assert!(q.contains(&zero.to_string()), "{q}");
    let before = env.snapshot(&market, 2);
    let native_before = env.snapshot(&native, 2);
    let msg = AllocateMsg {
        epoch: Some(4),
        epoch_to: Some(4),
        ..allocate_units(2, 1, 1, 0)
    };
    // from an allowance, with the quoted-by-the-rule price 0
    let r = env
        .suite
        .market_allocate_from_allowance(&market, &buyer, msg.clone());
    assert_eq!(market_err(r), zero);
    // through Send, with 0 or any other amount
    let r = env
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 0, msg.clone());
    assert_eq!(market_err(r), zero);
    let r = env
        .suite
        .market_allocate(Route::Cw20, &market, &buyer, 1, msg.clone());
    assert_eq!(market_err(r), zero);
    // in the native coin, with nothing or something attached
    let r = env
        .suite
        .market_execute(&native, &buyer, &ExecuteMsg::Allocate(msg.clone()));
    assert_eq!(market_err(r), zero);
    let r = env
        .suite
        .market_allocate(Route::Native, &native, &buyer, 1, msg);
    assert_eq!(market_err(r), zero);
    assert_eq!(env.snapshot(&market, 2), before);
    assert_eq!(env.snapshot(&native, 2), native_before);
    // Two units are worth 0.5 · (1 + 0.431) = 0.7155, which rounds to 1: payable, and the
    // reservation's capacity of 1 then refuses it for capacity, not price.
    let q = env.suite.market_quote(&market, 2, Some(4), Some(4), 2);
    assert!(q
        .unwrap_err()
        .to_string()
        .contains("no reservation with 2 units left"));
}

#[test]
fn a_reservation_discount_of_zero_with_reservations_is_refused_at_post_and_update() {
    let mut env = market_setup_with(offer_terms());
    let (market, provider) = (env.market.clone(), env.provider.clone());
    let free = OfferTerms {
        reservation_discount: Decimal::zero(),
        reservations: reservation_updates(&[(2, 500, 3)]),
        ..offer_terms()
    };
    let before = env.snapshot(&market, 1);
    let r = env
        .suite
        .market_execute(&market, &provider, &ExecuteMsg::PostOffer(free.clone()));
    assert_eq!(market_err(r), ContractError::FreeReservations { count: 1 });
    let r = env.suite.market_update_offer(&market, &provider, 1, free);
    assert_eq!(market_err(r), ContractError::FreeReservations { count: 1 });
    assert_eq!(env.snapshot(&market, 1), before);
    // An existing reservation counts too: discount 0 may not be set while it remains.
    let with_reservation = OfferTerms {
        reservations: reservation_updates(&[(2, 500, 3)]),
        ..offer_terms()
    };
    env.suite
        .market_update_offer(&market, &provider, 1, with_reservation)
        .unwrap();
    let zero_discount = OfferTerms {
        reservation_discount: Decimal::zero(),
        ..offer_terms()
    };
    let before = env.snapshot(&market, 1);
    let r = env
        .suite
        .market_update_offer(&market, &provider, 1, zero_discount.clone());
    assert_eq!(market_err(r), ContractError::FreeReservations { count: 1 });
    assert_eq!(env.snapshot(&market, 1), before);
    // Without reservations a discount of 0 is harmless (spot prices ignore it).
    let id = env
        .suite
        .market_post(&market, &provider, zero_discount)
        .unwrap();
    assert_eq!(id, 2);
}

const VDS: [&str; 6] = ["0", "0.001", "0.431", "0.5", "0.9", "1"];
const RDS: [&str; 7] = ["0", "0.001", "0.1", "0.431", "0.5", "0.9", "1"];

fn case() -> impl Strategy<Value = Case> {
    (
        prop_oneof![1u128..4, 1u128..2000],
        prop::sample::select(&VDS[..]),
        prop::sample::select(&RDS[..]),
        prop::collection::vec((1u64..5, prop_oneof![1u128..3, 1u128..60], 0u64..17), 0..4),
        prop::option::of((1u64..5, 0u64..3)),
        1u64..5,
    )
        .prop_map(|(unit_price, vd, rd, reservations, window, units)| Case {
            unit_price,
            vd,
            rd,
            reservations,
            window,
            units,
        })
}

#[test]
fn issue_example_as_a_property_case() {
    run(issue_example()).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_quote_is_payable_through_every_route(c in case()) {
        run(c)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The long run: `cargo test -p bandwidth-market --test quotes -- --ignored`.
    #[test]
    #[ignore]
    fn soak_every_quote_is_payable_through_every_route(c in case()) {
        run(c)?;
    }
}
