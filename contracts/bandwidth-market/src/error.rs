use cosmwasm_std::Uint128;
use spectrum_types::error::CommonError;
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// What every contract can fail with: storage, payment, gate, version, numbers, bands, pricing, configuration.
    #[error(transparent)]
    Common(#[from] CommonError),

    #[error("{address} is not an approved provider")]
    NotProvider { address: String },

    #[error("offer {offer_id} does not exist")]
    UnknownOffer { offer_id: u64 },

    #[error("only the provider of offer {offer_id} may change it")]
    NotOfferProvider { offer_id: u64 },

    #[error("invalid offer: {reason}")]
    InvalidOffer { reason: String },

    #[error("offer {offer_id} is at version {current}, not {quoted}")]
    StaleVersion {
        offer_id: u64,
        quoted: u64,
        current: u64,
    },

    #[error("epoch {epoch} is in the past (current epoch {current})")]
    PastEpoch { epoch: u64, current: u64 },

    #[error("invalid epoch range {epoch}..{epoch_to}: {reason}")]
    InvalidEpochRange {
        epoch: u64,
        epoch_to: u64,
        reason: String,
    },

    #[error("epoch {epoch} has no reservation with {requested} units left ({available} left)")]
    NoReservation {
        epoch: u64,
        requested: u64,
        available: u64,
    },

    #[error("reservation_discount 0 would price all {count} reservations of the offer at 0: set a discount above 0 or remove the reservations")]
    FreeReservations { count: usize },

    #[error("only {available} spot units left, {requested} requested")]
    InsufficientAllocations { requested: u64, available: u64 },

    #[error("units must be greater than zero")]
    ZeroUnits {},

    #[error("{count} consumers is more than the maximum of {max}")]
    TooManyConsumers { count: usize, max: u32 },

    #[error("consumer key {index} appears twice")]
    DuplicateConsumer { index: usize },

    #[error("packed consumer keys are {len} bytes, not a multiple of 33")]
    InvalidPackedKeys { len: usize },

    #[error("consumer key {index} is not a 33-byte compressed secp256k1 key")]
    InvalidPubkey { index: usize },

    #[error("the price is {expected}, not {quoted}")]
    PriceMismatch { expected: Uint128, quoted: Uint128 },

    #[error("offer {offer_id} is targeted: {buyer} is not one of its consumers")]
    NotTargeted { offer_id: u64, buyer: String },

    #[error("{requested} targeted units requested, {available} left")]
    InsufficientTargeted { requested: u64, available: u64 },

    #[error("invalid Merkle root: must be 32 bytes")]
    InvalidRoot {},

    #[error("{sender} is not the clearing house of offer {offer_id}")]
    UnauthorizedClearingHouse { sender: String, offer_id: u64 },

    #[error("an auction settlement needs at least one award")]
    NoAwards {},

    #[error("grant {grant_id} does not exist")]
    UnknownGrant { grant_id: u64 },

    #[error("only the holder or the buyer of grant {grant_id} may rate it")]
    NotGrantParty { grant_id: u64 },

    #[error("grant {grant_id} is already rated")]
    AlreadyRated { grant_id: u64 },

    #[error("quality must be 0 to 100, got {quality}")]
    InvalidQuality { quality: u8 },
}

spectrum_types::embed_common_errors!(ContractError);
