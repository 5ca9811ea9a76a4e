//! Bandcoin pricing (paper 002 §5.2), with exactly the semantics of the authors'
//! transaction processor:
//!
//! * volume price `= round(price · Σ_{i=0}^{units-1} vd^i)`
//! * reservation price `= round(Σ_{e=epoch}^{epoch_to} Σ_{i=0}^{units-1} price_e · rd^(e − current) · vd^i)`
//!
//! where `round` is round-half-to-even applied once to the exact value, `vd` the
//! volume discount and `rd` the reservation discount (both in `[0, 1]`, `0^0 = 1`).
//!
//! No floats. The value is computed exactly as a fraction in 512-bit integers whenever
//! its numerator and denominator fit (always the case when the value could be an exact
//! tie, so ties round exactly). Otherwise it is bracketed in 512-bit fixed point with
//! 70 decimal digits, rounding down for the lower and up for the upper bound; the
//! bracket is some 1e-20 wide, and the answer is the one integer both ends round to.
//! Values that lie closer than that to a half-integer do so by structure (the series
//! approaches a limit that is often a half-integer); they are decided exactly against
//! that limit (see `near_half_by_limit`). Should a value ever remain undecided, the
//! function refuses with [`PricingError::Indeterminate`] rather than guess; no test
//! vector, random or chosen, has reached that.

use cosmwasm_std::{Decimal, Uint128, Uint512};
use thiserror::Error;

/// The most units one price covers (the pricing math is exact up to this).
pub const MAX_PRICED_UNITS: u64 = u32::MAX as u64;
/// The most epochs one reservation price covers.
pub const MAX_PRICED_EPOCHS: usize = 64;

/// Why a price could not be computed.
#[derive(Error, Debug, PartialEq, Eq)]
pub enum PricingError {
    #[error("units must be greater than zero")]
    ZeroUnits {},

    #[error("{units} units is more than the {max} one price can cover")]
    TooManyUnits { units: u64, max: u64 },

    #[error("a reservation price covers 1 to {max} epochs, got {epochs}")]
    EpochCount { epochs: usize, max: usize },

    #[error("{name} discount {value} is outside [0, 1]")]
    DiscountOutOfRange { name: String, value: Decimal },

    #[error("price overflows: the total exceeds the largest amount (2^128 - 1)")]
    Overflow {},

    #[error("price lies too close to a rounding boundary to be decided exactly")]
    Indeterminate {},

    #[error("the price of {units} units over {epochs} epochs rounds to 0, and nothing is sold for free: buy more units or epochs")]
    PriceRoundsToZero { units: u64, epochs: u64 },
}

/// One epoch of a reservation purchase: that epoch's unit price and how many epochs
/// ahead of the current one it lies (the exponent of the reservation discount).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochPrice {
    /// Unit price posted for the epoch.
    pub price: Uint128,
    /// `epoch − current_epoch`.
    pub epochs_ahead: u64,
}

/// Spot price of `units` units at `unit_price` with volume discount `vd`.
pub fn volume_price(unit_price: Uint128, units: u64, vd: Decimal) -> Result<Uint128, PricingError> {
    reservation_price(
        &[EpochPrice {
            price: unit_price,
            epochs_ahead: 0,
        }],
        units,
        vd,
        Decimal::one(),
    )
}

/// Price of `units` units in each of the given epochs, with volume discount `vd` and
/// reservation discount `rd`, rounded once over the whole purchase.
pub fn reservation_price(
    epochs: &[EpochPrice],
    units: u64,
    vd: Decimal,
    rd: Decimal,
) -> Result<Uint128, PricingError> {
    validate(epochs, units, vd, rd)?;
    let vd = Ratio::from_decimal(vd);
    let rd = Ratio::from_decimal(rd);
    if let Some((num, den)) = exact_value(epochs, units, vd, rd) {
        return round_half_even(num, den);
    }
    let lo = bracket(epochs, units, vd, rd, Rounding::Down)?;
    let hi = bracket(epochs, units, vd, rd, Rounding::Up)?;
    let (lo_int, lo_is_half) = round_fixed(lo);
    let (hi_int, _) = round_fixed(hi);
    let rounded = if lo_int == hi_int && !lo_is_half {
        lo_int
    } else {
        near_half_by_limit(epochs, units, vd, rd)?
    };
    Uint128::try_from(rounded).map_err(|_| PricingError::Overflow {})
}

