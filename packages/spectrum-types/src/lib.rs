#![doc = include_str!("../README.md")]

pub mod admin;
pub mod amount;
pub mod asset;
pub mod band;
pub mod equilibrium;
pub mod error;
pub mod gate;
pub mod merkle;
pub mod number;
pub mod pagination;
pub mod pricing;
#[cfg(not(target_arch = "wasm32"))]
pub mod schema;
pub mod version;

pub mod auction_clearing;
pub mod bandwidth_market;
pub mod node_reputation;
pub mod spectrum_lease;
pub mod unlicensed_pool;

pub use asset::{Asset, AssetUnchecked, Paid, PaymentError};
pub use band::{check_hz, Band, BandError, MAX_RADIO_HZ};
pub use error::CommonError;
pub use gate::{GateError, ReputationGate, ReputationGateMsg};
pub use number::{check_count, check_seconds, NumberError, MAX_SAFE_INTEGER, MAX_SECONDS};
pub use pagination::{clamp_limit, page, start_after_addr, DEFAULT_LIMIT, MAX_LIMIT};
pub use pricing::PricingError;
pub use version::{MigrateMsg, VersionError};
