use cosmwasm_std::Addr;
use cw_storage_plus::Map;
use spectrum_types::node_reputation::NodeStatus;

/// participant address → registration status
pub const STATUS: Map<&Addr, NodeStatus> = Map::new("status");
