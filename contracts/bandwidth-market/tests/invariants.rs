//! Proptest over random sequences of offers and allocations on a native-paid market:
//! providers receive exactly what buyers pay, spot sales never exceed max_allocations per
//! epoch, reservations never exceed their capacity, and every grant's price equals the
//! reference formula computed from the offer's public terms.

use spectrum_types::error::CommonError;
use std::collections::BTreeMap;

use bandwidth_market::ContractError;
use cosmwasm_std::{Decimal, Uint128};
use proptest::prelude::*;
use spectrum_testing::attr;
use spectrum_testing::bandwidth_market::market_err;
use spectrum_testing::bandwidth_market::{allocate_units, offer_terms, MARKET_EPOCH_SECONDS};
use spectrum_testing::Route;
use spectrum_testing::Suite;
use spectrum_types::bandwidth_market::{AllocateMsg, ExecuteMsg, ReservationUpdate};
use spectrum_types::pricing::{reservation_price, volume_price, EpochPrice};
use spectrum_types::PricingError;

#[derive(Debug, Clone)]
enum Op {
    /// A new offer with these terms.
    Post(Terms),
    /// New terms for an existing offer (`offer` modulo the number of offers).
    Update {
        offer: usize,
        terms: Terms,
    },
    Spot {
        offer: usize,
        units: u64,
    },
    Reserve {
        offer: usize,
        ahead: u64,
        span: u64,
        units: u64,
    },
    Advance,
}

const DISCOUNTS: [&str; 5] = ["0", "0.5", "0.9", "0.95", "1"];

fn reservations() -> impl Strategy<Value = Vec<(u64, u128, u64)>> {
    prop::collection::vec((1u64..4, 1u128..3000, 0u64..8), 0..3)
}

/// Offer terms: (unit price, max allocations, volume and reservation discount indices
/// into [`DISCOUNTS`], reservations).
fn terms() -> impl Strategy<Value = Terms> {
    (1u128..5000, 0u64..12, 0usize..5, 0usize..5, reservations())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => terms().prop_map(Op::Post),
        1 => (0usize..4, terms()).prop_map(|(offer, terms)| Op::Update { offer, terms }),
        3 => (0usize..4, 1u64..6).prop_map(|(offer, units)| Op::Spot { offer, units }),
        3 => (0usize..4, 1u64..4, 0u64..2, 1u64..4).prop_map(|(offer, ahead, span, units)| {
            Op::Reserve {
                offer,
                ahead,
                span,
                units,
            }
        }),
        1 => Just(Op::Advance),
    ]
}

/// The test's own model of one offer.
#[derive(Debug, Default)]
struct Model {
    id: u64,
    version: u64,
    price: u128,
    max: u64,
    left: u64,
    spot_epoch: u64,
    vd: Decimal,
    rd: Decimal,
    /// epoch → (price, capacity, allocated)
    reservations: BTreeMap<u64, (u128, u64, u64)>,
}

fn d(i: usize) -> Decimal {
    DISCOUNTS[i].parse().unwrap()
}

/// price, max_allocations, volume and reservation discount indexes, reservations.
type Terms = (u128, u64, usize, usize, Vec<(u64, u128, u64)>);

