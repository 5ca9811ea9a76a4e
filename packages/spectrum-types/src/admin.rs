//! The admin of every contract: a cw-ownable owner that may change configuration and
//! never users' funds. Ownership moves in two steps (transfer, then accept) or is
//! renounced, through each contract's `UpdateOwnership` message.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_ownable::{Action, OwnershipError};

/// Applies `action` (transfer, accept or renounce) sent by `info.sender`, and answers
/// with the new ownership as attributes (`owner`, `pending_owner`, `pending_expiry`).
pub fn update_ownership(
    deps: DepsMut,
    env: &Env,
    info: &MessageInfo,
    action: Action,
) -> Result<Response, OwnershipError> {
    let ownership = cw_ownable::update_ownership(deps, &env.block, &info.sender, action)?;
    Ok(Response::new().add_attributes(ownership.into_attributes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};

    #[test]
    fn only_the_owner_transfers_and_only_the_new_owner_accepts() {
        let mut deps = mock_dependencies();
        let env = mock_env();
        let admin = deps.api.addr_make("admin");
        let next = deps.api.addr_make("next");
        cw_ownable::initialize_owner(&mut deps.storage, &deps.api, Some(admin.as_str())).unwrap();
        let transfer = Action::TransferOwnership {
            new_owner: next.to_string(),
            expiry: None,
        };
        let stranger = message_info(&next, &[]);
        assert_eq!(
            update_ownership(deps.as_mut(), &env, &stranger, transfer.clone()).unwrap_err(),
            OwnershipError::NotOwner
        );
        let resp =
            update_ownership(deps.as_mut(), &env, &message_info(&admin, &[]), transfer).unwrap();
        assert!(resp
            .attributes
            .iter()
            .any(|a| a.key == "pending_owner" && a.value == next.as_str()));
        update_ownership(deps.as_mut(), &env, &stranger, Action::AcceptOwnership).unwrap();
        assert_eq!(
            cw_ownable::get_ownership(&deps.storage).unwrap().owner,
            Some(next)
        );
    }
}
