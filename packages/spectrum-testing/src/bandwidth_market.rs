//! bandwidth-market in the suite: how it is deployed, and the suite's helpers for it.

use cosmwasm_std::Addr;
use cw_multi_test::App;
use spectrum_types::bandwidth_market;

use crate::contracts;
use crate::suite::{instantiate, DeployContext};

/// Deploys bandwidth-market as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::bandwidth_market(),
        &ctx.admin,
        &bandwidth_market::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            reputation_gate: None,
        },
        "bandwidth-market",
    )
}
