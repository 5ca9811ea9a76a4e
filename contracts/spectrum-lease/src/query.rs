//! One function per query message.

use cosmwasm_std::{to_json_binary, Binary, Deps, Env, Order, StdResult};
use cw_storage_plus::{Bound, IndexPrefix};
use spectrum_types::equilibrium::mo_equilibrium;
use spectrum_types::spectrum_lease::{
    ActiveLeasesResponse, CapacityResponse, ConfigResponse, InterferenceReportsResponse,
    InterferenceSummaryResponse, LeaseResponse, LeasesResponse, LicenseResponse, LicensesResponse,
    MnoResponse, QueryMsg, QuoteLeaseResponse, RatingsResponse, RevocationRefundResponse,
};
use spectrum_types::{clamp_limit, page, MAX_LIMIT};

use crate::error::ContractError;
use crate::execute::{plan_lease, revocation_refund};
use crate::state::{
    leases, licenses, Lease, License, APPROVED_MNOS, CONFIG, RATINGS, REPORTS, REPORT_BUCKETS,
    REPORT_STATS, USAGE,
};

/// Leases `ActiveLeases` walks per call at most.
pub const MAX_ACTIVE_SCAN: usize = 10 * MAX_LIMIT as usize;
/// Default interference summary window in buckets.
pub const DEFAULT_WINDOW_BUCKETS: u32 = 24;

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    let now = env.block.time.seconds();
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&query_config(deps)?)?,
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?)?,
        QueryMsg::Mno { mno } => {
            let mno = deps.api.addr_validate(&mno)?;
            to_json_binary(&MnoResponse {
                approved: APPROVED_MNOS.has(deps.storage, &mno),
            })?
        }
        QueryMsg::License { license_id } => {
            let l = licenses()
                .may_load(deps.storage, license_id)?
                .ok_or(ContractError::LicenseNotFound { license_id })?;
            to_json_binary(&license_response(license_id, l))?
        }
        QueryMsg::Licenses {
            mno,
            start_after,
            limit,
        } => to_json_binary(&query_licenses(deps, mno, start_after, limit)?)?,
        QueryMsg::Lease { lease_id } => {
            let l = leases()
                .may_load(deps.storage, lease_id)?
                .ok_or(ContractError::LeaseNotFound { lease_id })?;
            to_json_binary(&lease_response(lease_id, l, now))?
        }
        QueryMsg::LeasesByLicense {
            license_id,
            start_after,
            limit,
        } => {
            let prefix = leases().idx.license.prefix(license_id);
            to_json_binary(&leases_page(deps, prefix, start_after, limit, now)?)?
        }
        QueryMsg::LeasesByMo {
            mo,
            start_after,
            limit,
        } => {
            let prefix = leases().idx.mo.prefix(deps.api.addr_validate(&mo)?);
            to_json_binary(&leases_page(deps, prefix, start_after, limit, now)?)?
        }
        QueryMsg::LeasesByMno {
            mno,
            start_after,
            limit,
        } => {
            let prefix = leases().idx.mno.prefix(deps.api.addr_validate(&mno)?);
            to_json_binary(&leases_page(deps, prefix, start_after, limit, now)?)?
        }
        QueryMsg::ActiveLeases {
            license_id,
            at,
            start_after,
            limit,
        } => to_json_binary(&query_active(
            deps,
            license_id,
            at.unwrap_or(now),
            start_after,
            limit,
            now,
        )?)?,
        QueryMsg::Capacity { license_id, at } => {
            let config = CONFIG.load(deps.storage)?;
            let l = licenses()
                .may_load(deps.storage, license_id)?
                .ok_or(ContractError::LicenseNotFound { license_id })?;
            let used = USAGE
                .may_load(deps.storage, (license_id, at / config.bucket_seconds))?
                .unwrap_or(0);
            to_json_binary(&CapacityResponse {
                capacity_hz: l.capacity_hz(),
                used_hz: used,
                available_hz: l.capacity_hz().saturating_sub(used),
            })?
        }
        QueryMsg::QuoteLease {
            license_id,
            bandwidth_hz,
            start,
            duration,
        } => to_json_binary(&quote_lease(
            deps,
            now,
            license_id,
            bandwidth_hz,
            start,
            duration,
        )?)?,
        QueryMsg::RevocationRefund { lease_id } => {
            let config = CONFIG.load(deps.storage)?;
            let l = leases()
                .may_load(deps.storage, lease_id)?
                .ok_or(ContractError::LeaseNotFound { lease_id })?;
            let (refund, new_end) = revocation_refund(&l, lease_id, now, config.bucket_seconds)?;
            to_json_binary(&RevocationRefundResponse { refund, new_end })?
        }
        QueryMsg::InterferenceReports {
            license_id,
            start_after,
            limit,
        } => {
            let reports = page(start_after, limit, |min, order| {
                REPORTS
                    .prefix(license_id)
                    .range(deps.storage, min, None, order)
            })
            .map(|r| r.map(|(_, v)| v))
            .collect::<StdResult<Vec<_>>>()?;
            to_json_binary(&InterferenceReportsResponse { reports })?
        }
        QueryMsg::InterferenceSummary {
            license_id,
            window_buckets,
        } => to_json_binary(&query_summary(deps, license_id, window_buckets, now)?)?,
        QueryMsg::Ratings { lease_id } => {
            let r = RATINGS
                .may_load(deps.storage, lease_id)?
                .unwrap_or_default();
            to_json_binary(&RatingsResponse {
                by_mo: r.by_mo,
                by_mno: r.by_mno,
            })?
        }
        QueryMsg::MoEquilibrium { p_s, gamma, p_w } => {
            to_json_binary(&mo_equilibrium(p_s, gamma, p_w)?)?
        }
    })
}

