//! Behaviour tests of node-reputation through the cw-multi-test suite.

mod interactions;
mod registration;

use cosmwasm_std::Decimal;

/// A decimal from its text.
pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}