/// Decides a value that lies very close to a half-integer, which happens by structure:
/// for `0 < vd < 1` the value is `G − ε` with the exact limit `G = E·b/(b − a)` (where
/// `E = Σ_e p_e rd^k_e`) and `ε = G·vd^n > 0`, and `G` is often a half-integer. With
/// `t = G + 1/2 = ⌊t⌋ + f` exact, the rounded value is `⌊t⌋` when `ε < f` and `⌊t⌋ − 1`
/// when `ε > f` (`ε = f` would be an exact tie, which the exact path already covers).
/// `ε` only needs bracketing, and its strict positivity settles `f = 0`.
fn near_half_by_limit(
    epochs: &[EpochPrice],
    units: u64,
    vd: Ratio,
    rd: Ratio,
) -> Result<Uint512, PricingError> {
    let indeterminate = PricingError::Indeterminate {};
    if vd.num == 0 || vd.num == vd.den {
        return Err(indeterminate);
    }
    let (e_num, e_den) = exact_epoch_sum(epochs, rd).ok_or(PricingError::Indeterminate {})?;
    let g_num = e_num
        .checked_mul(u512(vd.den))
        .map_err(|_| PricingError::Indeterminate {})?;
    let g_den = e_den
        .checked_mul(u512(vd.den - vd.num))
        .map_err(|_| PricingError::Indeterminate {})?;
    let t_num = g_num
        .checked_add(g_num)
        .and_then(|x| x.checked_add(g_den))
        .map_err(|_| PricingError::Indeterminate {})?;
    let t_den = g_den + g_den;
    let (t_floor, f_num) = (t_num / t_den, t_num % t_den);
    if f_num.is_zero() {
        // ε > 0 = f: just below an exact half-integer.
        return t_floor
            .checked_sub(Uint512::one())
            .map_err(|_| indeterminate);
    }
    let r = fixed(vd);
    let bound = |mode| -> Result<Uint512, PricingError> {
        let rn = power(r, units, mode);
        let p = g_num
            .checked_mul(rn)
            .map_err(|_| PricingError::Indeterminate {})?;
        let q = p / g_den;
        Ok(if mode == Rounding::Up && !(p % g_den).is_zero() {
            q + Uint512::one()
        } else {
            q
        })
    };
    let f_scaled = f_num
        .checked_mul(scale())
        .map_err(|_| PricingError::Indeterminate {})?;
    let eps_below_f = bound(Rounding::Up)?
        .checked_mul(t_den)
        .map_err(|_| PricingError::Indeterminate {})?
        < f_scaled;
    let eps_above_f = bound(Rounding::Down)?
        .checked_mul(t_den)
        .map_err(|_| PricingError::Indeterminate {})?
        > f_scaled;
    match (eps_below_f, eps_above_f) {
        (true, _) => Ok(t_floor),
        (_, true) => t_floor
            .checked_sub(Uint512::one())
            .map_err(|_| indeterminate),
        _ => Err(indeterminate),
    }
}

/// The rule every quoting contract follows: a price is only ever quoted or charged when it
/// is payable, that is at least 1 in the smallest unit (a zero amount cannot be paid through
/// any route: the bank refuses an empty coin, the contracts refuse a payment of 0, and a
/// free purchase would let anyone
/// take capacity for nothing). Returns `price` when it is positive and refuses it with
/// [`PricingError::PriceRoundsToZero`] otherwise; `units` and `epochs` describe the purchase
/// in the error. Quotes and executes call it on the same computed price, so they agree.
pub fn payable(price: Uint128, units: u64, epochs: u64) -> Result<Uint128, PricingError> {
    if price.is_zero() {
        return Err(PricingError::PriceRoundsToZero { units, epochs });
    }
    Ok(price)
}

/// Checks a discount is within `[0, 1]`.
pub fn validate_discount(name: &str, value: Decimal) -> Result<(), PricingError> {
    if value > Decimal::one() {
        return Err(PricingError::DiscountOutOfRange {
            name: name.to_string(),
            value,
        });
    }
    Ok(())
}

fn validate(
    epochs: &[EpochPrice],
    units: u64,
    vd: Decimal,
    rd: Decimal,
) -> Result<(), PricingError> {
    if units == 0 {
        return Err(PricingError::ZeroUnits {});
    }
    if units > MAX_PRICED_UNITS {
        return Err(PricingError::TooManyUnits {
            units,
            max: MAX_PRICED_UNITS,
        });
    }
    if epochs.is_empty() || epochs.len() > MAX_PRICED_EPOCHS {
        return Err(PricingError::EpochCount {
            epochs: epochs.len(),
            max: MAX_PRICED_EPOCHS,
        });
    }
    validate_discount("volume", vd)?;
    validate_discount("reservation", rd)
}

/// A discount as the reduced fraction `num / den` (`den` divides 10^18).
#[derive(Clone, Copy, Debug)]
struct Ratio {
    num: u128,
    den: u128,
}

