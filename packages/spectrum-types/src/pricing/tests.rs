//! The pricing checked against the reference formula, evaluated exactly with big
//! integer fractions (the literal double sum for small purchases, its closed form for large
//! ones), and against amounts printed by the authors' Python processor.

use super::*;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use proptest::prelude::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

const ONE: u128 = 1_000_000_000_000_000_000;

fn big(x: u128) -> BigInt {
    BigInt::from(x)
}

/// Σ_{i<n} r^i with r = a / 10^18, as (numerator, denominator) over 10^(18(n−1)):
/// literally term by term for small n, in closed form otherwise. Not normalised, so
/// that huge purchases stay fast.
fn geometric_reference(r: Decimal, n: u64) -> (BigInt, BigInt) {
    let a = big(r.atomics().u128());
    let d = big(ONE);
    let den = num_traits::pow(d.clone(), (n - 1) as usize);
    if n <= 300 {
        let mut num = BigInt::zero();
        let mut a_i = BigInt::one();
        for i in 0..n {
            num += &a_i * num_traits::pow(d.clone(), (n - 1 - i) as usize);
            a_i *= &a;
        }
        return (num, den);
    }
    if a == d {
        return (big(n as u128) * &den, den);
    }
    let num = (num_traits::pow(d.clone(), n as usize) - num_traits::pow(a.clone(), n as usize))
        / (&d - &a);
    (num, den)
}

fn round_half_even_reference(num: &BigInt, den: &BigInt) -> BigInt {
    let (q, r) = num.div_rem(den);
    let twice = &r * 2u32;
    if twice > *den || (twice == *den && (&q % 2u32).is_one()) {
        q + 1
    } else {
        q
    }
}

/// The reference: round(Σ_e Σ_i p_e rd^k_e vd^i), or None when it exceeds u128.
fn reference(epochs: &[(u128, u64)], units: u64, vd: Decimal, rd: Decimal) -> Option<u128> {
    let (s_num, s_den) = geometric_reference(vd, units);
    let k_max = epochs.iter().map(|(_, k)| *k).max().unwrap();
    let a = big(rd.atomics().u128());
    let d = big(ONE);
    let mut e_num = BigInt::zero();
    for (p, k) in epochs {
        e_num += big(*p)
            * num_traits::pow(a.clone(), *k as usize)
            * num_traits::pow(d.clone(), (k_max - k) as usize);
    }
    let e_den = num_traits::pow(d, k_max as usize);
    round_half_even_reference(&(s_num * e_num), &(s_den * e_den)).to_u128()
}

fn ours(
    epochs: &[(u128, u64)],
    units: u64,
    vd: Decimal,
    rd: Decimal,
) -> Result<Uint128, PricingError> {
    let e: Vec<EpochPrice> = epochs
        .iter()
        .map(|(p, k)| EpochPrice {
            price: Uint128::new(*p),
            epochs_ahead: *k,
        })
        .collect();
    reservation_price(&e, units, vd, rd)
}

fn check(epochs: &[(u128, u64)], units: u64, vd: &str, rd: &str) {
    let (vd, rd) = (dec(vd), dec(rd));
    match reference(epochs, units, vd, rd) {
        Some(expected) => assert_eq!(
            ours(epochs, units, vd, rd),
            Ok(Uint128::new(expected)),
            "epochs {epochs:?} units {units} vd {vd} rd {rd}"
        ),
        None => assert_eq!(
            ours(epochs, units, vd, rd),
            Err(PricingError::Overflow {}),
            "epochs {epochs:?} units {units} vd {vd} rd {rd}"
        ),
    }
}

const NEAR_MAX: u128 = u128::MAX - 12_345;

