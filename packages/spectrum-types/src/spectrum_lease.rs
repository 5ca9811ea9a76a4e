//! Messages of the `spectrum-lease` contract: license registry, MNO to MO spectrum leases, interference reports and the MO pricing equilibrium (paper 001).

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Decimal, Decimal256, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::node_reputation::TradeRating;
use crate::{Asset, AssetUnchecked, Band, ReputationGate, ReputationGateMsg};

pub use crate::version::MigrateMsg;

/// Default length of one capacity bucket, in seconds (one hour).
pub const DEFAULT_BUCKET_SECONDS: u64 = 3_600;
/// Default longest lease, in buckets (one week of hours).
pub const DEFAULT_MAX_LEASE_BUCKETS: u32 = 168;
/// Default booking horizon, in buckets (30 days of hours).
pub const DEFAULT_HORIZON_BUCKETS: u32 = 720;
/// Upper bound on `max_lease_buckets` and `horizon_buckets` (bounds the work of one message).
pub const MAX_BUCKETS_LIMIT: u32 = 2_000;
/// Longest region id or report location, in bytes.
pub const MAX_TEXT_LEN: usize = 128;

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration (never users' funds); defaults to the sender.
    pub admin: Option<String>,
    /// The asset payments are made in: a native denom or the Bandcoin cw20 token.
    pub payment: AssetUnchecked,
    /// Optional reputation gate: MNOs and MOs must be qualified in node-reputation.
    pub reputation_gate: Option<ReputationGateMsg>,
    /// Length of one capacity bucket in seconds; lease starts and durations are multiples
    /// of it. Defaults to 3600. Cannot be changed later (buckets are stored by index).
    pub bucket_seconds: Option<u64>,
    /// Longest lease in buckets (bounds the work of one request). Defaults to 168, at most 2000.
    pub max_lease_buckets: Option<u32>,
    /// How far ahead of now a lease may end, in buckets (bounds the work of a capacity
    /// change). Defaults to 720, at most 2000, at least `max_lease_buckets`.
    pub horizon_buckets: Option<u32>,
    /// Optional node-reputation contract that finished leases' ratings are recorded in.
    pub reputation_recorder: Option<String>,
}

/// How a license's lease requests are approved.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ApprovalPolicy {
    /// A request within the posted terms is approved at once and paid to the MNO.
    Automatic,
    /// A request is escrowed until the MNO approves it (paid to the MNO), rejects it
    /// (full refund) or lets it lapse at its start time (full refund).
    Manual,
}

/// The terms an MNO posts when registering a license.
#[cw_serde]
pub struct LicenseTerms {
    /// The licensed band.
    pub band: Band,
    /// Region the license covers (free text, at most 128 bytes, not empty).
    pub region_id: String,
    /// Total leasable bandwidth W in Hz; at most the band's width.
    pub bandwidth_hz: u64,
    /// Time (seconds) after which no lease may run.
    pub valid_until: u64,
    /// Unit price p_s per Hz·second, in the payment asset's smallest unit; must be > 0.
    pub price_per_hz_second: Decimal,
    /// Shortest lease in seconds (a multiple of the bucket length, > 0).
    pub min_duration: u64,
    /// Longest lease in seconds (a multiple of the bucket length, at most the contract's
    /// `max_lease_buckets` buckets).
    pub max_duration: u64,
    /// Automatic or manual approval.
    pub policy: ApprovalPolicy,
}

/// The cw20 `Send` hook messages (the payment asset is the cw20 token).
#[cw_serde]
pub enum ReceiveMsg {
    /// Same as [`ExecuteMsg::RequestLease`], paid with the sent tokens (exact price).
    RequestLease {
        /// License to lease from.
        license_id: u64,
        /// Bandwidth in Hz.
        bandwidth_hz: u64,
        /// Start time in seconds (a bucket boundary, not in the past).
        start: u64,
        /// Duration in seconds (a multiple of the bucket length, within the license bounds).
        duration: u64,
    },
    /// Same as [`ExecuteMsg::RevokeLease`], the sent tokens being the exact refund.
    RevokeLease {
        /// The lease revoked.
        lease_id: u64,
    },
}