fn apply_terms(
    s: &mut Suite,
    market: &cosmwasm_std::Addr,
    provider: &cosmwasm_std::Addr,
    existing: Option<&mut Model>,
    epoch: u64,
    (price, max, vd, rd, reservations): Terms,
) -> Option<Model> {
    let mut terms = offer_terms();
    terms.unit_price = Uint128::new(price);
    terms.max_allocations = max;
    terms.volume_discount = d(vd);
    terms.reservation_discount = d(rd);
    terms.reservations = reservations
        .iter()
        .map(|(ahead, p, c)| ReservationUpdate {
            epoch: epoch + ahead,
            price: Uint128::new(*p),
            capacity: *c,
        })
        .collect();
    // A reservation discount of 0 with reservations left after the merge would price them
    // all at 0: the market refuses such terms and the model keeps what it had.
    let mut merged: BTreeMap<u64, u64> = existing
        .as_ref()
        .map(|m| m.reservations.iter().map(|(e, r)| (*e, r.1)).collect())
        .unwrap_or_default();
    for (ahead, _, c) in &reservations {
        if *c == 0 {
            merged.remove(&(epoch + ahead));
        } else {
            merged.insert(epoch + ahead, *c);
        }
    }
    merged.retain(|e, _| *e > epoch);
    if d(rd).is_zero() && !merged.is_empty() {
        let r = match &existing {
            Some(m) => s.market_update_offer(market, provider, m.id, terms),
            None => s.market_execute(market, provider, &ExecuteMsg::PostOffer(terms)),
        };
        assert_eq!(
            market_err(r),
            ContractError::FreeReservations {
                count: merged.len()
            }
        );
        return None;
    }
    let (mut m, new) = match existing {
        Some(m) => {
            s.market_update_offer(market, provider, m.id, terms)
                .unwrap();
            m.version += 1;
            (std::mem::take(m), false)
        }
        None => {
            let id = s.market_post(market, provider, terms).unwrap();
            (
                Model {
                    id,
                    version: 1,
                    ..Model::default()
                },
                true,
            )
        }
    };
    // the paper's merge rules, in the model
    for (ahead, p, c) in reservations {
        let e = epoch + ahead;
        if c == 0 {
            m.reservations.remove(&e);
        } else {
            let entry = m.reservations.entry(e).or_insert((p, c, 0));
            entry.0 = p;
            entry.1 = c;
        }
    }
    m.reservations.retain(|e, _| *e > epoch);
    m.price = price;
    m.max = max;
    m.left = max;
    m.spot_epoch = epoch;
    m.vd = d(vd);
    m.rd = d(rd);
    let _ = new;
    Some(m)
}

