use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_storage_plus::{Item, Map};
use spectrum_types::ReputationGate;

/// The contract's configuration (the admin lives in cw-ownable's storage).
#[cw_serde]
pub struct Config {
    /// Total shared bandwidth W in Hz.
    pub total_bandwidth_hz: u64,
    /// Value of one token in Hz·s.
    pub token_value_hz_s: u64,
    /// Total supply M in micro-tokens.
    pub initial_supply: Uint128,
    /// Slot length in seconds.
    pub slot_seconds: u64,
    /// Slots per round.
    pub round_slots: u32,
    /// Largest number of members.
    pub max_members: u32,
    /// Largest number of slots in one claim.
    pub max_slots_per_claim: u32,
    /// Optional reputation gate.
    pub reputation_gate: Option<ReputationGate>,
}

/// The current (or last) round.
#[cw_serde]
pub struct Round {
    /// Round id, from 1.
    pub id: u64,
    /// When slot 0 begins.
    pub first_slot_start: Timestamp,
}

/// Totals of one slot.
#[cw_serde]
pub struct SlotTotals {
    /// Bandwidth claimed, in Hz.
    pub used_hz: u64,
    /// Number of members holding bandwidth in the slot.
    pub claimants: u32,
}

/// "config" → [`Config`]
pub const CONFIG: Item<Config> = Item::new("config");
/// "round" → the current (or last) [`Round`]; absent before the first round.
pub const ROUND: Item<Round> = Item::new("round");
/// "balances": member → balance in micro-tokens. A key exists for every member, so this map
/// is also the member list.
pub const BALANCES: Map<&Addr, Uint128> = Map::new("balances");
/// "member_count" → number of keys in [`BALANCES`].
pub const MEMBER_COUNT: Item<u32> = Item::new("member_count");
/// "unallocated" → micro-tokens held by no member (all of M before the first round).
pub const UNALLOCATED: Item<Uint128> = Item::new("unallocated");
/// "split_offset" → rotating offset of the equal-share remainder rule, advanced by the
/// remainder of every split.
pub const SPLIT_OFFSET: Item<u64> = Item::new("split_offset");
/// "slots": (round, slot) → [`SlotTotals`]
pub const SLOTS: Map<(u64, u32), SlotTotals> = Map::new("slots");
/// "claims": (round, slot, member) → bandwidth in Hz held by the member in the slot.
pub const CLAIMS: Map<(u64, u32, &Addr), u64> = Map::new("claims");