/// Executes an action.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// cw20 entry point: the payment token's `Send` with a [`ReceiveMsg`] hook.
    Receive(Cw20ReceiveMsg),
    /// Only the admin: lets `mno` register licenses without the reputation gate.
    ApproveMno {
        /// The MNO's account.
        mno: String,
    },
    /// Only the admin: withdraws an approval (existing licenses and leases are untouched).
    RemoveMno {
        /// The MNO's account.
        mno: String,
    },
    /// Only the admin: sets or clears the reputation gate and the rating recorder.
    UpdateConfig {
        /// New gate; `None` keeps the current one.
        reputation_gate: Option<ReputationGateMsg>,
        /// Turns the gate off (applied before `reputation_gate`).
        #[serde(default)]
        remove_reputation_gate: bool,
        /// New node-reputation recorder; `None` keeps the current one.
        reputation_recorder: Option<String>,
        /// Stops recording ratings (applied before `reputation_recorder`).
        #[serde(default)]
        remove_reputation_recorder: bool,
    },
    /// An approved or reputation-qualified MNO registers a license. Free.
    RegisterLicense {
        /// The posted terms.
        terms: LicenseTerms,
    },
    /// Only the license's MNO: changes the price (future requests only), W or the
    /// interference margin. The capacity W − margin may not drop below the peak usage of
    /// any current or future bucket. Free.
    UpdateLicense {
        /// License changed.
        license_id: u64,
        /// New unit price per Hz·second (> 0).
        price_per_hz_second: Option<Decimal>,
        /// New total leasable bandwidth in Hz (at most the band width).
        bandwidth_hz: Option<u64>,
        /// New interference margin in Hz (at most W).
        interference_margin_hz: Option<u64>,
    },
    /// Only the license's MNO: no new leases; existing ones run to term. Free.
    RetireLicense {
        /// License retired.
        license_id: u64,
    },
    /// An MO (reputation-qualified when a gate is set) requests a lease, paying
    /// ceil(p_s × bandwidth × duration) in the native payment denom as attached funds.
    /// With a cw20 payment asset use the token's `Send` with [`ReceiveMsg::RequestLease`].
    RequestLease {
        /// License to lease from.
        license_id: u64,
        /// Bandwidth in Hz.
        bandwidth_hz: u64,
        /// Start time in seconds (a bucket boundary, not in the past).
        start: u64,
        /// Duration in seconds (a multiple of the bucket length, within the license bounds).
        duration: u64,
    },
    /// Only the license's MNO, before the lease's start: approves a pending request;
    /// the escrow is paid to the MNO.
    ApproveLease {
        /// The pending lease.
        lease_id: u64,
    },
    /// Only the license's MNO: rejects a pending request; the escrow is refunded in full.
    RejectLease {
        /// The pending lease.
        lease_id: u64,
    },
    /// Anyone: refunds a pending request whose start passed without a decision.
    RefundLapsed {
        /// The lapsed lease.
        lease_id: u64,
    },
    /// Only the lease's MO: ends an approved lease early at the next bucket boundary;
    /// the capacity is freed; no refund.
    TerminateLease {
        /// The lease ended.
        lease_id: u64,
    },
    /// Only the license's MNO: revokes an approved, unfinished lease at the next bucket
    /// boundary and refunds the MO floor(paid × unused / duration) at once. The MNO
    /// attaches exactly that refund (see the `RevocationRefund` query); with a cw20 asset
    /// use `Send` with [`ReceiveMsg::RevokeLease`] (or this message when the refund is 0).
    RevokeLease {
        /// The lease revoked.
        lease_id: u64,
    },
    /// An MO with an active lease on the license reports sensed incumbent interference. Free.
    ReportInterference {
        /// The reporter's active lease (names the license).
        lease_id: u64,
        /// Sensed level in hundredths of dBm (−9050 = −90.50 dBm).
        level_cdbm: i64,
        /// Where it was sensed (free text, at most 128 bytes, not empty).
        location: String,
        /// When it was sensed (seconds, within the lease and not in the future).
        time: u64,
        /// The band sensed; must lie within the license's band.
        band: Band,
    },
    /// The MO or the MNO of a finished lease (expired, terminated or revoked) rates the
    /// other side once, as every contract rates trades (see `node_reputation::TradeRating`).
    /// Recorded here and, when configured, in node-reputation.
    RateLease {
        /// The finished lease.
        lease_id: u64,
        /// Whether the lease went well.
        positive: bool,
        /// Quality of the interaction, 0 to 100.
        quality: u8,
    },
}

