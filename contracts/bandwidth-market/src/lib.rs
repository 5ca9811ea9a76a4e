#![doc = include_str!("../README.md")]

pub mod contract;
pub mod error;
pub mod execute;
pub mod purchase;
pub mod query;
pub mod state;

pub use crate::error::ContractError;
