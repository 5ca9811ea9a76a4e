//! The JSON number rule of every message, and the bounds that keep it true.
//!
//! JavaScript reads every JSON number as an IEEE double, exact only up to
//! 2^53 − 1. So that a dApp reads and writes every value exactly, each message
//! field follows one rule:
//!
//! | what | JSON | Rust |
//! |---|---|---|
//! | token amounts (Bandcoin, native coins, pool micro-tokens) | string | `Uint128` |
//! | products that can pass 2^53 (Hz·s, Hz·slots) | string | `Uint64` / `Uint128` |
//! | ids, versions, counters, units, counts | number | `u64` / `u32` |
//! | frequencies and bandwidths in Hz | number | `u64` |
//! | times (seconds since the Unix epoch) and durations (seconds) | number | `u64` |
//! | prices per unit, discounts, fractions | string | `Decimal` / `Decimal256` |
//!
//! Every number written as a JSON number stays below 2^53 because the contracts
//! refuse larger inputs: a count above [`MAX_SAFE_INTEGER`]
//! ([`check_count`]), a time or duration after [`MAX_SECONDS`] ([`check_seconds`]),
//! a frequency above [`crate::band::MAX_RADIO_HZ`] (the band checks), and ids
//! and versions are counters that grow by one. Sums the contracts form from these
//! (an end time, an epoch's start) stay far below 2^53 too. No message carries a
//! `Timestamp` (nanoseconds): times are whole seconds.

use thiserror::Error;

/// 2^53 − 1: the largest integer a JSON number carries exactly to a JavaScript client,
/// and the largest count, unit number or id any contract accepts.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// 253 402 300 799 s: 9999-12-31T23:59:59Z, the last time RFC 3339 can write, and the
/// largest time or duration in seconds any contract accepts.
pub const MAX_SECONDS: u64 = 253_402_300_799;
// A time plus a duration, both at the cap, is still an exact JSON number.
const _: () = assert!(2 * MAX_SECONDS < MAX_SAFE_INTEGER);

/// A number above what the JSON number rule allows.
#[derive(Error, Debug, PartialEq, Eq)]
pub enum NumberError {
    #[error("{field} is {value}, above the largest count accepted ({max}, 2^53 - 1)")]
    CountTooLarge { field: String, value: u64, max: u64 },

    #[error(
        "{field} is {value} s, above the latest time accepted ({max} s, 9999-12-31T23:59:59Z)"
    )]
    SecondsTooLarge { field: String, value: u64, max: u64 },
}

/// Refuses a count, unit number or capacity above [`MAX_SAFE_INTEGER`].
pub fn check_count(field: &str, value: u64) -> Result<u64, NumberError> {
    if value > MAX_SAFE_INTEGER {
        return Err(NumberError::CountTooLarge {
            field: field.to_string(),
            value,
            max: MAX_SAFE_INTEGER,
        });
    }
    Ok(value)
}

/// Refuses a time or a duration in seconds above [`MAX_SECONDS`].
pub fn check_seconds(field: &str, value: u64) -> Result<u64, NumberError> {
    if value > MAX_SECONDS {
        return Err(NumberError::SecondsTooLarge {
            field: field.to_string(),
            value,
            max: MAX_SECONDS,
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_to_two_to_the_53_minus_one_pass() {
        assert_eq!(check_count("units", MAX_SAFE_INTEGER), Ok(MAX_SAFE_INTEGER));
        assert_eq!(
            check_count("units", MAX_SAFE_INTEGER + 1),
            Err(NumberError::CountTooLarge {
                field: "units".into(),
                value: MAX_SAFE_INTEGER + 1,
                max: MAX_SAFE_INTEGER
            })
        );
    }

    #[test]
    fn seconds_up_to_the_year_9999_pass() {
        assert_eq!(check_seconds("end", MAX_SECONDS), Ok(MAX_SECONDS));
        assert!(check_seconds("end", MAX_SECONDS + 1).is_err());
    }
}
