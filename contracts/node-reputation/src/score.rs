//! The paper's reputation model (eq. 5 and 6), exact in `Decimal`.
//!
//! A pair i→j is kept as (Np, Nn, Σ quality). Its quality estimate is the running mean
//! suc = Σ quality / (Np + Nn); since only sums are kept, the pair's values depend on the
//! multiset of its interactions, never on their order.

use cosmwasm_std::{Decimal, StdError, StdResult, Uint128};

/// The eq. 5 values of one operator→node pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Eq5 {
    /// suc: mean reported quality (0 without interactions).
    pub quality: Decimal,
    /// Tru = (1 − Ind)·Np/(Np+Nn), rounded down.
    pub trusted: Decimal,
    /// Unt = 1 − Ind − Tru, so that the three values sum to exactly 1.
    pub untrusted: Decimal,
    /// Ind = 1 − suc.
    pub indefinite: Decimal,
}

impl Eq5 {
    /// A pair without interactions: fully indefinite.
    pub const INDEFINITE: Eq5 = Eq5 {
        quality: Decimal::zero(),
        trusted: Decimal::zero(),
        untrusted: Decimal::zero(),
        indefinite: Decimal::one(),
    };
}

/// Eq. 5 for a pair with `positive` (Np) and `negative` (Nn) interactions whose
/// qualities sum to `quality_sum` (each quality in [0, 1], so the sum is at most Np+Nn).
pub fn eq5(positive: u64, negative: u64, quality_sum: Decimal) -> StdResult<Eq5> {
    let n = u128::from(positive) + u128::from(negative);
    if n == 0 {
        return Ok(Eq5::INDEFINITE);
    }
    // suc = Σq / n, rounded down; never above 1 because every q is at most 1.
    let quality = Decimal::new(quality_sum.atomics() / Uint128::new(n)).min(Decimal::one());
    let indefinite = Decimal::one() - quality;
    // Tru = suc · Np / n with one rounding (Uint256 intermediate, no overflow).
    let trusted = Decimal::new(
        quality
            .atomics()
            .checked_multiply_ratio(u128::from(positive), n)
            .map_err(|e| StdError::generic_err(e.to_string()))?,
    );
    let untrusted = quality - trusted;
    Ok(Eq5 {
        quality,
        trusted,
        untrusted,
        indefinite,
    })
}

/// Eq. 6 and its normalisation: returns (rep_j, rep_j / N) from Σ Tru, Σ Ind over the
/// N = `raters` operators that interacted with the node. A node nobody rated scores φ,
/// the value of one fully indefinite pair.
pub fn node_score(
    trusted_sum: Decimal,
    indefinite_sum: Decimal,
    raters: u64,
    phi: Decimal,
) -> StdResult<(Decimal, Decimal)> {
    let reputation = trusted_sum.checked_add(indefinite_sum.checked_mul(phi)?)?;
    if raters == 0 {
        return Ok((reputation, phi));
    }
    let score = Decimal::new(reputation.atomics() / Uint128::from(raters)).min(Decimal::one());
    Ok((reputation, score))
}

/// Key of a score in the TopNodes index: ascending order gives the best score first.
pub fn inverse_score(score: Decimal) -> u128 {
    Decimal::one()
        .atomics()
        .u128()
        .saturating_sub(score.atomics().u128())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn pair_without_interactions_is_fully_indefinite() {
        let e = eq5(0, 0, Decimal::zero()).unwrap();
        assert_eq!(e, Eq5::INDEFINITE);
        assert_eq!(e.trusted + e.untrusted + e.indefinite, Decimal::one());
    }

    #[test]
    fn eq5_matches_hand_computed_vectors() {
        // Np = 3, Nn = 1, qualities 0.9 + 0.8 + 0.7 + 0.6 = 3.0: suc = 0.75, Ind = 0.25,
        // Tru = 0.75·3/4 = 0.5625, Unt = 0.75·1/4 = 0.1875.
        let e = eq5(3, 1, d("3.0")).unwrap();
        assert_eq!(e.quality, d("0.75"));
        assert_eq!(e.indefinite, d("0.25"));
        assert_eq!(e.trusted, d("0.5625"));
        assert_eq!(e.untrusted, d("0.1875"));

        // Only negative, perfect quality: fully untrusted.
        let e = eq5(0, 4, d("4")).unwrap();
        assert_eq!(
            (e.trusted, e.untrusted, e.indefinite),
            (d("0"), d("1"), d("0"))
        );

        // Only positive, quality 0.2: Tru = 0.2, Ind = 0.8.
        let e = eq5(5, 0, d("1")).unwrap();
        assert_eq!(
            (e.trusted, e.untrusted, e.indefinite),
            (d("0.2"), d("0"), d("0.8"))
        );

        // Quality 0: fully indefinite whatever the signs.
        let e = eq5(2, 7, d("0")).unwrap();
        assert_eq!(
            (e.trusted, e.untrusted, e.indefinite),
            (d("0"), d("0"), d("1"))
        );

        // Np = 1, Nn = 2, suc = 1/3 rounded down to 18 decimals: Tru rounds down, Unt
        // takes the remainder so that the three values sum to exactly 1.
        let e = eq5(1, 2, d("1")).unwrap();
        assert_eq!(e.quality, d("0.333333333333333333"));
        assert_eq!(e.trusted, d("0.111111111111111111"));
        assert_eq!(e.untrusted, d("0.222222222222222222"));
        assert_eq!(e.trusted + e.untrusted + e.indefinite, Decimal::one());
    }

    #[test]
    fn node_score_matches_hand_computed_vectors() {
        // Nobody rated the node: φ.
        assert_eq!(
            node_score(Decimal::zero(), Decimal::zero(), 0, d("0.5")).unwrap(),
            (Decimal::zero(), d("0.5"))
        );
        // Two raters: pair A (Tru 0.5625, Ind 0.25), pair B (Tru 0, Ind 0) with φ = 0.4:
        // rep = 0.5625 + 0.4·0.25 = 0.6625, score = 0.33125.
        let (rep, score) = node_score(d("0.5625"), d("0.25"), 2, d("0.4")).unwrap();
        assert_eq!(rep, d("0.6625"));
        assert_eq!(score, d("0.33125"));
        // One fully indefinite rater scores φ, like an unrated node.
        assert_eq!(node_score(d("0"), d("1"), 1, d("0.3")).unwrap().1, d("0.3"));
    }

    #[test]
    fn inverse_score_orders_best_first() {
        assert!(inverse_score(d("0.9")) < inverse_score(d("0.1")));
        assert_eq!(inverse_score(Decimal::one()), 0);
        assert_eq!(
            inverse_score(Decimal::zero()),
            Decimal::one().atomics().u128()
        );
    }
}
