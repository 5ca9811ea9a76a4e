#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response, StdResult};
use spectrum_types::admin::update_ownership;
use spectrum_types::node_reputation::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use spectrum_types::version::migrate_version;
use spectrum_types::{check_count, check_seconds};

use crate::error::ContractError;
use crate::execute;
use crate::query;
use crate::state::{
    check_fraction, check_quorum, Config, Roster, AUTHORIZED_COUNT, CONFIG, REPORTER_COUNT,
};

/// cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    mut deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    if !info.funds.is_empty() {
        return Err(ContractError::FundsNotAccepted {});
    }
    check_quorum(msg.quorum)?;
    check_fraction("phi", msg.phi)?;
    check_fraction("threshold", msg.threshold)?;
    if msg.application_expiry_seconds == 0 {
        return Err(ContractError::ZeroExpiry {});
    }
    check_seconds("application_expiry_seconds", msg.application_expiry_seconds)?;
    check_count("min_interactions", msg.min_interactions)?;
    check_seconds("operator_interval_seconds", msg.operator_interval_seconds)?;
    let admin = msg.admin.unwrap_or_else(|| info.sender.to_string());
    cw_ownable::initialize_owner(deps.storage, deps.api, Some(&admin))?;
    CONFIG.save(
        deps.storage,
        &Config {
            quorum: msg.quorum,
            application_expiry_seconds: msg.application_expiry_seconds,
            phi: msg.phi,
            threshold: msg.threshold,
            min_interactions: msg.min_interactions,
            operator_interval_seconds: msg.operator_interval_seconds,
        },
    )?;
    AUTHORIZED_COUNT.save(deps.storage, &0)?;
    REPORTER_COUNT.save(deps.storage, &0)?;
    for address in &msg.authorized {
        execute::add_to_roster(deps.branch(), Roster::Authorized, address)?;
    }
    for address in &msg.reporters {
        execute::add_to_roster(deps.branch(), Roster::Reporters, address)?;
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("admin", admin)
        .add_attribute("quorum", msg.quorum.to_string())
        .add_attribute("phi", msg.phi.to_string())
        .add_attribute("threshold", msg.threshold.to_string())
        .add_attribute("authorized", msg.authorized.join(","))
        .add_attribute("reporters", msg.reporters.join(",")))
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    if !info.funds.is_empty() {
        return Err(ContractError::FundsNotAccepted {});
    }
    match msg {
        ExecuteMsg::Apply { kind, metadata } => execute::apply(deps, env, info, kind, metadata),
        ExecuteMsg::Approve { applicant } => execute::vote(deps, env, info, applicant, true),
        ExecuteMsg::Reject { applicant } => execute::vote(deps, env, info, applicant, false),
        ExecuteMsg::RecordInteraction {
            operator,
            node,
            positive,
            quality,
        } => execute::record_interaction(deps, env, info, operator, node, positive, quality),
        ExecuteMsg::AddAuthorized { address } => {
            execute::admin_roster(deps, info, Roster::Authorized, address, true)
        }
        ExecuteMsg::RemoveAuthorized { address } => {
            execute::admin_roster(deps, info, Roster::Authorized, address, false)
        }
        ExecuteMsg::AddReporter { address } => {
            execute::admin_roster(deps, info, Roster::Reporters, address, true)
        }
        ExecuteMsg::RemoveReporter { address } => {
            execute::admin_roster(deps, info, Roster::Reporters, address, false)
        }
        ExecuteMsg::UpdateConfig {
            quorum,
            application_expiry_seconds,
            threshold,
            min_interactions,
            operator_interval_seconds,
        } => execute::update_config(
            deps,
            info,
            quorum,
            application_expiry_seconds,
            threshold,
            min_interactions,
            operator_interval_seconds,
        ),
        ExecuteMsg::UpdateOwnership(action) => Ok(update_ownership(deps, &env, &info, action)?),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    query::query(deps, env, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    let (_previous, response) = migrate_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::coins;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
    use cosmwasm_std::Decimal;
    use spectrum_types::error::CommonError;
    use spectrum_types::node_reputation::MAX_AUTHORIZED;

    fn msg() -> InstantiateMsg {
        InstantiateMsg {
            admin: None,
            quorum: 2,
            application_expiry_seconds: 60,
            phi: Decimal::percent(50),
            threshold: Decimal::percent(30),
            min_interactions: 3,
            operator_interval_seconds: 60,
            authorized: vec![],
            reporters: vec![],
        }
    }

    fn init(m: InstantiateMsg) -> Result<Response, ContractError> {
        let mut deps = mock_dependencies();
        let sender = MockApi::default().addr_make("admin");
        instantiate(deps.as_mut(), mock_env(), message_info(&sender, &[]), m)
    }

    #[test]
    fn instantiate_validates_the_configuration() {
        assert!(init(msg()).is_ok());
        assert_eq!(
            init(InstantiateMsg { quorum: 0, ..msg() }).unwrap_err(),
            ContractError::InvalidQuorum { quorum: 0, max: 50 }
        );
        assert_eq!(
            init(InstantiateMsg {
                quorum: 51,
                ..msg()
            })
            .unwrap_err(),
            ContractError::InvalidQuorum {
                quorum: 51,
                max: 50
            }
        );
        assert_eq!(
            init(InstantiateMsg {
                phi: Decimal::percent(101),
                ..msg()
            })
            .unwrap_err(),
            ContractError::NotAFraction {
                field: "phi".into(),
                value: Decimal::percent(101)
            }
        );
        assert_eq!(
            init(InstantiateMsg {
                application_expiry_seconds: 0,
                ..msg()
            })
            .unwrap_err(),
            ContractError::ZeroExpiry {}
        );
        let a = MockApi::default().addr_make("a").to_string();
        assert_eq!(
            init(InstantiateMsg {
                authorized: vec![a.clone(), a.clone()],
                ..msg()
            })
            .unwrap_err(),
            ContractError::AlreadyAuthorized { address: a }
        );
        let many = (0..=MAX_AUTHORIZED)
            .map(|i| MockApi::default().addr_make(&format!("n{i}")).to_string())
            .collect();
        assert_eq!(
            init(InstantiateMsg {
                authorized: many,
                ..msg()
            })
            .unwrap_err(),
            ContractError::TooManyAuthorized {
                max: MAX_AUTHORIZED
            }
        );
    }

    #[test]
    fn funds_are_refused() {
        let mut deps = mock_dependencies();
        let sender = MockApi::default().addr_make("admin");
        instantiate(deps.as_mut(), mock_env(), message_info(&sender, &[]), msg()).unwrap();
        let err = execute(
            deps.as_mut(),
            mock_env(),
            message_info(&sender, &coins(1, "ustake")),
            ExecuteMsg::Apply {
                kind: spectrum_types::node_reputation::NodeKind::EdgeNode,
                metadata: String::new(),
            },
        )
        .unwrap_err();
        assert_eq!(err, ContractError::FundsNotAccepted {});
    }

    #[test]
    fn migrate_keeps_the_contract_and_refuses_a_foreign_one() {
        let mut deps = mock_dependencies();
        let sender = MockApi::default().addr_make("admin");
        instantiate(deps.as_mut(), mock_env(), message_info(&sender, &[]), msg()).unwrap();
        migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap();
        cw2::set_contract_version(deps.as_mut().storage, "crates.io:other", "9.0.0").unwrap();
        assert!(matches!(
            migrate(deps.as_mut(), mock_env(), MigrateMsg {}).unwrap_err(),
            ContractError::Common(CommonError::Version(_))
        ));
    }
}