#[test]
fn volume_price_matches_reference_formula_across_the_range() {
    let cases: &[(u128, u64, &str)] = &[
        (1, 1, "0"),
        (1, 1, "1"),
        (1, 2, "0.5"),
        (3, 2, "0.5"),
        (5, 2, "0.9"),
        (100, 3, "0.9"),
        (1_000, 100, "0.99"),
        (1_000_000, 1_000, "0.999"),
        (7, 1_000, "0.5"),
        (250, 50, "1"),
        (250, 50, "0"),
        (123_456_789, 50_000, "0.95"),
        (123_456_789, 50_000, "0.999999"),
        (1, 50_000, "0.999999999999999999"),
        (1, 50_000, "0.000000000000000001"),
        (999_999_999_999, 49_999, "0.123456789012345678"),
        (NEAR_MAX, 1, "0.5"),
        (NEAR_MAX, 1, "1"),
        (NEAR_MAX / 2, 2, "0.999999999999999999"),
        (u128::MAX / 3, 2, "1"),
        (NEAR_MAX, 2, "1"),
        (NEAR_MAX, 50_000, "0.95"),
        (u128::MAX / 20 - 7, 50_000, "0.95"),
        (u128::MAX / 50_000, 50_000, "1"),
        (2u128.pow(100) + 1, 129, "0.5"),
        (2u128.pow(127) - 1, 130, "0.5"),
        // Structural near-ties: the limit of the series is a half-integer.
        (
            97_117_249_403_356_859_219_023_820_180_047_578_514,
            168,
            "0.2",
        ),
        (6, 3_000, "0.2"),
        (2, 1_000, "0.5"),
    ];
    assert!(cases.len() >= 20);
    for (price, units, vd) in cases {
        check(&[(*price, 0)], *units, vd, "1");
    }
}

#[test]
fn reservation_price_matches_reference_formula() {
    check(&[(100, 1), (120, 2), (90, 3)], 10, "0.95", "0.9");
    check(&[(1_000, 0), (1_000, 1), (1_000, 2)], 4, "0.5", "0.5");
    check(&[(5, 1)], 1, "1", "0.8");
    check(&[(NEAR_MAX, 3), (NEAR_MAX, 4)], 1, "1", "0.25");
    check(&[(NEAR_MAX, 3), (NEAR_MAX, 4)], 1, "1", "0.75");
    check(&[(7, 30), (11, 63)], 50_000, "0.999", "0.99");
    check(&[(1, 0), (1, 1), (1, 2)], 3, "0", "0");
    let many: Vec<(u128, u64)> = (0..64).map(|k| (1_000 + k as u128, k)).collect();
    check(&many, 1_000, "0.97", "0.9");
}

#[test]
fn amounts_equal_those_printed_by_the_python_processor() {
    // (price, units, volume discount) -> get_volume_price(...) in aima_transaction_processor.py
    let vectors: &[(u128, u64, &str, u128)] = &[
        (100, 1, "0.9", 100),
        (100, 2, "0.9", 190),
        (100, 3, "0.9", 271),
        (5, 2, "0.9", 10),
        (1, 2, "0.5", 2),
        (3, 2, "0.5", 4),
        (1_000, 10, "0.95", 8_025),
        (1_000, 100, "0.99", 63_397),
        (7, 1_000, "0.5", 14),
        (250, 50, "1", 12_500),
        (250, 50, "0", 250),
        (1, 3, "0.25", 1),
        (12_345, 20, "0.8", 61_013),
        (10, 5, "0.75", 31),
    ];
    for (price, units, vd, expected) in vectors {
        assert_eq!(
            volume_price(Uint128::new(*price), *units, dec(vd)),
            Ok(Uint128::new(*expected)),
            "price {price} units {units} vd {vd}"
        );
    }
    // get_reservation_price(current, epoch, epoch_to, rd, reservations, units, vd)
    let res = |v: &[(u128, u64)], units, vd, rd| ours(v, units, dec(vd), dec(rd)).unwrap().u128();
    assert_eq!(
        res(&[(100, 1), (120, 2), (90, 3)], 10, "0.95", "0.9"),
        2_029
    );
    assert_eq!(
        res(&[(1_000, 0), (1_000, 1), (1_000, 2)], 4, "0.5", "0.5"),
        3_281
    );
    assert_eq!(res(&[(5, 1)], 1, "1", "0.8"), 4);
}

/// Issue 21: one unit reserved one epoch ahead at price 1 with discounts 0.5 and 0.431 is
/// worth exactly 0.5, which rounds half-even to 0 (the reference agrees). Such a price is
/// not payable, and `payable` refuses it with the typed error that quotes and executes share.
#[test]
fn a_price_that_rounds_to_zero_is_not_payable() {
    let epochs = [EpochPrice {
        price: Uint128::one(),
        epochs_ahead: 1,
    }];
    let price = reservation_price(&epochs, 1, dec("0.431"), dec("0.5")).unwrap();
    assert_eq!(price, Uint128::zero());
    assert_eq!(reference(&[(1, 1)], 1, dec("0.431"), dec("0.5")), Some(0));
    assert_eq!(
        payable(price, 1, 1),
        Err(PricingError::PriceRoundsToZero {
            units: 1,
            epochs: 1
        })
    );
    assert_eq!(payable(Uint128::one(), 1, 1), Ok(Uint128::one()));
    // A unit price of 1 two epochs ahead at discount 0.7 is worth 0.49: also refused.
    let epochs = [EpochPrice {
        price: Uint128::one(),
        epochs_ahead: 2,
    }];
    let price = reservation_price(&epochs, 1, dec("1"), dec("0.7")).unwrap();
    assert!(payable(price, 1, 1).is_err());
}

