//! node-reputation in the suite: how it is deployed, and the suite's helpers for it.

use cosmwasm_std::Addr;
use cw_multi_test::App;
use spectrum_types::node_reputation;

use crate::contracts;
use crate::suite::{instantiate, DeployContext};

/// Deploys node-reputation as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::node_reputation(),
        &ctx.admin,
        &node_reputation::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
        },
        "node-reputation",
    )
}
