//! One function per execute message.

use cosmwasm_std::{
    to_json_binary, Addr, Decimal, DepsMut, Empty, Env, MessageInfo, Order, Response, Storage,
    Uint128, Uint256, WasmMsg,
};
use cw_storage_plus::Bound;
use spectrum_types::asset::assert_no_funds;
use spectrum_types::gate::ensure_qualified;
use spectrum_types::node_reputation::TradeRating;
use spectrum_types::spectrum_lease::{
    ApprovalPolicy, InterferenceReport, LicenseTerms, MAX_TEXT_LEN,
};
use spectrum_types::{check_seconds, Asset, Band, Paid, PaymentError, ReputationGateMsg};

use crate::error::ContractError;
use crate::state::{
    leases, licenses, BucketStats, Config, Lease, LeaseState, License, Ratings, APPROVED_MNOS,
    CONFIG, LEASE_SEQ, LICENSE_SEQ, RATINGS, REPORTS, REPORT_BUCKETS, REPORT_SEQ, REPORT_STATS,
    USAGE,
};

// ---------------------------------------------------------------- pure helpers

/// ceil(p_s × bandwidth × duration), exact, in the payment asset's smallest unit.
pub fn lease_price(
    price_per_hz_second: Decimal,
    bandwidth_hz: u64,
    duration: u64,
) -> Result<Uint128, ContractError> {
    let scale = Uint256::from(10u128.pow(Decimal::DECIMAL_PLACES));
    let raw = Uint256::from(price_per_hz_second.atomics())
        .checked_mul(Uint256::from(bandwidth_hz))
        .and_then(|v| v.checked_mul(Uint256::from(duration)))
        .map_err(|_| ContractError::PriceOverflow {})?;
    let mut price = raw / scale;
    if !(raw % scale).is_zero() {
        price += Uint256::one();
    }
    Uint128::try_from(price).map_err(|_| ContractError::PriceOverflow {})
}

/// floor(paid × unused / booked), the pro-rata refund of the unused time.
pub fn pro_rata_refund(paid: Uint128, unused: u64, booked: u64) -> Result<Uint128, ContractError> {
    if booked == 0 {
        return Ok(Uint128::zero());
    }
    paid.checked_multiply_ratio(unused, booked)
        .map_err(|_| ContractError::Overflow {})
}

/// The first bucket boundary at or after `t`.
pub fn ceil_to_bucket(t: u64, bucket_seconds: u64) -> Result<u64, ContractError> {
    t.div_ceil(bucket_seconds)
        .checked_mul(bucket_seconds)
        .ok_or(ContractError::Overflow {})
}

/// The end a revocation or termination at `now` gives a lease.
pub fn early_end(lease: &Lease, now: u64, bucket_seconds: u64) -> Result<u64, ContractError> {
    Ok(ceil_to_bucket(now, bucket_seconds)?
        .max(lease.start)
        .min(lease.end))
}

fn check_text(field: &str, value: &str) -> Result<(), ContractError> {
    if value.is_empty() || value.len() > MAX_TEXT_LEN {
        return Err(ContractError::InvalidText {
            field: field.to_string(),
            max: MAX_TEXT_LEN,
        });
    }
    Ok(())
}

