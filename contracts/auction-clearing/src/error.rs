use cosmwasm_std::Uint128;
use spectrum_types::error::CommonError;
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// What every contract can fail with: storage, payment, gate, version, numbers, bands, pricing, configuration.
    #[error(transparent)]
    Common(#[from] CommonError),

    #[error("no market configured; the admin must set one")]
    NoMarket {},

    #[error("auction {auction_id} does not exist")]
    UnknownAuction { auction_id: u64 },

    #[error("only the provider {provider} of offer {offer_id} may auction it")]
    NotOfferProvider { offer_id: u64, provider: String },

    #[error("offer {offer_id} has not named this contract as its clearing house")]
    NotClearingHouse { offer_id: u64 },

    #[error("auction {field} does not match the offer")]
    OfferMismatch { field: String },

    #[error("invalid auction times: {reason}")]
    InvalidTimes { reason: String },

    #[error("epoch {epoch} is before the market's current epoch {current}")]
    PastEpoch { epoch: u64, current: u64 },

    #[error("max_allocations {max_allocations} must be between 1 and {max}")]
    InvalidMaxAllocations { max_allocations: u64, max: u64 },

    #[error("PROPSHARE min_price {min_price} must be at least max_allocations {max_allocations}")]
    PropshareMinPrice {
        min_price: Uint128,
        max_allocations: u64,
    },

    #[error("auction {auction_id} is {kind}: {action} is not possible")]
    WrongKind {
        auction_id: u64,
        kind: String,
        action: String,
    },

    #[error("auction {auction_id} is already cleared")]
    AuctionCleared { auction_id: u64 },

    #[error("{action} is open from {opens} until {closes} (exclusive); now is {now}")]
    OutsideWindow {
        action: String,
        opens: u64,
        closes: u64,
        now: u64,
    },

    #[error("a commitment is 32 bytes, got {len}")]
    InvalidCommitment { len: usize },

    #[error("salt must be {min} to {max} bytes, got {len}")]
    InvalidSalt { len: usize, min: usize, max: usize },

    #[error("the reveal does not match the commitment of {bidder} in auction {auction_id}")]
    CommitmentMismatch { auction_id: u64, bidder: String },

    #[error("the bid of {bidder} in auction {auction_id} is already revealed")]
    AlreadyRevealed { auction_id: u64, bidder: String },

    #[error("{bidder} has no bid in auction {auction_id}")]
    NoBid { auction_id: u64, bidder: String },

    #[error("price {price} is below the minimum {min_price}")]
    BelowMinPrice { price: Uint128, min_price: Uint128 },

    #[error("deposit {deposit} does not cover the bid {required}")]
    DepositTooSmall { deposit: Uint128, required: Uint128 },

    #[error("units {units} must be between 1 and {max}")]
    InvalidUnits { units: u64, max: u64 },

    #[error("auction {auction_id} already has the most bids allowed ({max})")]
    TooManyBids { auction_id: u64, max: u32 },

    #[error("auction {auction_id} may be cleared from {clearing_time}; now is {now}")]
    ClearingTooEarly {
        auction_id: u64,
        clearing_time: u64,
        now: u64,
    },

    #[error("arithmetic overflow")]
    Overflow {},

    #[error("reply for unknown auction {id}")]
    UnexpectedReply { id: u64 },
}

spectrum_types::embed_common_errors!(ContractError);
