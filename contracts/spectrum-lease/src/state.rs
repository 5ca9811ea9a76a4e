use cosmwasm_schema::cw_serde;
use cw_storage_plus::Item;
use spectrum_types::{Asset, ReputationGate};

/// The contract's configuration (the admin lives in cw-ownable's storage).
#[cw_serde]
pub struct Config {
    /// The asset every payment is made in.
    pub payment: Asset,
    /// Optional reputation gate.
    pub reputation_gate: Option<ReputationGate>,
}

/// "config" → [`Config`]
pub const CONFIG: Item<Config> = Item::new("config");
