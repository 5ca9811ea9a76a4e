//! Bandcoin amounts between base units (the cw20 `Uint128` every message carries) and
//! their decimal display, for clients (the TypeScript client has the same rules).
//!
//! * [`format_amount`]: the integer part, then `.` and the fraction with its trailing
//!   zeros removed; no `.` when the fraction is zero (`1500000` with 6 decimals is `1.5`,
//!   `2000000` is `2`, `1` is `0.000001`).
//! * [`parse_amount`]: ASCII digits, optionally `.` and at least one more digit, at most
//!   `decimals` of them (never rounded), and at most `u128::MAX` base units. No sign,
//!   exponent, separators or spaces.

use cosmwasm_std::Uint128;
use thiserror::Error;

/// Decimals of the Bandcoin token as deployed (cw20 `decimals`).
pub const BANDCOIN_DECIMALS: u32 = 6;

/// Why a decimal amount is refused.
#[derive(Error, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// Not digits with an optional `.` and fraction.
    #[error("not a decimal amount")]
    Invalid,
    /// More fraction digits than the token has decimals.
    #[error("more fraction digits than the token's decimals")]
    TooManyDecimals,
    /// More than `u128::MAX` base units.
    #[error("amount too large")]
    Overflow,
}

impl AmountError {
    /// A stable name of the error (the shared test vectors use it).
    pub fn code(&self) -> &'static str {
        match self {
            AmountError::Invalid => "invalid",
            AmountError::TooManyDecimals => "too_many_decimals",
            AmountError::Overflow => "overflow",
        }
    }
}

/// Base units as a decimal string with `decimals` decimals (see the module documentation).
pub fn format_amount(base: Uint128, decimals: u32) -> String {
    let digits = base.u128().to_string();
    let d = decimals as usize;
    if d == 0 {
        return digits;
    }
    let padded = if digits.len() <= d {
        format!("{}{digits}", "0".repeat(d + 1 - digits.len()))
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - d);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// A decimal string with at most `decimals` decimals as base units.
pub fn parse_amount(text: &str, decimals: u32) -> Result<Uint128, AmountError> {
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
        return Err(AmountError::Invalid);
    }
    let frac = frac.unwrap_or("");
    if frac.len() > decimals as usize {
        return Err(AmountError::TooManyDecimals);
    }
    let mut value: u128 = 0;
    let pad = decimals as usize - frac.len();
    for b in int
        .bytes()
        .chain(frac.bytes())
        .chain(std::iter::repeat(b'0').take(pad))
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u128::from(b - b'0')))
            .ok_or(AmountError::Overflow)?;
    }
    Ok(Uint128::new(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_both_ways() {
        for (base, text) in [
            (0u128, "0"),
            (1, "0.000001"),
            (1_500_000, "1.5"),
            (2_000_000, "2"),
            (123_456_789, "123.456789"),
            (u128::MAX, "340282366920938463463374607431768.211455"),
        ] {
            assert_eq!(format_amount(Uint128::new(base), 6), text);
            assert_eq!(parse_amount(text, 6), Ok(Uint128::new(base)));
        }
        assert_eq!(format_amount(Uint128::new(42), 0), "42");
        assert_eq!(parse_amount("007.50", 6), Ok(Uint128::new(7_500_000)));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in [
            "", ".", "1.", ".5", "-1", "+1", "1e6", "1,000", " 1", "1 ", "1.2.3",
        ] {
            assert_eq!(parse_amount(bad, 6), Err(AmountError::Invalid), "{bad:?}");
        }
        assert_eq!(
            parse_amount("0.0000001", 6),
            Err(AmountError::TooManyDecimals)
        );
        assert_eq!(parse_amount("1.5", 0), Err(AmountError::TooManyDecimals));
        assert_eq!(
            parse_amount("340282366920938463463374607431768.211456", 6),
            Err(AmountError::Overflow)
        );
    }
}
