#![doc = include_str!("../README.md")]

pub mod chain;
pub mod cli;
pub mod keys;
pub mod output;
pub mod rpc;
pub mod run;
pub mod units;

#[cfg(test)]
mod tests;
