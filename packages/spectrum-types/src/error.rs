//! The errors every contract of the house can fail with, in one place.
//!
//! Each contract's `ContractError` embeds [`CommonError`] once, as
//! `Common(#[from] CommonError)`, and keeps only the errors of its own domain.
//! [`embed_common_errors!`](crate::embed_common_errors) then lets `?` turn any of the
//! shared errors (a storage error, a payment refused by [`crate::asset`], a gate
//! refusal, …) into that contract's error, so a handler never wraps them by hand.
//!
//! The text a user sees is the shared error's own: every variant but
//! [`CommonError::InvalidConfig`] is `#[error(transparent)]`.

pub use cosmwasm_std::{OverflowError, StdError};
pub use cw_ownable::OwnershipError;
use thiserror::Error;

use crate::{BandError, GateError, NumberError, PaymentError, PricingError, VersionError};

/// What any contract can fail with, whatever its domain.
#[derive(Error, Debug, PartialEq)]
pub enum CommonError {
    /// Storage, serialization or address errors from cosmwasm-std.
    #[error(transparent)]
    Std(#[from] StdError),

    /// Checked arithmetic on `Uint128`/`Uint64` overflowed.
    #[error(transparent)]
    Overflow(#[from] OverflowError),

    /// Only the admin (cw-ownable owner) may do this, or an ownership transfer failed.
    #[error(transparent)]
    Ownership(#[from] OwnershipError),

    /// The funds sent with a message, or the cw20 that sent them, are not what it needs.
    #[error(transparent)]
    Payment(#[from] PaymentError),

    /// The node-reputation gate refused the sender.
    #[error(transparent)]
    Gate(#[from] GateError),

    /// A migration from another contract or a newer version.
    #[error(transparent)]
    Version(#[from] VersionError),

    /// A count or a time in seconds above what a JSON number carries exactly.
    #[error(transparent)]
    Number(#[from] NumberError),

    /// A band that is empty, reversed or above the radio spectrum.
    #[error(transparent)]
    Band(#[from] BandError),

    /// A price that overflows, rounds to zero, or has a discount out of range.
    #[error(transparent)]
    Pricing(#[from] PricingError),

    /// A configuration field (at instantiate or in an update) is out of range.
    #[error("invalid {field}: {reason}")]
    InvalidConfig {
        /// The message field at fault, as it is spelled in the JSON.
        field: String,
        /// What the field must be.
        reason: String,
    },
}

impl CommonError {
    /// A configuration field that is out of range, with what it must be.
    pub fn invalid_config(field: impl Into<String>, reason: impl Into<String>) -> Self {
        CommonError::InvalidConfig {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// `value` if it lies in `min..=max`; otherwise [`CommonError::InvalidConfig`] naming
/// `field`, its bounds and the value given.
pub fn check_config_range<T>(field: &str, value: T, min: T, max: T) -> Result<T, CommonError>
where
    T: PartialOrd + std::fmt::Display,
{
    if value < min || value > max {
        return Err(CommonError::invalid_config(
            field,
            format!("must be {min} to {max}, got {value}"),
        ));
    }
    Ok(value)
}

/// Lets `?` convert every error that [`CommonError`] embeds into a contract's error
/// type, through its `Common(#[from] CommonError)` variant.
///
/// ```
/// use spectrum_types::error::CommonError;
/// #[derive(Debug, PartialEq, thiserror::Error)]
/// pub enum ContractError {
///     #[error(transparent)]
///     Common(#[from] CommonError),
///     #[error("nothing to do")]
///     NothingToDo {},
/// }
/// spectrum_types::embed_common_errors!(ContractError);
///
/// let err: ContractError = cosmwasm_std::StdError::generic_err("x").into();
/// assert_eq!(err.to_string(), "Generic error: x");
/// ```
#[macro_export]
macro_rules! embed_common_errors {
    ($error:ident) => {
        $crate::embed_common_errors!(@from $error:
            $crate::error::StdError,
            $crate::error::OverflowError,
            $crate::error::OwnershipError,
            $crate::PaymentError,
            $crate::GateError,
            $crate::VersionError,
            $crate::NumberError,
            $crate::BandError,
            $crate::PricingError
        );
    };
    (@from $error:ident: $($source:ty),+) => {
        $(
            impl From<$source> for $error {
                fn from(err: $source) -> Self {
                    $error::Common($crate::error::CommonError::from(err))
                }
            }
        )+
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_errors_keep_their_own_text() {
        let err = CommonError::from(PaymentError::NoFunds {
            denom: "ubandcoin".into(),
        });
        assert_eq!(
            err.to_string(),
            PaymentError::NoFunds {
                denom: "ubandcoin".into()
            }
            .to_string()
        );
        assert_eq!(
            CommonError::invalid_config("epoch_seconds", "must be at least 1").to_string(),
            "invalid epoch_seconds: must be at least 1"
        );
    }

    #[test]
    fn config_ranges_name_the_field_and_its_bounds() {
        assert_eq!(check_config_range("max_bids_per_tx", 5u32, 1, 10), Ok(5));
        assert_eq!(check_config_range("max_bids_per_tx", 1u32, 1, 10), Ok(1));
        assert_eq!(check_config_range("max_bids_per_tx", 10u32, 1, 10), Ok(10));
        assert_eq!(
            check_config_range("max_bids_per_tx", 0u32, 1, 10)
                .unwrap_err()
                .to_string(),
            "invalid max_bids_per_tx: must be 1 to 10, got 0"
        );
        assert!(check_config_range("max_bids_per_tx", 11u32, 1, 10).is_err());
    }
}