/// What `RequestLease` with these terms would cost now, and where the lease would end:
/// the plan the request itself makes.
fn quote_lease(
    deps: Deps,
    now: u64,
    license_id: u64,
    bandwidth_hz: u64,
    start: u64,
    duration: u64,
) -> Result<QuoteLeaseResponse, ContractError> {
    let plan = plan_lease(
        deps.storage,
        &CONFIG.load(deps.storage)?,
        now,
        license_id,
        bandwidth_hz,
        start,
        duration,
    )?;
    Ok(QuoteLeaseResponse {
        price: plan.price,
        end: plan.end,
    })
}

fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin: cw_ownable::get_ownership(deps.storage)?.owner,
        payment: config.payment,
        reputation_gate: config.reputation_gate,
        bucket_seconds: config.bucket_seconds,
        max_lease_buckets: config.max_lease_buckets,
        horizon_buckets: config.horizon_buckets,
        reputation_recorder: config.reputation_recorder,
    })
}

fn license_response(license_id: u64, l: License) -> LicenseResponse {
    LicenseResponse {
        license_id,
        mno: l.mno,
        terms: l.terms,
        interference_margin_hz: l.interference_margin_hz,
        retired: l.retired,
    }
}

fn lease_response(lease_id: u64, l: Lease, now: u64) -> LeaseResponse {
    LeaseResponse {
        lease_id,
        license_id: l.license_id,
        status: l.status(now),
        mno: l.mno,
        mo: l.mo,
        bandwidth_hz: l.bandwidth_hz,
        start: l.start,
        end: l.end,
        booked_end: l.booked_end,
        paid: l.paid,
        refunded: l.refunded,
    }
}

/// One page of the leases under an index prefix, in lease-id order.
fn leases_page(
    deps: Deps,
    prefix: IndexPrefix<u64, Lease, u64>,
    start_after: Option<u64>,
    limit: Option<u32>,
    now: u64,
) -> StdResult<LeasesResponse> {
    let items = page(start_after, limit, |min, order| {
        prefix.range(deps.storage, min, None, order)
    });
    collect(items, now)
}

