//! The MO pricing and mining equilibrium of paper 001 (§3.2–4.2, Propositions 1–3) in
//! fixed point (`Decimal256`, 18 decimals), with bounded deterministic root finding and a
//! bounded natural logarithm. No floats: the f64 reference lives in the tests only.
//!
//! Model: users' willingness to pay v ~ U[0, 1]; a user's net utility is
//! v·ln(1 + k·b) − p_M·b with k = 1 while the MO's PoW share m ≤ γ and
//! k = (1 − m)/(1 − γ) when m > γ; the MO's profit is (p_M − p_s)·Q(p_M, m) + m·p_w.
//!
//! Derivation (see the contract README for the full text):
//! * demand: b*(v) = v/p_M − 1/k for v ≥ x := p_M/k, so Q = ∫_x^1 (v/p_M − 1/k) dv = (1 − x)²/(2p_M);
//!   with k = 1 this is eq. (9), (1 − p_M)²/(2p_M).
//! * with s := p_s/k the service profit is (x − s)(1 − x)²/(2x) =: G(x, s), whose first-order
//!   condition is the printed cubic 2x³ − (2 + s)x² + s = (x − 1)(2x² − s·x − s) = 0; the valid
//!   root is the one of 2x² − s·x − s in (s, 1): x*(s). F(s) := G(x*(s), s).
//! * envelope: dΠ/dm = p_w − h(s)/c on m ∈ (γ, 1 − c), with c := p_s(1 − γ),
//!   h := s²(1 − x*)²/(2x*) = 2x*³(1 − x*)²/(1 + x*)².
//! * M_1 = h(p_s)/c = (p* − p_s)(1 − p*)/(1 − γ) (the printed formula with the (1 − γ)
//!   factor moved to the denominator), and serving beats m = 1 while p_w ≤ s·F(s)/c, maximal
//!   at s = 1/6 (x* = 1/3): M_2 = 1/(54c) when p_s < 1/6. For p_s ≥ 1/6 the middle regime is
//!   empty: M_1 = M_2 = F(p_s)/(1 − γ).
//! * users' utility U_M = x − x²/4 − ln(x)/2 − 3/4 (eq. 6, in terms of x = p_M/k).

use cosmwasm_std::{Decimal256, Uint256};
use thiserror::Error;

use crate::spectrum_lease::{MoEquilibriumResponse, PowRegime};

/// Why an equilibrium could not be computed.
#[derive(Error, Debug, PartialEq)]
pub enum EquilibriumError {
    #[error("{name} = {value} must lie strictly between 0 and 1")]
    OutOfUnitInterval { name: String, value: Decimal256 },

    #[error("logarithm of zero")]
    LogOfZero {},

    #[error("fixed-point overflow in the equilibrium computation")]
    Overflow {},
}

type R<T> = Result<T, EquilibriumError>;

/// Iteration cap of every bisection (the interval halves each step; 18 decimals need < 64).
pub const MAX_BISECTION_STEPS: u32 = 128;
/// Term cap of the logarithm's series (z² ≤ 1/9: 20 terms reach 1e-19).
pub const MAX_LN_TERMS: u32 = 64;
/// ln 2 to 18 decimals.
const LN_2: Decimal256 = Decimal256::raw(693_147_180_559_945_309);

fn ovf<E>(_: E) -> EquilibriumError {
    EquilibriumError::Overflow {}
}

fn mul(a: Decimal256, b: Decimal256) -> R<Decimal256> {
    a.checked_mul(b).map_err(ovf)
}
fn div(a: Decimal256, b: Decimal256) -> R<Decimal256> {
    a.checked_div(b).map_err(ovf)
}
fn add(a: Decimal256, b: Decimal256) -> R<Decimal256> {
    a.checked_add(b).map_err(ovf)
}
fn sub(a: Decimal256, b: Decimal256) -> R<Decimal256> {
    a.checked_sub(b).map_err(ovf)
}
fn int(n: u64) -> Decimal256 {
    Decimal256::from_ratio(n, 1u64)
}
fn half() -> Decimal256 {
    Decimal256::percent(50)
}

