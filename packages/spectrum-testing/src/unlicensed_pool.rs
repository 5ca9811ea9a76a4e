//! unlicensed-pool in the suite: how it is deployed, and the suite's helpers for it.

use cosmwasm_std::Addr;
use cw_multi_test::App;
use spectrum_types::unlicensed_pool;

use crate::contracts;
use crate::suite::{instantiate, DeployContext};

/// Deploys unlicensed-pool as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::unlicensed_pool(),
        &ctx.admin,
        &unlicensed_pool::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            reputation_gate: None,
        },
        "unlicensed-pool",
    )
}
