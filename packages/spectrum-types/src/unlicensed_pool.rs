//! Messages of the `unlicensed-pool` contract: token-rebalancing pool for unlicensed spectrum (paper 000).
//!
//! Units: bandwidth in Hz, time in seconds, token amounts in **micro-tokens**
//! (1 token = 1 000 000 micro-tokens). Pool tokens live only inside the contract: they
//! cannot be transferred, deposited or withdrawn and have no fiat value.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Uint128, Uint64};
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::{ReputationGate, ReputationGateMsg};

pub use crate::version::MigrateMsg;

/// Micro-tokens in one pool token.
pub const MICRO_PER_TOKEN: u128 = 1_000_000;
/// Default value of one token: 180 kHz·s, the smallest LTE allocation for one second (paper 000).
pub const DEFAULT_TOKEN_VALUE_HZ_S: u64 = 180_000;
/// Default number of slots in a round.
pub const DEFAULT_ROUND_SLOTS: u32 = 60;
/// Default and largest number of members.
pub const DEFAULT_MAX_MEMBERS: u32 = 100;
/// Largest `max_members` the contract accepts (bounds the redistribution loop).
pub const MAX_MEMBERS_LIMIT: u32 = 100;
/// Default largest number of consecutive slots in one claim.
pub const DEFAULT_MAX_SLOTS_PER_CLAIM: u32 = 60;
/// Largest `max_slots_per_claim` the contract accepts (bounds the per-slot loop of a claim).
pub const MAX_SLOTS_PER_CLAIM_LIMIT: u32 = 600;
/// Largest `last_slots` a [`QueryMsg::MemberUsage`] accepts.
pub const MAX_USAGE_SLOTS: u32 = 100;

/// Instantiates the pool. Anyone may instantiate; the pool holds `initial_supply`
/// micro-tokens unallocated until the admin starts the first round.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may add and remove members and start rounds (it never holds or moves
    /// tokens); defaults to the sender.
    pub admin: Option<String>,
    /// Total unlicensed bandwidth W shared by the members, in Hz (paper: 540 MHz = 540000000),
    /// positive and at most 3 THz.
    pub total_bandwidth_hz: u64,
    /// Value of one token in Hz·s; defaults to 180 000 (180 kHz for one second).
    pub token_value_hz_s: Option<Uint64>,
    /// Total supply M in micro-tokens, split equally among the members at every round start
    /// (paper: 1800 tokens = "1800000000"). Must be positive.
    pub initial_supply: Uint128,
    /// Length of one slot in seconds (paper: 1). Must be positive.
    pub slot_seconds: u64,
    /// Number of slots in a round (paper: 60); defaults to 60.
    pub round_slots: Option<u32>,
    /// Largest number of members; defaults to 100, at most 100.
    pub max_members: Option<u32>,
    /// Largest number of consecutive slots one claim may cover; defaults to 60, at most 600.
    pub max_slots_per_claim: Option<u32>,
    /// Initial members (operators). Each must pass the reputation gate when it is set.
    pub members: Vec<String>,
    /// Optional reputation gate: members must be qualified in node-reputation, both when
    /// they are added and whenever they claim.
    pub reputation_gate: Option<ReputationGateMsg>,
}

/// Executes an action. No message accepts funds.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// A member claims `bandwidth_hz` of the shared band in each of the `slots` consecutive
    /// slots that start with the coming slot (the slot after the one in progress, or the
    /// round's first slot before it begins). Costs
    /// `ceil(bandwidth_hz × slot_seconds × slots × 1 000 000 / token_value_hz_s)` micro-tokens,
    /// taken from the member's balance and credited in equal parts to every other member at
    /// once: `floor(cost / (n − 1))` each, the remainder (under `n − 1` micro-tokens) to the
    /// pool's unallocated supply. Refused when the balance is short, when a slot would exceed W, when the slots
    /// run past the round, or when no round is in progress.
    Claim {
        /// Bandwidth in Hz, positive and at most W.
        bandwidth_hz: u64,
        /// Number of consecutive slots, from 1 to `max_slots_per_claim`.
        slots: u32,
    },
    /// Only the admin can add a member, and only between rounds. The new member's balance is
    /// zero until the next round starts.
    AddMember {
        /// The operator's address.
        address: String,
    },
    /// Only the admin can remove a member, and only between rounds. Its balance returns to
    /// the pool's unallocated supply, which the next round shares out again.
    RemoveMember {
        /// The member's address.
        address: String,
    },
    /// Only the admin can start a round, and only when no round is in progress and there is
    /// at least one member. Every balance is reset: the supply M is split equally among the
    /// current members, `floor(M / n)` each, and the remainder `M mod n` stays unallocated. The
    /// round's first slot begins one
    /// slot length after this message, so that members can claim it.
    StartRound {},
}

