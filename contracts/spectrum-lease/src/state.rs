use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Empty, Uint128};
use cw_storage_plus::{Index, IndexList, IndexedMap, Item, Map, MultiIndex};
use spectrum_types::node_reputation::TradeRating;
use spectrum_types::spectrum_lease::{LeaseStatus, LicenseTerms};
use spectrum_types::{Asset, ReputationGate};

/// The contract's configuration (the admin lives in cw-ownable's storage).
#[cw_serde]
pub struct Config {
    /// The asset every payment is made in.
    pub payment: Asset,
    /// Optional reputation gate.
    pub reputation_gate: Option<ReputationGate>,
    /// Length of one capacity bucket in seconds.
    pub bucket_seconds: u64,
    /// Longest lease in buckets.
    pub max_lease_buckets: u32,
    /// How far ahead of the current bucket a lease may end, in buckets.
    pub horizon_buckets: u32,
    /// node-reputation contract that ratings are recorded in.
    pub reputation_recorder: Option<Addr>,
}

/// "config" → [`Config`]
pub const CONFIG: Item<Config> = Item::new("config");

/// "mnos": MNO address → () for MNOs the admin approved.
pub const APPROVED_MNOS: Map<&Addr, Empty> = Map::new("mnos");

/// A registered license.
#[cw_serde]
pub struct License {
    /// The license holder.
    pub mno: Addr,
    /// Current terms.
    pub terms: LicenseTerms,
    /// Interference margin in Hz.
    pub interference_margin_hz: u64,
    /// No new leases once set.
    pub retired: bool,
}

impl License {
    /// W − margin.
    pub fn capacity_hz(&self) -> u64 {
        self.terms
            .bandwidth_hz
            .saturating_sub(self.interference_margin_hz)
    }
}

/// Secondary indexes of [`LICENSES`].
pub struct LicenseIndexes<'a> {
    /// MNO → its licenses.
    pub mno: MultiIndex<'a, Addr, License, u64>,
}

impl IndexList<License> for LicenseIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<License>> + '_> {
        let v: Vec<&dyn Index<License>> = vec![&self.mno];
        Box::new(v.into_iter())
    }
}

/// "licenses": license id → [`License`], indexed by MNO ("licenses__mno").
pub fn licenses<'a>() -> IndexedMap<u64, License, LicenseIndexes<'a>> {
    IndexedMap::new(
        "licenses",
        LicenseIndexes {
            mno: MultiIndex::new(
                |_pk, l: &License| l.mno.clone(),
                "licenses",
                "licenses__mno",
            ),
        },
    )
}

/// "license_seq" → last license id issued.
pub const LICENSE_SEQ: Item<u64> = Item::new("license_seq");
/// "lease_seq" → last lease id issued.
pub const LEASE_SEQ: Item<u64> = Item::new("lease_seq");
/// "report_seq" → last interference report id issued.
pub const REPORT_SEQ: Item<u64> = Item::new("report_seq");

/// What happened to a lease (time-derived statuses come from [`Lease::status`]).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum LeaseState {
    /// Escrowed, waiting for the MNO.
    Pending,
    /// Paid to the MNO.
    Approved,
    /// Rejected and refunded.
    Rejected,
    /// Lapsed and refunded.
    Refunded,
    /// Ended early by the MO (`end` moved).
    Terminated,
    /// Revoked by the MNO with a refund (`end` moved).
    Revoked,
}

/// A lease.
#[cw_serde]
pub struct Lease {
    /// License id.
    pub license_id: u64,
    /// License holder.
    pub mno: Addr,
    /// Lessee.
    pub mo: Addr,
    /// Bandwidth in Hz.
    pub bandwidth_hz: u64,
    /// Start (seconds, a bucket boundary).
    pub start: u64,
    /// Current end (exclusive).
    pub end: u64,
    /// End originally agreed.
    pub booked_end: u64,
    /// Paid by the MO.
    pub paid: Uint128,
    /// Refunded to the MO.
    pub refunded: Uint128,
    /// What happened.
    pub state: LeaseState,
}

impl Lease {
    /// True when the lease holds capacity in its buckets `[start, end)`.
    pub fn holds_capacity(&self) -> bool {
        !matches!(self.state, LeaseState::Rejected | LeaseState::Refunded)
    }