fn aligned(value: u64, bucket_seconds: u64) -> Result<(), ContractError> {
    if value % bucket_seconds != 0 {
        return Err(ContractError::Misaligned {
            value,
            bucket_seconds,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------- capacity buckets

/// The usage every bucket of `[from_b, to_b)` would have with `bw` more, after checking that
/// none exceeds `cap` (at most `max_lease_buckets` buckets). Reads only.
fn usage_with(
    store: &dyn Storage,
    config: &Config,
    license_id: u64,
    cap: u64,
    from_b: u64,
    to_b: u64,
    bw: u64,
) -> Result<Vec<u64>, ContractError> {
    let mut used = Vec::with_capacity((to_b - from_b) as usize);
    for b in from_b..to_b {
        let u = USAGE.may_load(store, (license_id, b))?.unwrap_or(0);
        let total = u.checked_add(bw).ok_or(ContractError::Overflow {})?;
        if total > cap {
            return Err(ContractError::CapacityExceeded {
                at: b * config.bucket_seconds,
                requested_hz: bw,
                available_hz: cap.saturating_sub(u),
            });
        }
        used.push(total);
    }
    Ok(used)
}

/// Removes `bw` from every bucket of `[from_b, to_b)`.
fn release(
    store: &mut dyn Storage,
    license_id: u64,
    from_b: u64,
    to_b: u64,
    bw: u64,
) -> Result<(), ContractError> {
    for b in from_b..to_b {
        let u = USAGE.may_load(store, (license_id, b))?.unwrap_or(0);
        let left = u.saturating_sub(bw);
        if left == 0 {
            USAGE.remove(store, (license_id, b));
        } else {
            USAGE.save(store, (license_id, b), &left)?;
        }
    }
    Ok(())
}

/// The highest usage of any bucket from `from_b` on. Every such bucket lies within the
/// booking horizon, so the walk is bounded by `horizon_buckets`.
pub fn peak_usage(
    store: &dyn Storage,
    config: &Config,
    license_id: u64,
    from_b: u64,
) -> Result<u64, ContractError> {
    let mut peak = 0;
    for item in USAGE
        .prefix(license_id)
        .range(
            store,
            Some(Bound::inclusive(from_b)),
            None,
            Order::Ascending,
        )
        .take(config.horizon_buckets as usize + 2)
    {
        peak = peak.max(item?.1);
    }
    Ok(peak)
}

// ---------------------------------------------------------------- loading

fn load_license(store: &dyn Storage, license_id: u64) -> Result<License, ContractError> {
    licenses()
        .may_load(store, license_id)?
        .ok_or(ContractError::LicenseNotFound { license_id })
}

fn load_lease(store: &dyn Storage, lease_id: u64) -> Result<Lease, ContractError> {
    leases()
        .may_load(store, lease_id)?
        .ok_or(ContractError::LeaseNotFound { lease_id })
}

fn save_lease(
    store: &mut dyn Storage,
    lease_id: u64,
    old: &Lease,
    new: &Lease,
) -> Result<(), ContractError> {
    leases().replace(store, lease_id, Some(new), Some(old))?;
    Ok(())
}

fn ensure_license_mno(
    license: &License,
    license_id: u64,
    sender: &Addr,
) -> Result<(), ContractError> {
    if license.mno != *sender {
        return Err(ContractError::NotLicenseMno {
            license_id,
            sender: sender.to_string(),
        });
    }
    Ok(())
}

fn ensure_lease_mno(lease: &Lease, sender: &Addr) -> Result<(), ContractError> {
    if lease.mno != *sender {
        return Err(ContractError::NotLicenseMno {
            license_id: lease.license_id,
            sender: sender.to_string(),
        });
    }
    Ok(())
}

/// A lease message that takes no funds: refuses them, then loads the config and lease
/// `lease_id`.
fn unpaid_lease(
    store: &dyn Storage,
    info: &MessageInfo,
    lease_id: u64,
) -> Result<(Config, Lease), ContractError> {
    assert_no_funds(info)?;
    Ok((CONFIG.load(store)?, load_lease(store, lease_id)?))
}

/// A pending lease on a license of `sender`: what the MNO may approve or reject (the
/// sender of `info`, after [`unpaid_lease`]).
fn unpaid_pending_for_mno(
    store: &dyn Storage,
    info: &MessageInfo,
    lease_id: u64,
) -> Result<(Config, Lease), ContractError> {
    let (config, lease) = unpaid_lease(store, info, lease_id)?;
    ensure_lease_mno(&lease, &info.sender)?;
    if lease.state != LeaseState::Pending {
        return Err(ContractError::NotPending { lease_id });
    }
    Ok((config, lease))
}

fn pay(
    config: &Config,
    to: &Addr,
    amount: Uint128,
    resp: Response,
) -> Result<Response, ContractError> {
    Ok(match config.payment.pay(to, amount)? {
        Some(msg) => resp.add_message(msg),
        None => resp,
    })
}

// ---------------------------------------------------------------- admin

/// The admin approves `mno` to register licenses (`approved`), or withdraws the approval.
pub fn set_mno(
    deps: DepsMut,
    info: MessageInfo,
    mno: String,
    approved: bool,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    assert_no_funds(&info)?;
    let mno = deps.api.addr_validate(&mno)?;
    let action = if approved {
        APPROVED_MNOS.save(deps.storage, &mno, &Empty {})?;
        "approve_mno"
    } else {
        APPROVED_MNOS.remove(deps.storage, &mno);
        "remove_mno"
    };
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("mno", mno))
}

/// Changes the gate and the recorder: each is `(new value, remove)`; an omitted value keeps
/// the current one, `remove` clears it first.
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    (reputation_gate, remove_gate): (Option<ReputationGateMsg>, bool),
    (reputation_recorder, remove_recorder): (Option<String>, bool),
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    assert_no_funds(&info)?;
    let mut config = CONFIG.load(deps.storage)?;
    if remove_gate {
        config.reputation_gate = None;
    }
    if let Some(g) = reputation_gate {
        config.reputation_gate = Some(g.check(deps.api)?);
    }
    if remove_recorder {
        config.reputation_recorder = None;
    }
    if let Some(r) = reputation_recorder {
        config.reputation_recorder = Some(deps.api.addr_validate(&r)?);
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute(
            "reputation_gate",
            config
                .reputation_gate
                .map(|g| g.contract.to_string())
                .unwrap_or_else(|| "none".into()),
        )
        .add_attribute(
            "reputation_recorder",
            config
                .reputation_recorder
                .map(|a| a.to_string())
                .unwrap_or_else(|| "none".into()),
        ))
}

// ---------------------------------------------------------------- licenses

fn ensure_mno(deps: &DepsMut, config: &Config, who: &Addr) -> Result<(), ContractError> {
    if APPROVED_MNOS.has(deps.storage, who) {
        return Ok(());
    }
    match &config.reputation_gate {
        Some(_) => Ok(ensure_qualified(
            config.reputation_gate.as_ref(),
            &deps.querier,
            who,
        )?),
        None => Err(ContractError::NotMno {
            address: who.to_string(),
        }),
    }
}

pub fn register_license(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    terms: LicenseTerms,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    ensure_mno(&deps, &config, &info.sender)?;
    let now = env.block.time.seconds();
    terms.band.validate_bandwidth(terms.bandwidth_hz)?;
    check_text("region_id", &terms.region_id)?;
    check_seconds("valid_until", terms.valid_until)?;
    if terms.valid_until <= now {
        return Err(ContractError::ValidityInPast {
            valid_until: terms.valid_until,
            now,
        });
    }
    if terms.price_per_hz_second.is_zero() {
        return Err(ContractError::ZeroPrice {});
    }
    let max_allowed = config.bucket_seconds * config.max_lease_buckets as u64;
    if terms.min_duration == 0
        || terms.min_duration > terms.max_duration
        || terms.max_duration > max_allowed
    {
        return Err(ContractError::InvalidDurationBounds {
            min: terms.min_duration,
            max: terms.max_duration,
            max_allowed,
        });
    }
    aligned(terms.min_duration, config.bucket_seconds)?;
    aligned(terms.max_duration, config.bucket_seconds)?;
    let license_id = LICENSE_SEQ.may_load(deps.storage)?.unwrap_or(0) + 1;
    LICENSE_SEQ.save(deps.storage, &license_id)?;
    let resp = Response::new()
        .add_attribute("action", "register_license")
        .add_attribute("license_id", license_id.to_string())
        .add_attribute("mno", info.sender.to_string())
        .add_attribute("bandwidth_hz", terms.bandwidth_hz.to_string())
        .add_attribute("price_per_hz_second", terms.price_per_hz_second.to_string())
        .add_attribute("valid_until", terms.valid_until.to_string());
    licenses().save(
        deps.storage,
        license_id,
        &License {
            mno: info.sender,
            terms,
            interference_margin_hz: 0,
            retired: false,
        },
    )?;
    Ok(resp)
}

pub fn update_license(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    license_id: u64,
    price: Option<Decimal>,
    bandwidth_hz: Option<u64>,
    margin_hz: Option<u64>,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    let old = load_license(deps.storage, license_id)?;
    ensure_license_mno(&old, license_id, &info.sender)?;
    let mut new = old.clone();
    if let Some(price) = price {
        if price.is_zero() {
            return Err(ContractError::ZeroPrice {});
        }
        new.terms.price_per_hz_second = price;
    }
    if let Some(w) = bandwidth_hz {
        new.terms.band.validate_bandwidth(w)?;
        new.terms.bandwidth_hz = w;
    }
    if let Some(m) = margin_hz {
        new.interference_margin_hz = m;
    }
    if new.interference_margin_hz > new.terms.bandwidth_hz {
        return Err(ContractError::MarginAboveBandwidth {
            margin_hz: new.interference_margin_hz,
            bandwidth_hz: new.terms.bandwidth_hz,
        });
    }
    if new.capacity_hz() < old.capacity_hz() {
        let now_b = env.block.time.seconds() / config.bucket_seconds;
        let peak = peak_usage(deps.storage, &config, license_id, now_b)?;
        if peak > new.capacity_hz() {
            return Err(ContractError::CapacityBelowUsage {
                new_capacity_hz: new.capacity_hz(),
                peak_hz: peak,
            });
        }
    }
    licenses().replace(deps.storage, license_id, Some(&new), Some(&old))?;
    Ok(Response::new()
        .add_attribute("action", "update_license")
        .add_attribute("license_id", license_id.to_string())
        .add_attribute(
            "price_per_hz_second",
            new.terms.price_per_hz_second.to_string(),
        )
        .add_attribute("bandwidth_hz", new.terms.bandwidth_hz.to_string())
        .add_attribute(
            "interference_margin_hz",
            new.interference_margin_hz.to_string(),
        ))
}

pub fn retire_license(
    deps: DepsMut,
    info: MessageInfo,
    license_id: u64,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let old = load_license(deps.storage, license_id)?;
    ensure_license_mno(&old, license_id, &info.sender)?;
    let mut new = old.clone();
    new.retired = true;
    licenses().replace(deps.storage, license_id, Some(&new), Some(&old))?;
    Ok(Response::new()
        .add_attribute("action", "retire_license")
        .add_attribute("license_id", license_id.to_string()))
}

// ---------------------------------------------------------------- leases

/// A lease request priced and checked, not yet booked.
pub struct LeasePlan {
    /// The license leased from.
    pub license: License,
    /// End of the lease (start + duration).
    pub end: u64,
    /// ceil(p_s × bandwidth × duration): at least 1, since p_s, the bandwidth and the
    /// duration are all positive.
    pub price: Uint128,
    /// The usage of each bucket of the lease once it is booked.
    pub usage: Vec<u64>,
}

/// Checks a lease request against the license, the horizon and the capacity, and prices it.
/// The one code path of the `QuoteLease` query and of `RequestLease` (which adds the MO's
/// qualification and the payment), so a quoted price is the price a request pays.
pub fn plan_lease(
    store: &dyn Storage,
    config: &Config,
    now: u64,
    license_id: u64,
    bandwidth_hz: u64,
    start: u64,
    duration: u64,
) -> Result<LeasePlan, ContractError> {
    let license = load_license(store, license_id)?;
    if license.retired {
        return Err(ContractError::LicenseRetired { license_id });
    }
    if now >= license.terms.valid_until {
        return Err(ContractError::LicenseExpired {
            license_id,
            valid_until: license.terms.valid_until,
        });
    }
    license.terms.band.validate_bandwidth(bandwidth_hz)?;
    if start < now {
        return Err(ContractError::StartInPast { start, now });
    }
    aligned(start, config.bucket_seconds)?;
    if duration < license.terms.min_duration || duration > license.terms.max_duration {
        return Err(ContractError::DurationOutOfBounds {
            duration,
            min: license.terms.min_duration,
            max: license.terms.max_duration,
        });
    }
    aligned(duration, config.bucket_seconds)?;
    let end = start
        .checked_add(duration)
        .ok_or(ContractError::Overflow {})?;
    if end > license.terms.valid_until {
        return Err(ContractError::LeaseBeyondLicense {
            end,
            valid_until: license.terms.valid_until,
        });
    }
    let horizon_end = (now / config.bucket_seconds + config.horizon_buckets as u64)
        .checked_mul(config.bucket_seconds)
        .ok_or(ContractError::Overflow {})?;
    if end > horizon_end {
        return Err(ContractError::BeyondHorizon { end, horizon_end });
    }
    let price = lease_price(license.terms.price_per_hz_second, bandwidth_hz, duration)?;
    let usage = usage_with(
        store,
        config,
        license_id,
        license.capacity_hz(),
        start / config.bucket_seconds,
        end / config.bucket_seconds,
        bandwidth_hz,
    )?;
    Ok(LeasePlan {
        license,
        end,
        price,
        usage,
    })
}

pub fn request_lease(
    deps: DepsMut,
    env: Env,
    paid: Paid,
    license_id: u64,
    bandwidth_hz: u64,
    start: u64,
    duration: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    ensure_qualified(config.reputation_gate.as_ref(), &deps.querier, &paid.payer)?;
    let now = env.block.time.seconds();
    let LeasePlan {
        license,
        end,
        price,
        usage,
    } = plan_lease(
        deps.storage,
        &config,
        now,
        license_id,
        bandwidth_hz,
        start,
        duration,
    )?;
    paid.expect_exact(price)?;
    let from_b = start / config.bucket_seconds;
    for (b, total) in (from_b..).zip(usage) {
        USAGE.save(deps.storage, (license_id, b), &total)?;
    }

    let lease_id = LEASE_SEQ.may_load(deps.storage)?.unwrap_or(0) + 1;
    LEASE_SEQ.save(deps.storage, &lease_id)?;
    let state = match license.terms.policy {
        ApprovalPolicy::Automatic => LeaseState::Approved,
        ApprovalPolicy::Manual => LeaseState::Pending,
    };
    let lease = Lease {
        license_id,
        mno: license.mno.clone(),
        mo: paid.payer.clone(),
        bandwidth_hz,
        start,
        end,
        booked_end: end,
        paid: price,
        refunded: Uint128::zero(),
        state,
    };
    leases().save(deps.storage, lease_id, &lease)?;
    let resp = Response::new()
        .add_attribute("action", "request_lease")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("license_id", license_id.to_string())
        .add_attribute("mo", paid.payer.to_string())
        .add_attribute("bandwidth_hz", bandwidth_hz.to_string())
        .add_attribute("start", start.to_string())
        .add_attribute("end", end.to_string())
        .add_attribute("paid", price.to_string());
    match state {
        LeaseState::Approved => pay(
            &config,
            &license.mno,
            price,
            resp.add_attribute("status", "approved")
                .add_attribute("paid_to_mno", price.to_string()),
        ),
        _ => Ok(resp
            .add_attribute("status", "pending")
            .add_attribute("escrowed", price.to_string())),
    }
}

pub fn approve_lease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
) -> Result<Response, ContractError> {
    let (config, old) = unpaid_pending_for_mno(deps.storage, &info, lease_id)?;
    if env.block.time.seconds() >= old.start {
        return Err(ContractError::RequestLapsed {
            lease_id,
            start: old.start,
        });
    }
    let mut new = old.clone();
    new.state = LeaseState::Approved;
    save_lease(deps.storage, lease_id, &old, &new)?;
    pay(
        &config,
        &new.mno,
        new.paid,
        Response::new()
            .add_attribute("action", "approve_lease")
            .add_attribute("lease_id", lease_id.to_string())
            .add_attribute("paid_to_mno", new.paid.to_string()),
    )
}

/// Refunds a pending lease in full and frees its capacity.
fn refund_pending(
    deps: DepsMut,
    config: &Config,
    lease_id: u64,
    old: Lease,
    state: LeaseState,
    action: &str,
) -> Result<Response, ContractError> {
    let mut new = old.clone();
    new.state = state;
    new.refunded = old.paid;
    release(
        deps.storage,
        old.license_id,
        old.start / config.bucket_seconds,
        old.end / config.bucket_seconds,
        old.bandwidth_hz,
    )?;
    save_lease(deps.storage, lease_id, &old, &new)?;
    pay(
        config,
        &new.mo,
        new.paid,
        Response::new()
            .add_attribute("action", action)
            .add_attribute("lease_id", lease_id.to_string())
            .add_attribute("refund", new.paid.to_string())
            .add_attribute("mo", new.mo.to_string()),
    )
}

pub fn reject_lease(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    lease_id: u64,
) -> Result<Response, ContractError> {
    let (config, old) = unpaid_pending_for_mno(deps.storage, &info, lease_id)?;
    refund_pending(
        deps,
        &config,
        lease_id,
        old,
        LeaseState::Rejected,
        "reject_lease",
    )
}

pub fn refund_lapsed(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
) -> Result<Response, ContractError> {
    let (config, old) = unpaid_lease(deps.storage, &info, lease_id)?;
    if old.state != LeaseState::Pending {
        return Err(ContractError::NotPending { lease_id });
    }
    if env.block.time.seconds() < old.start {
        return Err(ContractError::NotLapsed {
            lease_id,
            start: old.start,
        });
    }
    refund_pending(
        deps,
        &config,
        lease_id,
        old,
        LeaseState::Refunded,
        "refund_lapsed",
    )
}

/// Moves an approved, unfinished lease's end to the next bucket boundary and frees the
/// rest of its buckets. Returns the old and new lease.
fn end_early(
    store: &mut dyn Storage,
    config: &Config,
    now: u64,
    lease_id: u64,
    state: LeaseState,
) -> Result<(Lease, Lease), ContractError> {
    let old = load_lease(store, lease_id)?;
    ensure_running(&old, lease_id, now)?;
    let new_end = early_end(&old, now, config.bucket_seconds)?;
    release(
        store,
        old.license_id,
        new_end / config.bucket_seconds,
        old.end / config.bucket_seconds,
        old.bandwidth_hz,
    )?;
    let mut new = old.clone();
    new.end = new_end;
    new.state = state;
    Ok((old, new))
}

pub fn terminate_lease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
) -> Result<Response, ContractError> {
    let (config, lease) = unpaid_lease(deps.storage, &info, lease_id)?;
    if lease.mo != info.sender {
        return Err(ContractError::NotLeaseMo {
            lease_id,
            sender: info.sender.to_string(),
        });
    }
    let (old, new) = end_early(
        deps.storage,
        &config,
        env.block.time.seconds(),
        lease_id,
        LeaseState::Terminated,
    )?;
    save_lease(deps.storage, lease_id, &old, &new)?;
    Ok(Response::new()
        .add_attribute("action", "terminate_lease")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("end", new.end.to_string()))
}