fn collect(
    items: impl Iterator<Item = StdResult<(u64, Lease)>>,
    now: u64,
) -> StdResult<LeasesResponse> {
    let leases = items
        .map(|r| r.map(|(id, l)| lease_response(id, l, now)))
        .collect::<StdResult<Vec<_>>>()?;
    Ok(LeasesResponse { leases })
}

fn query_licenses(
    deps: Deps,
    mno: Option<String>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<LicensesResponse, ContractError> {
    let items: Vec<(u64, License)> = match mno {
        Some(mno) => {
            let mno = deps.api.addr_validate(&mno)?;
            page(start_after, limit, |min, order| {
                licenses()
                    .idx
                    .mno
                    .prefix(mno)
                    .range(deps.storage, min, None, order)
            })
            .collect::<StdResult<_>>()?
        }
        None => page(start_after, limit, |min, order| {
            licenses().range(deps.storage, min, None, order)
        })
        .collect::<StdResult<_>>()?,
    };
    Ok(LicensesResponse {
        licenses: items
            .into_iter()
            .map(|(id, l)| license_response(id, l))
            .collect(),
    })
}

/// Walks the (license, end) index from the first end after `at`, keeping leases running
/// at `at`; at most [`MAX_ACTIVE_SCAN`] leases per call.
fn query_active(
    deps: Deps,
    license_id: u64,
    at: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
    now: u64,
) -> Result<ActiveLeasesResponse, ContractError> {
    let limit = clamp_limit(limit);
    let min = match start_after {
        Some(id) => match leases().may_load(deps.storage, id)? {
            Some(l) => Bound::exclusive((l.end.max(at), id)),
            None => Bound::exclusive((at, u64::MAX)),
        },
        None => Bound::exclusive((at, u64::MAX)),
    };
    let mut out = vec![];
    let mut scanned = 0;
    for item in leases().idx.license_end.sub_prefix(license_id).range(
        deps.storage,
        Some(min),
        None,
        Order::Ascending,
    ) {
        let (id, lease) = item?;
        scanned += 1;
        if lease.running_at(at) {
            out.push(lease_response(id, lease, now));
        }
        if out.len() >= limit || scanned >= MAX_ACTIVE_SCAN {
            return Ok(ActiveLeasesResponse {
                leases: out,
                next_start_after: Some(id),
            });
        }
    }
    Ok(ActiveLeasesResponse {
        leases: out,
        next_start_after: None,
    })
}

fn query_summary(
    deps: Deps,
    license_id: u64,
    window_buckets: Option<u32>,
    now: u64,
) -> Result<InterferenceSummaryResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let license = licenses()
        .may_load(deps.storage, license_id)?
        .ok_or(ContractError::LicenseNotFound { license_id })?;
    let stats = REPORT_STATS
        .may_load(deps.storage, license_id)?
        .unwrap_or_default();
    let latest = match stats.latest_id {
        Some(id) => REPORTS.may_load(deps.storage, (license_id, id))?,
        None => None,
    };
    let window_used = window_buckets
        .unwrap_or(DEFAULT_WINDOW_BUCKETS)
        .clamp(1, config.horizon_buckets);
    let window = window_used as u64;
    let now_b = now / config.bucket_seconds;
    let from_b = (now_b + 1).saturating_sub(window);
    let mut window_count = 0;
    let mut window_max: Option<i64> = None;
    for item in REPORT_BUCKETS.prefix(license_id).range(
        deps.storage,
        Some(Bound::inclusive(from_b)),
        Some(Bound::inclusive(now_b)),
        Order::Ascending,
    ) {
        let (_, b) = item?;
        window_count += b.count;
        window_max = Some(window_max.map_or(b.max_level_cdbm, |m| m.max(b.max_level_cdbm)));
    }
    Ok(InterferenceSummaryResponse {
        window_buckets: window_used,
        latest,
        max_level_cdbm: stats.max_level_cdbm,
        count: stats.count,
        window_count,
        window_max_level_cdbm: window_max,
        interference_margin_hz: license.interference_margin_hz,
    })
}