/// Queries the contract.
#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// The current (or last) round.
    #[returns(RoundResponse)]
    Round {},
    /// One member's balance.
    #[returns(BalanceResponse)]
    Balance {
        /// The member's address.
        address: String,
    },
    /// Every member's balance, in address order; `limit` defaults to 10, at most 30.
    #[returns(BalancesResponse)]
    Balances {
        /// Exclusive: the last address of the previous page.
        start_after: Option<String>,
        /// Page size; defaults to 10, capped at 30.
        limit: Option<u32>,
    },
    /// The claims made for one slot, in member address order.
    #[returns(ClaimsForSlotResponse)]
    ClaimsForSlot {
        /// Round id; defaults to the current (or last) round.
        round: Option<u64>,
        /// Slot index within the round.
        slot: u32,
        /// Exclusive: the last member of the previous page.
        start_after: Option<String>,
        /// Page size; defaults to 10, capped at 30.
        limit: Option<u32>,
    },
    /// The fair share W/n (the paper's Nash equilibrium strategy) for the current members.
    #[returns(FairShareResponse)]
    FairShare {},
    /// A member's use over the last `last_slots` slots of the current round, ending with the
    /// slot in progress (or the last slot once the round is over).
    #[returns(MemberUsageResponse)]
    MemberUsage {
        /// The member's address.
        address: String,
        /// Number of slots, from 1 to 100.
        last_slots: u32,
    },
    /// Per-slot totals of a round for plotting: the slots that have claims, in slot order.
    #[returns(SlotHistoryResponse)]
    SlotHistory {
        /// Round id; defaults to the current (or last) round.
        round: Option<u64>,
        /// Exclusive: the last slot of the previous page.
        start_after: Option<u32>,
        /// Page size; defaults to 10, capped at 30.
        limit: Option<u32>,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// Total shared bandwidth W in Hz.
    pub total_bandwidth_hz: u64,
    /// Value of one token in Hz·s.
    pub token_value_hz_s: Uint64,
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
    /// The reputation gate, if configured.
    pub reputation_gate: Option<ReputationGate>,
}

/// The current (or last) round.
#[cw_serde]
pub struct RoundResponse {
    /// Round id: 0 before the first round, then 1, 2, …
    pub round: u64,
    /// When slot 0 begins, in seconds since the Unix epoch (None before the first round).
    pub first_slot_start: Option<u64>,
    /// When the round ends, in seconds since the Unix epoch (None before the first round).
    pub end: Option<u64>,
    /// True while the round has not ended: members cannot change.
    pub in_progress: bool,
    /// The slot in progress, if the round has begun and not ended.
    pub current_slot: Option<u32>,
    /// The first slot a claim made now would cover, if any is left in the round.
    pub coming_slot: Option<u32>,
    /// Number of members.
    pub members: u32,
    /// Sum of all balances plus `unallocated`: always the supply M.
    pub supply: Uint128,
    /// Micro-tokens not held by any member (before the first round, or removed members').
    pub unallocated: Uint128,
}

/// A member's balance.
#[cw_serde]
pub struct BalanceResponse {
    /// The member.
    pub address: Addr,
    /// Balance in micro-tokens.
    pub balance: Uint128,
}

/// A page of balances.
#[cw_serde]
pub struct BalancesResponse {
    /// Members and their balances, in address order.
    pub balances: Vec<BalanceResponse>,
}

/// One member's claim on one slot (the sum of its claims there).
#[cw_serde]
pub struct SlotClaim {
    /// The member.
    pub member: Addr,
    /// Bandwidth in Hz.
    pub bandwidth_hz: u64,
}

/// The claims for one slot.
#[cw_serde]
pub struct ClaimsForSlotResponse {
    /// Round id.
    pub round: u64,
    /// Slot index.
    pub slot: u32,
    /// Bandwidth claimed in the slot by all members, in Hz.
    pub used_hz: u64,
    /// Bandwidth still free in the slot, in Hz.
    pub free_hz: u64,
    /// This page of claims.
    pub claims: Vec<SlotClaim>,
}

/// The fair share.
#[cw_serde]
pub struct FairShareResponse {
    /// Total bandwidth W in Hz.
    pub total_bandwidth_hz: u64,
    /// Number of members n.
    pub members: u32,
    /// W / n rounded down, in Hz (0 when there are no members).
    pub fair_share_hz: u64,
}

/// One slot of a member's use.
#[cw_serde]
pub struct SlotUsage {
    /// Slot index.
    pub slot: u32,
    /// Bandwidth the member holds in the slot, in Hz.
    pub bandwidth_hz: u64,
}

/// A member's use over the last slots.
#[cw_serde]
pub struct MemberUsageResponse {
    /// The member.
    pub address: Addr,
    /// Round id.
    pub round: u64,
    /// First slot of the window (inclusive); None when no slot of the round has begun.
    pub from_slot: Option<u32>,
    /// Last slot of the window (inclusive).
    pub to_slot: Option<u32>,
    /// Slots of the window in which the member holds bandwidth.
    pub slots: Vec<SlotUsage>,
    /// Sum of bandwidth over the window, in Hz·slots.
    pub total_hz_slots: Uint128,
    /// Average bandwidth per slot of the window, in Hz, rounded down.
    pub average_hz: u64,
}

/// Totals of one slot.
#[cw_serde]
pub struct SlotInfo {
    /// Slot index.
    pub slot: u32,
    /// Bandwidth claimed, in Hz.
    pub used_hz: u64,
    /// Number of members holding bandwidth in the slot.
    pub claimants: u32,
}

/// A page of slot totals.
#[cw_serde]
pub struct SlotHistoryResponse {
    /// Round id.
    pub round: u64,
    /// Slots with claims, in slot order.
    pub slots: Vec<SlotInfo>,
}