/// Queries the contract.
#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// Whether an MNO was approved by the admin.
    #[returns(MnoResponse)]
    Mno {
        /// The MNO's account.
        mno: String,
    },
    /// One license.
    #[returns(LicenseResponse)]
    License {
        /// License id.
        license_id: u64,
    },
    /// Licenses by id, optionally only one MNO's. Paginated (default 10, max 30).
    #[returns(LicensesResponse)]
    Licenses {
        /// Only this MNO's licenses.
        mno: Option<String>,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// One lease, with its status at the current block time.
    #[returns(LeaseResponse)]
    Lease {
        /// Lease id.
        lease_id: u64,
    },
    /// Leases of one license by id. Paginated (default 10, max 30).
    #[returns(LeasesResponse)]
    LeasesByLicense {
        /// License id.
        license_id: u64,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// Leases taken by one MO, by id. Paginated (default 10, max 30).
    #[returns(LeasesResponse)]
    LeasesByMo {
        /// The MO.
        mo: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// Leases granted by one MNO, by id. Paginated (default 10, max 30).
    #[returns(LeasesResponse)]
    LeasesByMno {
        /// The MNO.
        mno: String,
        /// Last id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// Approved leases of one license running at time `at` (default now). Walks at most
    /// 300 leases ending after `at` per call; continue from `next_start_after` when set.
    #[returns(ActiveLeasesResponse)]
    ActiveLeases {
        /// License id.
        license_id: u64,
        /// Instant asked about in seconds; defaults to the block time.
        at: Option<u64>,
        /// `next_start_after` of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// Bandwidth used (approved and pending leases) and free at time `at` on a license.
    #[returns(CapacityResponse)]
    Capacity {
        /// License id.
        license_id: u64,
        /// Instant in seconds.
        at: u64,
    },
    /// The exact price of a lease request now: ceil(p_s × bandwidth × duration), always at
    /// least 1. Checks the request as `RequestLease` does (license, times, horizon,
    /// capacity), except the MO's reputation qualification, and refuses it with the same
    /// error. Pay exactly `price` (attached, or through the token's `Send`).
    #[returns(QuoteLeaseResponse)]
    QuoteLease {
        /// License to lease from.
        license_id: u64,
        /// Bandwidth in Hz.
        bandwidth_hz: u64,
        /// Start time in seconds (a bucket boundary, not in the past).
        start: u64,
        /// Duration in seconds (a multiple of the bucket length, within the license bounds).
        duration: u64,
    },
    /// The refund the MNO must pay to revoke a lease now: attached in the native coin, sent
    /// with the token's `Send`, or, when it is 0, nothing (a plain `RevokeLease`). Refused
    /// with `NotRunning`, as the revocation is, when the lease is not approved and running.
    #[returns(RevocationRefundResponse)]
    RevocationRefund {
        /// Lease id.
        lease_id: u64,
    },
    /// Interference reports of a license, by id. Paginated (default 10, max 30).
    #[returns(InterferenceReportsResponse)]
    InterferenceReports {
        /// License id.
        license_id: u64,
        /// Last report id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// Summary of a license's interference reports: latest, all-time maximum and count,
    /// and count and maximum over the last `window_buckets` buckets.
    #[returns(InterferenceSummaryResponse)]
    InterferenceSummary {
        /// License id.
        license_id: u64,
        /// Window length in buckets ending at the current bucket: default 24, clamped to
        /// 1 to the contract's `horizon_buckets` (default 720, never above 2,000), like a
        /// page `limit`. The response's `window_buckets` gives the length used.
        window_buckets: Option<u32>,
    },
    /// The ratings given on a lease.
    #[returns(RatingsResponse)]
    Ratings {
        /// Lease id.
        lease_id: u64,
    },
    /// The MO pricing equilibrium of paper 001 (Propositions 1–3) for unit spectrum price
    /// `p_s` and spare computing share `gamma`, both in (0, 1), and PoW reward `p_w` ≥ 0.
    #[returns(MoEquilibriumResponse)]
    MoEquilibrium {
        /// Unit price of leased spectrum p_s, in (0, 1).
        p_s: Decimal256,
        /// Redundant computing resource γ, in (0, 1).
        gamma: Decimal256,
        /// Reward for PoW p_w, ≥ 0.
        p_w: Decimal256,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// The payment asset.
    pub payment: Asset,
    /// The reputation gate, if configured.
    pub reputation_gate: Option<ReputationGate>,
    /// Bucket length in seconds.
    pub bucket_seconds: u64,
    /// Longest lease in buckets.
    pub max_lease_buckets: u32,
    /// Booking horizon in buckets.
    pub horizon_buckets: u32,
    /// node-reputation contract ratings are recorded in, if any.
    pub reputation_recorder: Option<Addr>,
}

/// Answer to [`QueryMsg::Mno`].
#[cw_serde]
pub struct MnoResponse {
    /// True when the admin approved this MNO.
    pub approved: bool,
}

/// A registered license.
#[cw_serde]
pub struct LicenseResponse {
    /// License id.
    pub license_id: u64,
    /// The license holder.
    pub mno: Addr,
    /// The posted terms (current price, W).
    pub terms: LicenseTerms,
    /// Interference margin in Hz, set by the MNO; capacity is W − margin.
    pub interference_margin_hz: u64,
    /// True once retired.
    pub retired: bool,
}

/// A page of licenses.
#[cw_serde]
pub struct LicensesResponse {
    /// The licenses.
    pub licenses: Vec<LicenseResponse>,
}

/// Where a lease stands at a given time.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum LeaseStatus {
    /// Manual policy, escrowed, waiting for the MNO (before its start).
    Pending,
    /// Pending past its start without a decision; anyone may trigger the refund.
    Lapsed,
    /// Lapsed and refunded.
    Refunded,
    /// Approved and not started.
    Approved,
    /// Approved and running.
    Active,
    /// Approved and ran to its end.
    Expired,
    /// Rejected by the MNO (refunded).
    Rejected,
    /// Ended early by the MO.
    Terminated,
    /// Revoked by the MNO with a pro-rata refund.
    Revoked,
}

/// A lease.
#[cw_serde]
pub struct LeaseResponse {
    /// Lease id.
    pub lease_id: u64,
    /// License id.
    pub license_id: u64,
    /// The license holder.
    pub mno: Addr,
    /// The lessee.
    pub mo: Addr,
    /// Bandwidth in Hz.
    pub bandwidth_hz: u64,
    /// Start time in seconds.
    pub start: u64,
    /// End time (exclusive) in seconds; moved earlier by termination or revocation.
    pub end: u64,
    /// End originally agreed.
    pub booked_end: u64,
    /// What the MO paid.
    pub paid: Uint128,
    /// What was refunded to the MO.
    pub refunded: Uint128,
    /// Status at the block time.
    pub status: LeaseStatus,
}

/// A page of leases.
#[cw_serde]
pub struct LeasesResponse {
    /// The leases.
    pub leases: Vec<LeaseResponse>,
}

/// Answer to [`QueryMsg::ActiveLeases`].
#[cw_serde]
pub struct ActiveLeasesResponse {
    /// Leases running at the instant.
    pub leases: Vec<LeaseResponse>,
    /// Cursor to continue the walk, when there may be more.
    pub next_start_after: Option<u64>,
}

/// Answer to [`QueryMsg::Capacity`].
#[cw_serde]
pub struct CapacityResponse {
    /// W − interference margin.
    pub capacity_hz: u64,
    /// Bandwidth held by approved and pending leases at the instant.
    pub used_hz: u64,
    /// capacity − used (0 when a margin raise left it lower).
    pub available_hz: u64,
}

/// The price of a lease request.
#[cw_serde]
pub struct QuoteLeaseResponse {
    /// The exact amount to pay, in the payment asset's smallest unit (at least 1).
    pub price: Uint128,
    /// When the lease would end (start + duration).
    pub end: u64,
}

/// Answer to [`QueryMsg::RevocationRefund`].
#[cw_serde]
pub struct RevocationRefundResponse {
    /// The refund the MNO pays to revoke now.
    pub refund: Uint128,
    /// The end the lease would get.
    pub new_end: u64,
}

/// One interference report.
#[cw_serde]
pub struct InterferenceReport {
    /// Report id (per contract).
    pub report_id: u64,
    /// License id.
    pub license_id: u64,
    /// The reporter's lease.
    pub lease_id: u64,
    /// The reporting MO.
    pub reporter: Addr,
    /// Level in hundredths of dBm.
    pub level_cdbm: i64,
    /// Where.
    pub location: String,
    /// When sensed.
    pub time: u64,
    /// Band sensed.
    pub band: Band,
}

/// A page of interference reports.
#[cw_serde]
pub struct InterferenceReportsResponse {
    /// The reports.
    pub reports: Vec<InterferenceReport>,
}

/// Answer to [`QueryMsg::InterferenceSummary`].
#[cw_serde]
pub struct InterferenceSummaryResponse {
    /// The window length used, in buckets (the requested one after clamping).
    pub window_buckets: u32,
    /// The most recent report (by sensed time).
    pub latest: Option<InterferenceReport>,
    /// All-time maximum level.
    pub max_level_cdbm: Option<i64>,
    /// All-time number of reports.
    pub count: u64,
    /// Reports sensed in the window.
    pub window_count: u64,
    /// Maximum level sensed in the window.
    pub window_max_level_cdbm: Option<i64>,
    /// The current interference margin in Hz.
    pub interference_margin_hz: u64,
}

/// Answer to [`QueryMsg::Ratings`].
#[cw_serde]
pub struct RatingsResponse {
    /// The MO's rating of the MNO.
    pub by_mo: Option<TradeRating>,
    /// The MNO's rating of the MO.
    pub by_mno: Option<TradeRating>,
}

/// The regime of the PoW reward.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PowRegime {
    /// p_w ≤ M_1: only the spare computing share γ goes to PoW.
    SpareOnly,
    /// M_1 < p_w ≤ M_2: PoW takes more than γ, service degrades.
    Shared,
    /// p_w > M_2: all computing goes to PoW and service stops.
    PowOnly,
}

/// Answer to [`QueryMsg::MoEquilibrium`]; every value in fixed point.
#[cw_serde]
pub struct MoEquilibriumResponse {
    /// Optimal service price p_M*; `None` when service stops.
    pub p_m: Option<Decimal256>,
    /// Optimal PoW share m*.
    pub m: Decimal256,
    /// Users' demand Q(p_M*, m*).
    pub demand: Decimal256,
    /// MO's profit (p_M* − p_s)·Q + m*·p_w.
    pub profit: Decimal256,
    /// Users' total net utility U_M.
    pub users_utility: Decimal256,
    /// Threshold M_1: largest p_w at which m* = γ.
    pub m1: Decimal256,
    /// Threshold M_2: largest p_w at which the MO still serves.
    pub m2: Decimal256,
    /// The regime p_w falls in.
    pub regime: PowRegime,
}