/// Runs one random sequence against the market and the model.
fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    {
        let mut s = Suite::builder()
            .with_native("buyer", 1_000_000_000_000)
            .build();
        let market = s.deploy_native_market();
        let provider = s.addr("provider");
        let buyer = s.addr("buyer");
        s.market_approve(&market, &provider).unwrap();
        let mut models: Vec<Model> = vec![];
        let mut epoch = 0u64;
        let mut paid_total = 0u128;
        let mut sales = 0u32;
        let first = Op::Post((1000, 5, 2, 2, vec![(1, 900, 4), (2, 800, 4)]));
        let ops = std::iter::once(first).chain(ops);

        for op in ops {
            match op {
                Op::Post(terms) => {
                    if let Some(m) = apply_terms(&mut s, &market, &provider, None, epoch, terms) {
                        models.push(m);
                    }
                }
                Op::Update { offer, terms } => {
                    if models.is_empty() {
                        continue;
                    }
                    let i = offer % models.len();
                    if let Some(m) = apply_terms(
                        &mut s,
                        &market,
                        &provider,
                        Some(&mut models[i]),
                        epoch,
                        terms,
                    ) {
                        models[i] = m;
                    }
                }
                Op::Spot { offer, units } => {
                    if models.is_empty() {
                        continue;
                    }
                    let n = models.len();
                    let m = &mut models[offer % n];
                    if m.spot_epoch != epoch {
                        m.left = m.max;
                        m.spot_epoch = epoch;
                    }
                    let price = volume_price(Uint128::new(m.price), units, m.vd)
                        .unwrap()
                        .u128();
                    let r = s.market_allocate(
                        Route::Native,
                        &market,
                        &buyer,
                        price.max(1),
                        allocate_units(m.id, m.version, units, price),
                    );
                    if price == 0 {
                        prop_assert!(r.is_err());
                    } else if units <= m.left {
                        let r = r.unwrap();
                        let g =
                            s.market_grant(&market, attr(&r, "first_grant_id").parse().unwrap());
                        prop_assert_eq!(g.price.u128(), price);
                        m.left -= units;
                        paid_total += price;
                        sales += 1;
                    } else {
                        prop_assert_eq!(
                            market_err(r),
                            ContractError::InsufficientAllocations {
                                requested: units,
                                available: m.left
                            }
                        );
                    }
                }
                Op::Reserve {
                    offer,
                    ahead,
                    span,
                    units,
                } => {
                    if models.is_empty() {
                        continue;
                    }
                    let n = models.len();
                    let m = &mut models[offer % n];
                    let (from, to) = (epoch + ahead, epoch + ahead + span);
                    let ok = (from..=to).all(|e| {
                        m.reservations
                            .get(&e)
                            .is_some_and(|r| r.1.saturating_sub(r.2) >= units)
                    });
                    let price = if ok {
                        let epochs: Vec<EpochPrice> = (from..=to)
                            .map(|e| EpochPrice {
                                price: Uint128::new(m.reservations[&e].0),
                                epochs_ahead: e - epoch,
                            })
                            .collect();
                        reservation_price(&epochs, units, m.vd, m.rd)
                            .unwrap()
                            .u128()
                    } else {
                        1
                    };
                    let msg = AllocateMsg {
                        epoch: Some(from),
                        epoch_to: Some(to),
                        ..allocate_units(m.id, m.version, units, price)
                    };
                    let r = s.market_allocate(Route::Native, &market, &buyer, price.max(1), msg);
                    if ok && price > 0 {
                        let r = r.unwrap();
                        let g =
                            s.market_grant(&market, attr(&r, "first_grant_id").parse().unwrap());
                        prop_assert_eq!(g.price.u128(), price);
                        for e in from..=to {
                            let r = m.reservations.get_mut(&e).unwrap();
                            r.2 += units;
                            prop_assert!(r.2 <= r.1, "reservation capacity oversold");
                        }
                        sales += 1;
                        paid_total += price;
                    } else if !ok {
                        let refused = matches!(market_err(r), ContractError::NoReservation { .. });
                        prop_assert!(refused);
                    } else {
                        prop_assert_eq!(
                            market_err(r),
                            ContractError::Common(CommonError::Pricing(
                                PricingError::PriceRoundsToZero {
                                    units,
                                    epochs: to - from + 1
                                }
                            ))
                        );
                    }
                }
                Op::Advance => {
                    s.market_advance_seconds(MARKET_EPOCH_SECONDS);
                    epoch += 1;
                }
            }
            // money: providers get exactly what buyers pay, the market keeps nothing
            prop_assert_eq!(s.native_balance(&provider), paid_total);
            prop_assert_eq!(s.native_balance(&buyer), 1_000_000_000_000 - paid_total);
            prop_assert_eq!(s.native_balance(&market), 0);
            // capacity: the contract agrees with the model, which never oversells
            for m in &models {
                let o = s.market_offer(&market, m.id);
                let left = if m.spot_epoch == epoch { m.left } else { m.max };
                prop_assert_eq!(o.allocations_left, left);
                prop_assert!(o.allocations_left <= o.max_allocations);
                prop_assert_eq!(o.version, m.version);
                prop_assert_eq!(
                    o.reservations.len(),
                    m.reservations.iter().filter(|(e, _)| **e > epoch).count()
                );
                for r in &o.reservations {
                    prop_assert_eq!(r.allocated, m.reservations[&r.epoch].2);
                }
            }
        }
        if std::env::var("MARKET_PROPTEST_VERBOSE").is_ok() {
            eprintln!("sales {sales} paid {paid_total}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn providers_get_what_buyers_pay_and_capacity_holds(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    /// The long run, for the soak script: `cargo test -p bandwidth-market -- --ignored`.
    #[test]
    #[ignore]
    fn soak_providers_get_what_buyers_pay_and_capacity_holds(ops in prop::collection::vec(op(), 1..120)) {
        run(ops)?;
    }
}
