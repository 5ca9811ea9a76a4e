//! The cw-multi-test suite every test of this workspace builds on:
//! `Suite::builder().with_bandcoin("consumer", 1_000_000).build()` gives an app with
//! the Bandcoin cw20 (minted by the exchange) and all five contracts instantiated and
//! wired together.

pub mod contracts;
pub mod suite;

pub mod auction_clearing;
pub mod bandwidth_market;
pub mod node_reputation;
pub mod spectrum_lease;
pub mod unlicensed_pool;

pub use suite::{DeployContext, Suite, SuiteBuilder, NATIVE_DENOM};
