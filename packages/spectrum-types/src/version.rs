//! cw2 versioning shared by every contract's `migrate`: refuse another contract's
//! code and refuse a downgrade.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Response, StdError, Storage};
use thiserror::Error;

/// The migrate message of every contract. Migration steps are version-gated inside
/// each contract; this message carries no options yet.
#[cw_serde]
#[derive(Default)]
pub struct MigrateMsg {}

/// Why a migration was refused.
#[derive(Error, Debug, PartialEq)]
pub enum VersionError {
    #[error(transparent)]
    Std(#[from] StdError),

    #[error("cannot migrate from contract {stored} to {expected}")]
    WrongContract { stored: String, expected: String },

    #[error("cannot migrate from version {stored} down to {new}")]
    Downgrade { stored: String, new: String },

    #[error("invalid semantic version {version}")]
    InvalidVersion { version: String },
}

fn parse(version: &str) -> Result<semver::Version, VersionError> {
    version.parse().map_err(|_| VersionError::InvalidVersion {
        version: version.to_string(),
    })
}

/// Checks the stored cw2 info against this code, records the new version and returns
/// the response attributes (`previous_version`, `new_version`). Returns the previous
/// version so that the contract can run its version-gated steps.
pub fn migrate_version(
    store: &mut dyn Storage,
    contract_name: &str,
    new_version: &str,
) -> Result<(semver::Version, Response), VersionError> {
    let stored = cw2::get_contract_version(store)?;
    if stored.contract != contract_name {
        return Err(VersionError::WrongContract {
            stored: stored.contract,
            expected: contract_name.to_string(),
        });
    }
    let old = parse(&stored.version)?;
    let new = parse(new_version)?;
    if new < old {
        return Err(VersionError::Downgrade {
            stored: stored.version,
            new: new_version.to_string(),
        });
    }
    cw2::set_contract_version(store, contract_name, new_version)?;
    let resp = Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("contract", contract_name)
        .add_attribute("previous_version", stored.version)
        .add_attribute("new_version", new_version);
    Ok((old, resp))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn migrate_accepts_same_or_newer_version_of_same_contract() {
        let mut store = MockStorage::new();
        cw2::set_contract_version(&mut store, "crates.io:market", "0.1.0").unwrap();
        let (old, resp) = migrate_version(&mut store, "crates.io:market", "0.2.0").unwrap();
        assert_eq!(old.to_string(), "0.1.0");
        assert_eq!(resp.attributes[2].value, "0.1.0");
        assert_eq!(cw2::get_contract_version(&store).unwrap().version, "0.2.0");
        migrate_version(&mut store, "crates.io:market", "0.2.0").unwrap();
    }

    #[test]
    fn migrate_refuses_foreign_contract_and_downgrade() {
        let mut store = MockStorage::new();
        cw2::set_contract_version(&mut store, "crates.io:market", "0.3.0").unwrap();
        assert_eq!(
            migrate_version(&mut store, "crates.io:pool", "0.4.0").unwrap_err(),
            VersionError::WrongContract {
                stored: "crates.io:market".into(),
                expected: "crates.io:pool".into()
            }
        );
        assert_eq!(
            migrate_version(&mut store, "crates.io:market", "0.2.9").unwrap_err(),
            VersionError::Downgrade {
                stored: "0.3.0".into(),
                new: "0.2.9".into()
            }
        );
        assert_eq!(cw2::get_contract_version(&store).unwrap().version, "0.3.0");
    }
}