/// Natural logarithm of `y ≥ 1`: halves `y` until it is below 2 (at most 256 times for a
/// `Decimal256`), then ln r = 2·atanh((r − 1)/(r + 1)) by its series, at most
/// [`MAX_LN_TERMS`] terms.
pub fn ln_ge_one(y: Decimal256) -> R<Decimal256> {
    if y < Decimal256::one() {
        return Err(EquilibriumError::OutOfUnitInterval {
            name: "ln argument (must be >= 1)".into(),
            value: y,
        });
    }
    let two = int(2);
    let mut r = y;
    let mut k = 0u64;
    while r >= two && k < 300 {
        r = div(r, two)?;
        k += 1;
    }
    let z = div(sub(r, Decimal256::one())?, add(r, Decimal256::one())?)?;
    let z2 = mul(z, z)?;
    let mut term = z; // z^(2n+1)
    let mut sum = Decimal256::zero();
    for n in 0..MAX_LN_TERMS {
        if term.is_zero() {
            break;
        }
        sum = add(sum, div(term, int(2 * n as u64 + 1))?)?;
        term = mul(term, z2)?;
    }
    add(mul(LN_2, int(k))?, mul(sum, two)?)
}

/// −ln(x) for x in (0, 1], i.e. ln(1/x) ≥ 0.
pub fn neg_ln(x: Decimal256) -> R<Decimal256> {
    if x.is_zero() {
        return Err(EquilibriumError::LogOfZero {});
    }
    if x > Decimal256::one() {
        return Err(EquilibriumError::OutOfUnitInterval {
            name: "neg_ln argument".into(),
            value: x,
        });
    }
    ln_ge_one(div(Decimal256::one(), x)?)
}