/// Refuses a lease that is not approved and running at `now` (only those can be ended early).
fn ensure_running(lease: &Lease, lease_id: u64, now: u64) -> Result<(), ContractError> {
    if lease.state != LeaseState::Approved || now >= lease.end {
        return Err(ContractError::NotRunning { lease_id });
    }
    Ok(())
}

/// The refund a revocation at `now` costs the MNO, and the new end; refused with
/// `NotRunning`, as the revocation itself is, when the lease cannot be revoked. The one code
/// path of the `RevocationRefund` query and of `RevokeLease`.
pub fn revocation_refund(
    lease: &Lease,
    lease_id: u64,
    now: u64,
    bucket_seconds: u64,
) -> Result<(Uint128, u64), ContractError> {
    ensure_running(lease, lease_id, now)?;
    let new_end = early_end(lease, now, bucket_seconds)?;
    let refund = pro_rata_refund(
        lease.paid,
        lease.booked_end - new_end,
        lease.booked_end - lease.start,
    )?;
    Ok((refund, new_end))
}

pub fn revoke_lease(
    deps: DepsMut,
    env: Env,
    sender: Addr,
    paid: Option<Paid>,
    lease_id: u64,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let lease = load_lease(deps.storage, lease_id)?;
    ensure_lease_mno(&lease, &sender)?;
    let now = env.block.time.seconds();
    let (old, mut new) = end_early(deps.storage, &config, now, lease_id, LeaseState::Revoked)?;
    let (refund, _) = revocation_refund(&old, lease_id, now, config.bucket_seconds)?;
    match (paid, refund.is_zero()) {
        (None, true) => {}
        (Some(p), _) => p.expect_exact(refund)?,
        (None, false) => {
            return Err(match &config.payment {
                Asset::Native { denom } => PaymentError::NoFunds {
                    denom: denom.clone(),
                }
                .into(),
                Asset::Cw20 { .. } => ContractError::RefundRequired { lease_id, refund },
            })
        }
    }
    new.refunded = refund;
    save_lease(deps.storage, lease_id, &old, &new)?;
    pay(
        &config,
        &new.mo,
        refund,
        Response::new()
            .add_attribute("action", "revoke_lease")
            .add_attribute("lease_id", lease_id.to_string())
            .add_attribute("end", new.end.to_string())
            .add_attribute("refund", refund.to_string())
            .add_attribute("mo", new.mo.to_string()),
    )
}

