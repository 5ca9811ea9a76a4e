use cosmwasm_std::{OverflowError, StdError, Uint128};
use cw_ownable::OwnershipError;
use spectrum_types::{BandError, GateError, NumberError, PaymentError, VersionError};
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error(transparent)]
    Overflow(#[from] OverflowError),

    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    #[error(transparent)]
    Payment(#[from] PaymentError),

    #[error(transparent)]
    Gate(#[from] GateError),

    #[error(transparent)]
    Version(#[from] VersionError),

    #[error(transparent)]
    Number(#[from] NumberError),

    #[error(transparent)]
    Band(#[from] BandError),

    #[error("invalid {field}: {reason}")]
    InvalidConfig { field: String, reason: String },

    #[error("{address} is not a member of the pool")]
    NotMember { address: String },

    #[error("{address} is already a member of the pool")]
    AlreadyMember { address: String },

    #[error("the pool is full: at most {max} members")]
    TooManyMembers { max: u32 },

    #[error("a round needs at least one member")]
    NoMembers {},

    #[error(
        "round {round} is in progress until {ends_at} s: members can only change between rounds"
    )]
    RoundInProgress { round: u64, ends_at: u64 },

    #[error("no round is in progress")]
    NoActiveRound {},

    #[error("bandwidth must be positive")]
    ZeroBandwidth {},

    #[error("a claim covers at least one slot")]
    ZeroSlots {},

    #[error("a claim covers at most {max} slots, asked for {requested}")]
    TooManySlots { requested: u32, max: u32 },

    #[error("claimed {requested} Hz, more than the total bandwidth {total} Hz")]
    ExceedsTotalBandwidth { requested: u64, total: u64 },

    #[error("slot {slot} has {available} Hz free, claimed {requested} Hz")]
    SlotFull {
        slot: u32,
        requested: u64,
        available: u64,
    },

    #[error(
        "slots up to {last_slot} requested, but the round has slots 0 to {round_slots} (exclusive)"
    )]
    BeyondRound { last_slot: u64, round_slots: u32 },

    #[error("the claim costs {cost} micro-tokens, the balance is {balance}")]
    InsufficientBalance { cost: Uint128, balance: Uint128 },

    #[error("last_slots must be between 1 and {max}, got {requested}")]
    InvalidUsageWindow { requested: u32, max: u32 },
}