impl Ratio {
    fn from_decimal(d: Decimal) -> Self {
        let num = d.atomics().u128();
        let den = 10u128.pow(Decimal::DECIMAL_PLACES);
        let g = gcd(num, den);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn u512(x: u128) -> Uint512 {
    Uint512::from(x)
}

/// The exact value as `numerator / denominator`, or `None` when they do not fit.
///
/// `Σ_{i<n} vd^i = N_v / b_v^(n−1)` with `N_v = (b_v^n − a_v^n) / (b_v − a_v)` (or `n`
/// when `vd = 1`), and `Σ_e p_e rd^k_e = Σ_e p_e a_r^k_e b_r^(K − k_e) / b_r^K` with
/// `K = max k_e`.
fn exact_value(
    epochs: &[EpochPrice],
    units: u64,
    vd: Ratio,
    rd: Ratio,
) -> Option<(Uint512, Uint512)> {
    let n = u32::try_from(units).ok()?;
    let (sum_num, sum_den) = if vd.num == vd.den {
        (u512(units as u128), Uint512::one())
    } else {
        let b_n = u512(vd.den).checked_pow(n).ok()?;
        let a_n = u512(vd.num).checked_pow(n).ok()?;
        let num = (b_n - a_n) / u512(vd.den - vd.num);
        (num, u512(vd.den).checked_pow(n - 1).ok()?)
    };
    let (epoch_num, epoch_den) = exact_epoch_sum(epochs, rd)?;
    let num = sum_num.checked_mul(epoch_num).ok()?;
    let den = sum_den.checked_mul(epoch_den).ok()?;
    Some((num, den))
}

/// `Σ_e p_e rd^k_e` as an exact fraction over `b_r^K`, or `None` when it does not fit.
fn exact_epoch_sum(epochs: &[EpochPrice], rd: Ratio) -> Option<(Uint512, Uint512)> {
    let k_max = u32::try_from(epochs.iter().map(|e| e.epochs_ahead).max()?).ok()?;
    let mut num = Uint512::zero();
    for e in epochs {
        let k = u32::try_from(e.epochs_ahead).ok()?;
        let term = u512(e.price.u128())
            .checked_mul(u512(rd.num).checked_pow(k).ok()?)
            .ok()?
            .checked_mul(u512(rd.den).checked_pow(k_max - k).ok()?)
            .ok()?;
        num = num.checked_add(term).ok()?;
    }
    Some((num, u512(rd.den).checked_pow(k_max).ok()?))
}

fn round_half_even(num: Uint512, den: Uint512) -> Result<Uint128, PricingError> {
    let q = num / den;
    let r = num % den;
    let twice = r + r; // r < den < 2^511, so no overflow
    let up = twice > den || (twice == den && q % u512(2) == Uint512::one());
    let rounded = if up { q + Uint512::one() } else { q };
    Uint128::try_from(rounded).map_err(|_| PricingError::Overflow {})
}

#[derive(Clone, Copy, PartialEq)]
enum Rounding {
    Down,
    Up,
}

/// Fixed-point scale of the bracketing path: 10^70.
fn scale() -> Uint512 {
    Uint512::from(10u128).pow(70)
}

/// `x · y / scale`, rounded in the given direction.
fn mul(x: Uint512, y: Uint512, mode: Rounding) -> Uint512 {
    let s = scale();
    let p = x * y;
    let q = p / s;
    if mode == Rounding::Up && !(p % s).is_zero() {
        q + Uint512::one()
    } else {
        q
    }
}

fn fixed(r: Ratio) -> Uint512 {
    // den divides 10^18 which divides the scale: exact.
    u512(r.num) * (scale() / u512(r.den))
}

/// `(Σ_{i<n} r^i, r^n)` in fixed point, by binary doubling from the top bit of `n`:
/// `S_2k = S_k (1 + r^k)`, `S_k+1 = S_k + r^k`. Every step rounds in `mode`, and all
/// quantities are non-negative, so the result is a bound in that direction.
fn geometric(r: Uint512, n: u64, mode: Rounding) -> Uint512 {
    let one = scale();
    let mut sum = Uint512::zero();
    let mut pow = one; // r^k
    for bit in (0..significant_bits(n)).rev() {
        sum = sum + mul(pow, sum, mode);
        pow = mul(pow, pow, mode);
        if n >> bit & 1 == 1 {
            sum += pow;
            pow = mul(pow, r, mode);
        }
    }
    sum
}

fn significant_bits(n: u64) -> u32 {
    64 - n.leading_zeros()
}

fn power(r: Uint512, k: u64, mode: Rounding) -> Uint512 {
    let mut result = scale();
    for bit in (0..significant_bits(k)).rev() {
        result = mul(result, result, mode);
        if k >> bit & 1 == 1 {
            result = mul(result, r, mode);
        }
    }
    result
}

/// The value times the scale, rounded in `mode`.
fn bracket(
    epochs: &[EpochPrice],
    units: u64,
    vd: Ratio,
    rd: Ratio,
    mode: Rounding,
) -> Result<Uint512, PricingError> {
    let sum = geometric(fixed(vd), units, mode);
    let rd = fixed(rd);
    let mut total = Uint512::zero();
    for e in epochs {
        let discounted = mul(power(rd, e.epochs_ahead, mode), sum, mode);
        let term = u512(e.price.u128())
            .checked_mul(discounted)
            .map_err(|_| PricingError::Overflow {})?;
        total = total
            .checked_add(term)
            .map_err(|_| PricingError::Overflow {})?;
    }
    Ok(total)
}

/// Rounds a fixed-point value half up; also says whether it was exactly a half.
fn round_fixed(x: Uint512) -> (Uint512, bool) {
    let s = scale();
    let q = x / s;
    let r = x % s;
    let twice = r + r;
    let is_half = twice == s;
    (if twice >= s { q + Uint512::one() } else { q }, is_half)
}

#[cfg(test)]
mod tests;
