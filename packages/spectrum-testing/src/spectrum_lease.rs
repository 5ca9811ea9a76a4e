//! spectrum-lease in the suite: how it is deployed, and the suite's helpers for it.

use cosmwasm_std::Addr;
use cw_multi_test::App;
use spectrum_types::spectrum_lease;

use crate::contracts;
use crate::suite::{instantiate, DeployContext};

/// Deploys spectrum-lease as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::spectrum_lease(),
        &ctx.admin,
        &spectrum_lease::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            reputation_gate: None,
        },
        "spectrum-lease",
    )
}