// ---------------------------------------------------------------- interference

#[allow(clippy::too_many_arguments)]
pub fn report_interference(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
    level_cdbm: i64,
    location: String,
    time: u64,
    band: Band,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    let now = env.block.time.seconds();
    let lease = leases().may_load(deps.storage, lease_id)?;
    let lease = match lease {
        Some(l) if l.mo == info.sender && l.running_at(now) => l,
        _ => {
            return Err(ContractError::NoActiveLease {
                lease_id,
                reporter: info.sender.to_string(),
            })
        }
    };
    if time < lease.start || time > now {
        return Err(ContractError::InvalidReportTime {
            time,
            start: lease.start,
            now,
        });
    }
    check_text("location", &location)?;
    band.validate()?;
    let license = load_license(deps.storage, lease.license_id)?;
    if !license.terms.band.contains(&band) {
        return Err(ContractError::BandOutsideLicense {});
    }
    let report_id = REPORT_SEQ.may_load(deps.storage)?.unwrap_or(0) + 1;
    REPORT_SEQ.save(deps.storage, &report_id)?;
    let license_id = lease.license_id;
    REPORTS.save(
        deps.storage,
        (license_id, report_id),
        &InterferenceReport {
            report_id,
            license_id,
            lease_id,
            reporter: info.sender.clone(),
            level_cdbm,
            location: location.clone(),
            time,
            band,
        },
    )?;
    let mut stats = REPORT_STATS
        .may_load(deps.storage, license_id)?
        .unwrap_or_default();
    stats.count += 1;
    stats.max_level_cdbm = Some(
        stats
            .max_level_cdbm
            .map_or(level_cdbm, |m| m.max(level_cdbm)),
    );
    if stats.latest_id.is_none() || time >= stats.latest_time {
        stats.latest_id = Some(report_id);
        stats.latest_time = time;
    }
    REPORT_STATS.save(deps.storage, license_id, &stats)?;
    let key = (license_id, time / config.bucket_seconds);
    let bucket = match REPORT_BUCKETS.may_load(deps.storage, key)? {
        Some(b) => BucketStats {
            count: b.count + 1,
            max_level_cdbm: b.max_level_cdbm.max(level_cdbm),
        },
        None => BucketStats {
            count: 1,
            max_level_cdbm: level_cdbm,
        },
    };
    REPORT_BUCKETS.save(deps.storage, key, &bucket)?;
    Ok(Response::new()
        .add_attribute("action", "report_interference")
        .add_attribute("report_id", report_id.to_string())
        .add_attribute("license_id", license_id.to_string())
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("reporter", info.sender.to_string())
        .add_attribute("level_cdbm", level_cdbm.to_string())
        .add_attribute("location", location)
        .add_attribute("time", time.to_string()))
}

