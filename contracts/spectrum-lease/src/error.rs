use cosmwasm_std::Uint128;
use spectrum_types::equilibrium::EquilibriumError;
use spectrum_types::error::CommonError;
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// What every contract can fail with: storage, payment, gate, version, numbers, bands, pricing, configuration.
    #[error(transparent)]
    Common(#[from] CommonError),

    /// The MO pricing equilibrium has no solution for these inputs (only this contract
    /// computes it, so the other contracts do not carry its error and its 256-bit numbers).
    #[error(transparent)]
    Equilibrium(#[from] EquilibriumError),

    #[error("{address} is neither approved by the admin nor qualified as an MNO")]
    NotMno { address: String },

    #[error("{sender} is not the MNO of license {license_id}")]
    NotLicenseMno { license_id: u64, sender: String },

    #[error("{sender} is not the MO of lease {lease_id}")]
    NotLeaseMo { lease_id: u64, sender: String },

    #[error("{sender} is neither the MO nor the MNO of lease {lease_id}")]
    NotLeaseParty { lease_id: u64, sender: String },

    #[error("{field} must be 1 to {max} bytes")]
    InvalidText { field: String, max: usize },

    #[error("the unit price must be greater than zero")]
    ZeroPrice {},

    #[error("license validity {valid_until} must be after now ({now})")]
    ValidityInPast { valid_until: u64, now: u64 },

    #[error("invalid duration bounds {min}..{max}: need 0 < min <= max <= {max_allowed}")]
    InvalidDurationBounds {
        min: u64,
        max: u64,
        max_allowed: u64,
    },

    #[error("{value} is not a multiple of the bucket length {bucket_seconds} s")]
    Misaligned { value: u64, bucket_seconds: u64 },

    #[error("interference margin {margin_hz} Hz exceeds the bandwidth {bandwidth_hz} Hz")]
    MarginAboveBandwidth { margin_hz: u64, bandwidth_hz: u64 },

    #[error("capacity {new_capacity_hz} Hz would be below the {peak_hz} Hz already leased")]
    CapacityBelowUsage { new_capacity_hz: u64, peak_hz: u64 },

    #[error("license {license_id} not found")]
    LicenseNotFound { license_id: u64 },

    #[error("lease {lease_id} not found")]
    LeaseNotFound { lease_id: u64 },

    #[error("license {license_id} is retired")]
    LicenseRetired { license_id: u64 },

    #[error("license {license_id} expired at {valid_until}")]
    LicenseExpired { license_id: u64, valid_until: u64 },

    #[error("start {start} is in the past (now {now})")]
    StartInPast { start: u64, now: u64 },

    #[error("duration {duration} s is outside {min}..={max} s")]
    DurationOutOfBounds { duration: u64, min: u64, max: u64 },

    #[error("lease end {end} is after the license's validity {valid_until}")]
    LeaseBeyondLicense { end: u64, valid_until: u64 },

    #[error("lease end {end} is beyond the booking horizon {horizon_end}")]
    BeyondHorizon { end: u64, horizon_end: u64 },

    #[error("capacity exceeded at {at}: requested {requested_hz} Hz, available {available_hz} Hz")]
    CapacityExceeded {
        at: u64,
        requested_hz: u64,
        available_hz: u64,
    },

    #[error("price overflows: unit price × bandwidth × duration is too large")]
    PriceOverflow {},

    #[error("arithmetic overflow")]
    Overflow {},

    #[error("lease {lease_id} is not pending")]
    NotPending { lease_id: u64 },

    #[error("lease {lease_id} lapsed at its start {start}; it can only be refunded")]
    RequestLapsed { lease_id: u64, start: u64 },

    #[error("lease {lease_id} has not lapsed: it may be decided until {start}")]
    NotLapsed { lease_id: u64, start: u64 },

    #[error("lease {lease_id} is not approved and running or upcoming")]
    NotRunning { lease_id: u64 },

    #[error("revoking lease {lease_id} refunds {refund}: send it with the cw20 RevokeLease hook")]
    RefundRequired { lease_id: u64, refund: Uint128 },

    #[error("lease {lease_id} is not running for {reporter} now")]
    NoActiveLease { lease_id: u64, reporter: String },

    #[error("report time {time} must lie in [{start}, {now}]")]
    InvalidReportTime { time: u64, start: u64, now: u64 },

    #[error("the reported band lies outside the license's band")]
    BandOutsideLicense {},

    #[error("lease {lease_id} has not finished")]
    NotFinished { lease_id: u64 },

    #[error("lease {lease_id} was already rated by this side")]
    AlreadyRated { lease_id: u64 },

    #[error("quality {quality} must be 0 to 100")]
    InvalidQuality { quality: u8 },
}

spectrum_types::embed_common_errors!(ContractError);
