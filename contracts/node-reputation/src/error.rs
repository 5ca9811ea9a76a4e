use cosmwasm_std::Decimal;
use spectrum_types::error::CommonError;
use spectrum_types::node_reputation::ApplicationStatus;
use thiserror::Error;

/// Every error this contract returns.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    /// What every contract can fail with: storage, payment, gate, version, numbers, bands, pricing, configuration.
    #[error(transparent)]
    Common(#[from] CommonError),

    #[error("this contract takes no funds")]
    FundsNotAccepted {},

    #[error("quorum must be between 1 and {max}, got {quorum}")]
    InvalidQuorum { quorum: u32, max: u32 },

    #[error("{field} must be between 0 and 1, got {value}")]
    NotAFraction { field: String, value: Decimal },

    #[error("application_expiry_seconds must be at least 1")]
    ZeroExpiry {},

    #[error("metadata is {len} bytes long, at most {max} allowed")]
    MetadataTooLong { len: u64, max: u64 },

    #[error("{applicant} already has an open application, expiring at {expires_at}")]
    AlreadyApplied { applicant: String, expires_at: u64 },

    #[error("{applicant} is already approved")]
    AlreadyApproved { applicant: String },

    #[error("{applicant} has no application")]
    NoApplication { applicant: String },

    #[error("the application of {applicant} is already closed ({status})")]
    ApplicationClosed {
        applicant: String,
        status: ApplicationStatus,
    },

    #[error("the application of {applicant} expired at {expires_at}")]
    ApplicationExpired { applicant: String, expires_at: u64 },

    #[error("{sender} is not an authorized node")]
    NotAuthorized { sender: String },

    #[error("{voter} already voted on the application of {applicant}")]
    AlreadyVoted { voter: String, applicant: String },

    #[error("{sender} is neither a registered reporter nor the approved operator itself")]
    UnknownReporter { sender: String },

    #[error("quality must be between 0 and 1, got {quality}")]
    QualityOutOfRange { quality: Decimal },

    #[error("{address} cannot rate itself")]
    SelfRating { address: String },

    #[error("{operator} may record about {node} again from {next_allowed_at}")]
    RateLimited {
        operator: String,
        node: String,
        next_allowed_at: u64,
    },

    #[error("{address} is already an authorized node")]
    AlreadyAuthorized { address: String },

    #[error("{address} is not an authorized node")]
    AuthorizedNotFound { address: String },

    #[error("at most {max} authorized nodes")]
    TooManyAuthorized { max: u32 },

    #[error("{address} is already a reporter")]
    AlreadyReporter { address: String },

    #[error("{address} is not a reporter")]
    ReporterNotFound { address: String },

    #[error("at most {max} reporters")]
    TooManyReporters { max: u32 },
}

spectrum_types::embed_common_errors!(ContractError);