// ---------------------------------------------------------------- ratings

pub fn rate_lease(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    lease_id: u64,
    rating: TradeRating,
) -> Result<Response, ContractError> {
    assert_no_funds(&info)?;
    let config = CONFIG.load(deps.storage)?;
    if !rating.is_valid() {
        return Err(ContractError::InvalidQuality {
            quality: rating.quality,
        });
    }
    let lease = load_lease(deps.storage, lease_id)?;
    let finished = matches!(
        lease.state,
        LeaseState::Approved | LeaseState::Terminated | LeaseState::Revoked
    ) && env.block.time.seconds() >= lease.end;
    let mut ratings: Ratings = RATINGS
        .may_load(deps.storage, lease_id)?
        .unwrap_or_default();
    let (slot, rated) = if info.sender == lease.mo {
        (&mut ratings.by_mo, lease.mno.clone())
    } else if info.sender == lease.mno {
        (&mut ratings.by_mno, lease.mo.clone())
    } else {
        return Err(ContractError::NotLeaseParty {
            lease_id,
            sender: info.sender.to_string(),
        });
    };
    if !finished {
        return Err(ContractError::NotFinished { lease_id });
    }
    if slot.is_some() {
        return Err(ContractError::AlreadyRated { lease_id });
    }
    *slot = Some(rating);
    RATINGS.save(deps.storage, lease_id, &ratings)?;
    let mut resp = Response::new()
        .add_attribute("action", "rate_lease")
        .add_attribute("lease_id", lease_id.to_string())
        .add_attribute("rater", info.sender.to_string())
        .add_attribute("rated", rated.to_string())
        .add_attribute("positive", rating.positive.to_string())
        .add_attribute("quality", rating.quality.to_string());
    if let Some(recorder) = config.reputation_recorder {
        resp = resp
            .add_message(WasmMsg::Execute {
                contract_addr: recorder.to_string(),
                msg: to_json_binary(&rating.record_msg(&info.sender, &rated))?,
                funds: vec![],
            })
            .add_attribute("recorded_in", recorder.to_string());
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_rounds_up_and_overflow_is_typed() {
        let p = Decimal::from_ratio(1u64, 3u64); // 0.333..
        assert_eq!(lease_price(p, 3, 1).unwrap(), Uint128::new(1));
        assert_eq!(lease_price(p, 1, 1).unwrap(), Uint128::new(1));
        assert_eq!(
            lease_price(Decimal::percent(1), 1_000, 3_600).unwrap(),
            Uint128::new(36_000)
        );
        assert_eq!(
            lease_price(Decimal::percent(1), 1, 1).unwrap(),
            Uint128::new(1)
        );
        assert_eq!(
            lease_price(Decimal::MAX, u64::MAX, u64::MAX),
            Err(ContractError::PriceOverflow {})
        );
    }

    #[test]
    fn refund_is_pro_rata_rounded_down() {
        assert_eq!(
            pro_rata_refund(Uint128::new(100), 1, 3).unwrap(),
            Uint128::new(33)
        );
        assert_eq!(
            pro_rata_refund(Uint128::new(100), 3, 3).unwrap(),
            Uint128::new(100)
        );
        assert_eq!(
            pro_rata_refund(Uint128::new(100), 0, 3).unwrap(),
            Uint128::zero()
        );
        assert_eq!(ceil_to_bucket(3601, 3600).unwrap(), 7200);
        assert_eq!(ceil_to_bucket(7200, 3600).unwrap(), 7200);
    }
}