#[test]
fn bad_input_is_a_typed_error_never_a_panic() {
    let p = Uint128::new(10);
    assert_eq!(
        volume_price(p, 0, Decimal::one()),
        Err(PricingError::ZeroUnits {})
    );
    assert_eq!(
        volume_price(p, MAX_PRICED_UNITS + 1, Decimal::one()),
        Err(PricingError::TooManyUnits {
            units: MAX_PRICED_UNITS + 1,
            max: MAX_PRICED_UNITS
        })
    );
    assert_eq!(
        volume_price(p, 1, dec("1.000000000000000001")),
        Err(PricingError::DiscountOutOfRange {
            name: "volume".into(),
            value: dec("1.000000000000000001")
        })
    );
    assert!(matches!(
        reservation_price(
            &[EpochPrice {
                price: p,
                epochs_ahead: 1
            }],
            1,
            Decimal::one(),
            dec("2")
        ),
        Err(PricingError::DiscountOutOfRange { .. })
    ));
    assert_eq!(
        reservation_price(&[], 1, Decimal::one(), Decimal::one()),
        Err(PricingError::EpochCount {
            epochs: 0,
            max: MAX_PRICED_EPOCHS
        })
    );
    assert_eq!(
        volume_price(Uint128::MAX, 2, Decimal::one()),
        Err(PricingError::Overflow {})
    );
    assert_eq!(
        volume_price(Uint128::MAX, MAX_PRICED_UNITS, dec("0.9")),
        Err(PricingError::Overflow {})
    );
    assert_eq!(volume_price(Uint128::MAX, 1, dec("0.3")), Ok(Uint128::MAX));
    // Largest unit count with the bracketing path and no overflow.
    assert!(volume_price(
        Uint128::new(1),
        MAX_PRICED_UNITS,
        dec("0.999999999999999999")
    )
    .is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_purchases_match_reference(
        price in 1u128..=u128::MAX,
        units in 1u64..400,
        vd_atomics in 0u128..=1_000_000_000_000_000_000u128,
        vd_digits in 1u32..=18,
    ) {
        // Discounts with 1 to 18 significant decimals, as providers would post them.
        let step = 10u128.pow(18 - vd_digits);
        let vd = Decimal::new(Uint128::new(vd_atomics / step * step));
        let expected = reference(&[(price, 0)], units, vd, Decimal::one());
        let got = volume_price(Uint128::new(price), units, vd);
        match expected {
            Some(e) => prop_assert_eq!(got, Ok(Uint128::new(e))),
            None => prop_assert_eq!(got, Err(PricingError::Overflow {})),
        }
    }

    #[test]
    fn structural_near_ties_round_exactly(
        price in 1u128..=u128::MAX / 2,
        units in 100u64..3_000,
        vd in proptest::sample::select(vec!["0.5", "0.2", "0.25", "0.75", "0.8", "0.9", "0.95", "0.125"]),
    ) {
        check(&[(price, 0)], units, vd, "1");
    }

    #[test]
    fn random_reservations_match_reference(
        prices in proptest::collection::vec(1u128..1_000_000_000_000u128, 1..6),
        first_ahead in 0u64..20,
        units in 1u64..200,
        vd_pct in 0u64..=100,
        rd_pct in 0u64..=100,
    ) {
        let epochs: Vec<(u128, u64)> =
            prices.iter().enumerate().map(|(i, p)| (*p, first_ahead + i as u64)).collect();
        let vd = Decimal::percent(vd_pct);
        let rd = Decimal::percent(rd_pct);
        let expected = reference(&epochs, units, vd, rd).unwrap();
        prop_assert_eq!(ours(&epochs, units, vd, rd), Ok(Uint128::new(expected)));
    }
}
