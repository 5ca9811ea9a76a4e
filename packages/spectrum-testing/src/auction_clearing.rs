//! auction-clearing in the suite: how it is deployed, and the suite's helpers for it.

use cosmwasm_std::Addr;
use cw_multi_test::App;
use spectrum_types::auction_clearing;

use crate::contracts;
use crate::suite::{instantiate, DeployContext};

/// Deploys auction-clearing as the suite wires it.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::auction_clearing(),
        &ctx.admin,
        &auction_clearing::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            reputation_gate: None,
        },
        "auction-clearing",
    )
}
