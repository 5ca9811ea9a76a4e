use cosmwasm_std::Uint128;
use spectrum_types::error::CommonError;
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// What every contract can fail with: storage, payment, gate, version, numbers, bands, pricing, configuration.
    #[error(transparent)]
    Common(#[from] CommonError),

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

spectrum_types::embed_common_errors!(ContractError);