    /// True when the MO may use the spectrum at `t`.
    pub fn running_at(&self, t: u64) -> bool {
        matches!(
            self.state,
            LeaseState::Approved | LeaseState::Terminated | LeaseState::Revoked
        ) && self.start <= t
            && t < self.end
    }

    /// The status at time `t`.
    pub fn status(&self, t: u64) -> LeaseStatus {
        match self.state {
            LeaseState::Pending if t < self.start => LeaseStatus::Pending,
            LeaseState::Pending => LeaseStatus::Lapsed,
            LeaseState::Refunded => LeaseStatus::Refunded,
            LeaseState::Rejected => LeaseStatus::Rejected,
            LeaseState::Approved if t < self.start => LeaseStatus::Approved,
            LeaseState::Approved if t < self.end => LeaseStatus::Active,
            LeaseState::Approved => LeaseStatus::Expired,
            LeaseState::Terminated => LeaseStatus::Terminated,
            LeaseState::Revoked => LeaseStatus::Revoked,
        }
    }
}

/// Secondary indexes of [`leases`].
pub struct LeaseIndexes<'a> {
    /// License → its leases.
    pub license: MultiIndex<'a, u64, Lease, u64>,
    /// (license, end) → leases, to find those running at an instant.
    pub license_end: MultiIndex<'a, (u64, u64), Lease, u64>,
    /// MO → its leases.
    pub mo: MultiIndex<'a, Addr, Lease, u64>,
    /// MNO → its leases.
    pub mno: MultiIndex<'a, Addr, Lease, u64>,
}

impl IndexList<Lease> for LeaseIndexes<'_> {
    fn get_indexes(&'_ self) -> Box<dyn Iterator<Item = &'_ dyn Index<Lease>> + '_> {
        let v: Vec<&dyn Index<Lease>> = vec![&self.license, &self.license_end, &self.mo, &self.mno];
        Box::new(v.into_iter())
    }
}

/// "leases": lease id → [`Lease`], indexed by license ("leases__lic"), (license, end)
/// ("leases__end"), MO ("leases__mo") and MNO ("leases__mno").
pub fn leases<'a>() -> IndexedMap<u64, Lease, LeaseIndexes<'a>> {
    IndexedMap::new(
        "leases",
        LeaseIndexes {
            license: MultiIndex::new(|_pk, l: &Lease| l.license_id, "leases", "leases__lic"),
            license_end: MultiIndex::new(
                |_pk, l: &Lease| (l.license_id, l.end),
                "leases",
                "leases__end",
            ),
            mo: MultiIndex::new(|_pk, l: &Lease| l.mo.clone(), "leases", "leases__mo"),
            mno: MultiIndex::new(|_pk, l: &Lease| l.mno.clone(), "leases", "leases__mno"),
        },
    )
}

/// "usage": (license id, bucket index) → Hz held by pending and approved leases in that
/// bucket (absent = 0; entries that fall to 0 are removed).
pub const USAGE: Map<(u64, u64), u64> = Map::new("usage");

/// "reports": (license id, report id) → interference report.
pub const REPORTS: Map<(u64, u64), spectrum_types::spectrum_lease::InterferenceReport> =
    Map::new("reports");

/// Running summary of a license's reports.
#[cw_serde]
#[derive(Default)]
pub struct ReportStats {
    /// Id of the report with the latest sensed time.
    pub latest_id: Option<u64>,
    /// Its sensed time.
    pub latest_time: u64,
    /// All-time maximum level.
    pub max_level_cdbm: Option<i64>,
    /// All-time count.
    pub count: u64,
}

/// "report_stats": license id → [`ReportStats`].
pub const REPORT_STATS: Map<u64, ReportStats> = Map::new("report_stats");

/// Reports sensed in one bucket.
#[cw_serde]
pub struct BucketStats {
    /// Number of reports.
    pub count: u64,
    /// Maximum level.
    pub max_level_cdbm: i64,
}

/// "report_buckets": (license id, bucket of the sensed time) → [`BucketStats`].
pub const REPORT_BUCKETS: Map<(u64, u64), BucketStats> = Map::new("report_buckets");

/// Ratings given on one lease.
#[cw_serde]
#[derive(Default)]
pub struct Ratings {
    /// The MO's rating of the MNO.
    pub by_mo: Option<TradeRating>,
    /// The MNO's rating of the MO.
    pub by_mno: Option<TradeRating>,
}

/// "ratings": lease id → [`Ratings`].
pub const RATINGS: Map<u64, Ratings> = Map::new("ratings");