/// Bisection for an increasing predicate boundary: `lo` has `above(lo) == false`, `hi` has
/// `above(hi) == true`; returns the midpoint of the final bracket, at most
/// [`MAX_BISECTION_STEPS`] steps.
fn bisect(
    mut lo: Decimal256,
    mut hi: Decimal256,
    above: impl Fn(Decimal256) -> R<bool>,
) -> R<Decimal256> {
    let ulp = Decimal256::raw(1);
    for _ in 0..MAX_BISECTION_STEPS {
        let gap = sub(hi, lo)?;
        if gap <= ulp {
            break;
        }
        let mid = add(lo, Decimal256::new(gap.atomics() / Uint256::from(2u8)))?;
        if above(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // lo and hi are at most one ulp apart: return the one nearer the root's rounding.
    Ok(lo)
}

/// The valid root x*(s) in (s, 1) of 2x² − s·x − s = 0 (the quadratic factor of the
/// paper's cubic 2x³ − (2 + s)x² + s), for s in (0, 1). With s = p_s it is Proposition 1's
/// optimal service price.
pub fn optimal_ratio(s: Decimal256) -> R<Decimal256> {
    unit_open("s", s)?;
    // g(x) = 2x² − s(1 + x): negative at x = s (s² − s < 0), positive at 1 (2 − 2s > 0).
    bisect(s, Decimal256::one(), |x| {
        Ok(mul(int(2), mul(x, x)?)? > mul(s, add(Decimal256::one(), x)?)?)
    })
}

/// F(s) = (x − s)(1 − x)²/(2x) at x = x*(s): the service profit per unit of k.
fn service_profit(s: Decimal256, x: Decimal256) -> R<Decimal256> {
    let one_minus = sub(Decimal256::one(), x)?;
    div(
        mul(sub(x, s)?, mul(one_minus, one_minus)?)?,
        mul(int(2), x)?,
    )
}

/// Users' total net utility U = x − x²/4 − ln(x)/2 − 3/4 for x = p_M/k in (0, 1].
pub fn users_utility(x: Decimal256) -> R<Decimal256> {
    let plus = add(x, mul(neg_ln(x)?, half())?)?;
    let minus = add(div(mul(x, x)?, int(4))?, Decimal256::from_ratio(3u64, 4u64))?;
    Ok(plus.saturating_sub(minus))
}

fn unit_open(name: &str, v: Decimal256) -> R<()> {
    if v.is_zero() || v >= Decimal256::one() {
        return Err(EquilibriumError::OutOfUnitInterval {
            name: name.to_string(),
            value: v,
        });
    }
    Ok(())
}

/// The thresholds (M_1, M_2) and p* for p_s, γ in (0, 1).
pub fn thresholds(p_s: Decimal256, gamma: Decimal256) -> R<(Decimal256, Decimal256, Decimal256)> {
    unit_open("p_s", p_s)?;
    unit_open("gamma", gamma)?;
    let p_star = optimal_ratio(p_s)?;
    let one_minus_gamma = sub(Decimal256::one(), gamma)?;
    if mul(int(6), p_s)? < Decimal256::one() {
        // p_s < 1/6: three regimes.
        let m1 = div(
            mul(sub(p_star, p_s)?, sub(Decimal256::one(), p_star)?)?,
            one_minus_gamma,
        )?;
        let c = mul(p_s, one_minus_gamma)?;
        let m2 = div(Decimal256::one(), mul(int(54), c)?)?;
        Ok((m1.min(m2), m2, p_star))
    } else {
        let m2 = div(service_profit(p_s, p_star)?, one_minus_gamma)?;
        Ok((m2, m2, p_star))
    }
}

/// The MO's equilibrium (p_M*, m*) and everything derived from it, as the lease
/// contract's `MoEquilibrium` query answers it.
pub fn mo_equilibrium(
    p_s: Decimal256,
    gamma: Decimal256,
    p_w: Decimal256,
) -> R<MoEquilibriumResponse> {
    let (m1, m2, p_star) = thresholds(p_s, gamma)?;
    let one = Decimal256::one();
    if p_w > m2 {
        return Ok(MoEquilibriumResponse {
            p_m: None,
            m: one,
            demand: Decimal256::zero(),
            profit: p_w,
            users_utility: Decimal256::zero(),
            m1,
            m2,
            regime: PowRegime::PowOnly,
        });
    }
    let (regime, x, p_m, m) = if p_w <= m1 {
        (PowRegime::SpareOnly, p_star, p_star, gamma)
    } else {
        // Solve h(x) = 2x³(1 − x)²/(1 + x)² = c·p_w on [p*, 1/3], where h increases.
        let c = mul(p_s, sub(one, gamma)?)?;
        let target = mul(c, p_w)?;
        let x = bisect(p_star, Decimal256::from_ratio(1u64, 3u64), |x| {
            let omx = sub(one, x)?;
            let opx = add(one, x)?;
            let lhs = mul(int(2), mul(mul(x, mul(x, x)?)?, mul(omx, omx)?)?)?;
            Ok(lhs > mul(target, mul(opx, opx)?)?)
        })?;
        // s = 2x²/(1 + x), k = p_s/s, p_M = k·x = p_s(1 + x)/(2x), m = 1 − k(1 − γ).
        let p_m = div(mul(p_s, add(one, x)?)?, mul(int(2), x)?)?;
        let k = div(p_m, x)?;
        let m = sub(one, mul(k, sub(one, gamma)?)?)?;
        (PowRegime::Shared, x, p_m, m)
    };
    let omx = sub(one, x)?;
    let demand = div(mul(omx, omx)?, mul(int(2), p_m)?)?;
    let profit = add(mul(sub(p_m, p_s)?, demand)?, mul(m, p_w)?)?;
    Ok(MoEquilibriumResponse {
        p_m: Some(p_m),
        m,
        demand,
        profit,
        users_utility: users_utility(x)?,
        m1,
        m2,
        regime,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal256 {
        Decimal256::from_str(s).unwrap()
    }
    fn f(x: Decimal256) -> f64 {
        x.to_string().parse().unwrap()
    }
    fn dec(x: f64) -> Decimal256 {
        Decimal256::from_str(&format!("{x:.12}")).unwrap()
    }

    #[test]
    fn ln_matches_known_values_and_is_bounded() {
        assert_eq!(ln_ge_one(Decimal256::one()).unwrap(), Decimal256::zero());
        for (y, want) in [
            ("2", 2f64.ln()),
            ("2.718281828459045235", 1.0),
            ("10", 10f64.ln()),
            ("1.000001", 1.000001f64.ln()),
            ("123456789.5", 123456789.5f64.ln()),
        ] {
            let got = f(ln_ge_one(d(y)).unwrap());
            assert!((got - want).abs() < 1e-12, "ln {y}: {got} vs {want}");
        }
        // the largest Decimal256 still terminates (range reduction is bounded)
        let big = ln_ge_one(Decimal256::MAX).unwrap();
        assert!((f(big) - 136.0).abs() < 1.0);
        assert!((f(neg_ln(d("0.25")).unwrap()) - 4f64.ln()).abs() < 1e-12);
        assert_eq!(
            neg_ln(Decimal256::zero()),
            Err(EquilibriumError::LogOfZero {})
        );
        assert!(ln_ge_one(d("0.5")).is_err());
    }

    #[test]
    fn price_root_solves_the_papers_cubic() {
        for s in ["0.01", "0.15", "0.5", "0.99"] {
            let p = f(optimal_ratio(d(s)).unwrap());
            let s = f(d(s));
            let cubic = 2.0 * p * p * p - (2.0 + s) * p * p + s;
            assert!(cubic.abs() < 1e-12 && p > s && p < 1.0, "s {s} p {p}");
        }
        assert!(optimal_ratio(Decimal256::zero()).is_err());
        assert!(optimal_ratio(Decimal256::one()).is_err());
    }

    #[test]
    fn parameters_outside_the_unit_interval_are_refused() {
        for (p_s, g) in [
            ("0", "0.5"),
            ("1", "0.5"),
            ("0.5", "0"),
            ("0.5", "1"),
            ("2", "0.5"),
        ] {
            assert!(matches!(
                mo_equilibrium(d(p_s), d(g), d("0.1")),
                Err(EquilibriumError::OutOfUnitInterval { .. })
            ));
        }
    }

    /// f64 reference, computed from closed forms (the quadratic formula) and an f64
    /// bisection, independent of the fixed-point code.
    struct Ref {
        p_m: Option<f64>,
        m: f64,
        q: f64,
        profit: f64,
        u: f64,
        m1: f64,
        m2: f64,
    }

    fn xstar(s: f64) -> f64 {
        (s + (s * s + 8.0 * s).sqrt()) / 4.0
    }
    fn big_f(s: f64) -> f64 {
        if s >= 1.0 {
            return 0.0;
        }
        let x = xstar(s);
        (x - s) * (1.0 - x).powi(2) / (2.0 * x)
    }
    fn util(x: f64) -> f64 {
        x - x * x / 4.0 - x.ln() / 2.0 - 0.75
    }

    fn reference(p_s: f64, g: f64, p_w: f64) -> Ref {
        let p = xstar(p_s);
        let c = p_s * (1.0 - g);
        let (m1, m2) = if p_s < 1.0 / 6.0 {
            ((p - p_s) * (1.0 - p) / (1.0 - g), 1.0 / (54.0 * c))
        } else {
            let m2 = big_f(p_s) / (1.0 - g);
            (m2, m2)
        };
        if p_w > m2 {
            return Ref {
                p_m: None,
                m: 1.0,
                q: 0.0,
                profit: p_w,
                u: 0.0,
                m1,
                m2,
            };
        }
        let (x, p_m, m) = if p_w <= m1 {
            (p, p, g)
        } else {
            let h = |x: f64| 2.0 * x.powi(3) * (1.0 - x).powi(2) / (1.0 + x).powi(2);
            let (mut lo, mut hi) = (p, 1.0 / 3.0);
            for _ in 0..200 {
                let mid = 0.5 * (lo + hi);
                if h(mid) > c * p_w {
                    hi = mid
                } else {
                    lo = mid
                }
            }
            let x = lo;
            let s = 2.0 * x * x / (1.0 + x);
            let k = p_s / s;
            (x, k * x, 1.0 - k * (1.0 - g))
        };
        let q = (1.0 - x).powi(2) / (2.0 * p_m);
        Ref {
            p_m: Some(p_m),
            m,
            q,
            profit: (p_m - p_s) * q + m * p_w,
            u: util(x),
            m1,
            m2,
        }
    }

    /// Brute force over m (for each m the best price has x = x*(p_s/k)): the profit of the
    /// derived equilibrium must be the maximum.
    fn brute_force_profit(p_s: f64, g: f64, p_w: f64) -> f64 {
        let n = 200_000;
        (0..=n)
            .map(|i| {
                let m = i as f64 / n as f64;
                let k = if m <= g { 1.0 } else { (1.0 - m) / (1.0 - g) };
                let serve = if k > 0.0 { big_f(p_s / k) } else { 0.0 };
                serve + m * p_w
            })
            .fold(f64::MIN, f64::max)
    }

    fn close(a: f64, b: f64, what: &str, at: (f64, f64, f64)) {
        assert!(
            (a - b).abs() <= 1e-6 * (1.0 + b.abs()),
            "{what} at {at:?}: fixed {a} vs f64 {b}"
        );
    }

    #[test]
    fn fixed_point_matches_f64_reference_on_the_grid() {
        let mut checked = 0;
        for i in 0..=24 {
            let p_s = 0.01 + 0.98 * i as f64 / 24.0;
            for j in 0..=8 {
                let g = 0.1 + 0.1 * j as f64;
                for k in 0..=20 {
                    let p_w = k as f64 / 20.0;
                    let (ps_d, g_d, pw_d) = (dec(p_s), dec(g), dec(p_w));
                    let (p_s, g, p_w) = (f(ps_d), f(g_d), f(pw_d));
                    let r = reference(p_s, g, p_w);
                    let at = (p_s, g, p_w);
                    // skip points sitting on a regime boundary (either side is right)
                    if (p_w - r.m1).abs() < 1e-9 || (p_w - r.m2).abs() < 1e-9 {
                        continue;
                    }
                    let e = mo_equilibrium(ps_d, g_d, pw_d).unwrap();
                    close(f(e.m1), r.m1, "M_1", at);
                    close(f(e.m2), r.m2, "M_2", at);
                    close(f(e.m), r.m, "m", at);
                    close(f(e.demand), r.q, "Q", at);
                    close(f(e.profit), r.profit, "profit", at);
                    close(f(e.users_utility), r.u, "U_M", at);
                    match (e.p_m, r.p_m) {
                        (Some(a), Some(b)) => close(f(a), b, "p_M", at),
                        (None, None) => {}
                        other => panic!("service mismatch at {at:?}: {other:?}"),
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 4000);
    }

    #[test]
    fn derived_equilibrium_is_the_brute_force_optimum() {
        for (p_s, g, p_w) in [
            (0.15, 0.7, 0.1),
            (0.15, 0.7, 0.39),
            (0.15, 0.7, 0.45),
            (0.05, 0.3, 0.2),
            (0.05, 0.3, 0.9),
            (0.3, 0.5, 0.2),
            (0.3, 0.5, 0.5),
            (0.8, 0.9, 0.01),
        ] {
            let e = mo_equilibrium(dec(p_s), dec(g), dec(p_w)).unwrap();
            let brute = brute_force_profit(p_s, g, p_w);
            assert!(
                (f(e.profit) - brute).abs() < 1e-6,
                "({p_s},{g},{p_w}): {} vs brute {brute}",
                f(e.profit)
            );
        }
    }

    #[test]
    fn papers_statements_hold_for_ps_015_gamma_07() {
        let (p_s, g) = (d("0.15"), d("0.7"));
        let (m1, m2, _) = thresholds(p_s, g).unwrap();
        // Fig. 4 caption: p_w = 0.1 < M_1; Fig. 3: M_1 ≈ 0.375 and M_2 ≈ 0.41 around its ticks.
        assert!(d("0.1") < m1);
        assert!((f(m1) - 0.3749).abs() < 1e-3 && (f(m2) - 0.41152).abs() < 1e-4);
        // users' utility does not change while p_w ≤ M_1
        let base = mo_equilibrium(p_s, g, Decimal256::zero()).unwrap();
        for pw in ["0.05", "0.1", "0.2", "0.3"] {
            let e = mo_equilibrium(p_s, g, d(pw)).unwrap();
            assert_eq!(e.users_utility, base.users_utility);
            assert_eq!(e.m, g);
            assert_eq!(e.regime, PowRegime::SpareOnly);
        }
        let at_m1 = mo_equilibrium(p_s, g, m1).unwrap();
        assert_eq!(at_m1.users_utility, base.users_utility);
        // between M_1 and M_2 PoW takes more and users lose utility
        let mid = mo_equilibrium(p_s, g, d("0.4")).unwrap();
        assert_eq!(mid.regime, PowRegime::Shared);
        assert!(mid.m > g && mid.users_utility < base.users_utility);
        // service stops when p_w > M_2
        let above = mo_equilibrium(p_s, g, m2 + Decimal256::raw(1)).unwrap();
        assert_eq!(above.regime, PowRegime::PowOnly);
        assert_eq!(above.p_m, None);
        assert_eq!(above.m, Decimal256::one());
        assert!(above.demand.is_zero() && above.users_utility.is_zero());
        assert!(mo_equilibrium(p_s, g, m2).unwrap().p_m.is_some());
    }
}
