//! The cw-multi-test suite every test of this workspace builds on:
//! `Suite::builder().with_bandcoin("consumer", 1_000_000).build()` gives an app with
//! the Bandcoin cw20 (minted by the exchange) and all five contracts instantiated and
//! wired together.
//!
//! Layout, bottom up (no module imports one above it):
//! - `context`: the [`Suite`] type, [`DeployContext`], `instantiate`, `attr`,
//!   `contract_err` and the Bandcoin / clock helpers;
//! - `contracts`: the contracts as cw-multi-test wrappers;
//! - one module per contract: its `deploy`, its message builders, its `*_err` helper
//!   and the `Suite` methods that act on it, query it and assert about it;
//! - `suite`: [`SuiteBuilder`], which deploys everything through those modules.

pub mod context;
pub mod contracts;

pub mod auction_clearing;
pub mod bandwidth_market;
pub mod node_reputation;
pub mod spectrum_lease;
pub mod unlicensed_pool;

pub mod suite;

pub use context::{attr, contract_err, try_attr, DeployContext, Route, Suite, NATIVE_DENOM};
pub use suite::SuiteBuilder;
