//! The cw-multi-test suite every test of this workspace builds on:
//! `Suite::builder().with_bandcoin("consumer", 1_000_000).build()` gives an app with
//! the Bandcoin cw20 (minted by the exchange) and all five contracts instantiated and
//! wired together.

pub mod contracts;
pub mod suite;

pub use suite::{Suite, SuiteBuilder, NATIVE_DENOM};
