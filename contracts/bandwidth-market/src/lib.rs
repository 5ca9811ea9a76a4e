#![doc = include_str!("../README.md")]

pub mod contract;
pub mod error;
pub mod execute;
pub mod grants;
pub mod purchase;
pub mod query;
pub mod record;
pub mod state;

pub use crate::error::ContractError;
