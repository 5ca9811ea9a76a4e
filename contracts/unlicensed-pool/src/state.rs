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

/// The current (or last) round, with its share ledger (see [`crate::ledger`]).
#[cw_serde]
pub struct Round {
    /// Round id, from 1.
    pub id: u64,
    /// When slot 0 begins.
    pub first_slot_start: Timestamp,
    /// Members sharing the round (members change only between rounds).
    pub members: u32,
    /// Every member's balance at the round's start: `M / members`, in micro-tokens.
    pub base_share: Uint128,
    /// Micro-tokens credited to every member so far this round, counting each claim's share
    /// `floor(cost / (members − 1))`, the claimant's own included (its ledger entry skips it).
    pub credit_per_member: Uint128,
}

/// A member's ledger entry, settled lazily: a claim touches only the claimant's entry and
/// the round's credit index, so its gas does not grow with the number of members.
#[cw_serde]
pub struct Member {
    /// Balance in micro-tokens when the entry was last settled.
    pub balance: Uint128,
    /// The round's `credit_per_member` when the entry was last settled.
    pub credit_seen: Uint128,
    /// The round in which the entry was last settled (0: before the first round).
    pub round: u64,
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
/// "members": member → its ledger entry. A key exists for every member, so this map is also
/// the member list.
pub const MEMBERS: Map<&Addr, Member> = Map::new("members");
/// "member_count" → number of keys in [`MEMBERS`].
pub const MEMBER_COUNT: Item<u32> = Item::new("member_count");
/// "unallocated" → micro-tokens held by no member: all of M before the first round, then the
/// remainders of the equal splits and the balances of removed members, shared out again at the
/// next round's start.
pub const UNALLOCATED: Item<Uint128> = Item::new("unallocated");
/// "slots": (round, slot) → [`SlotTotals`]
pub const SLOTS: Map<(u64, u32), SlotTotals> = Map::new("slots");
/// "claims": (round, slot, member) → bandwidth in Hz held by the member in the slot.
pub const CLAIMS: Map<(u64, u32, &Addr), u64> = Map::new("claims");
