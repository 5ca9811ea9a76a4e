//! Issue 21: every amount spectrum-lease quotes is payable. Whenever `QuoteLease` answers a
//! price, requesting the lease with exactly that amount succeeds through both payment routes
//! (the Bandcoin `Send` and the native coin); whenever it refuses, both routes refuse with the
//! same error and nothing moves. The same for `RevocationRefund` and `RevokeLease`. And the
//! interference summary's window is clamped to the horizon and says so.

use cosmwasm_std::{coins, Addr, Decimal, Uint128};
use cw_multi_test::Executor;
use proptest::prelude::*;
use spectrum_lease::ContractError;
use spectrum_testing::spectrum_lease::LEASE_FUNDS;
use spectrum_testing::spectrum_lease::{lease_err, lease_terms, LEASE_BUCKET};
use spectrum_testing::{Suite, NATIVE_DENOM};
use spectrum_types::spectrum_lease::{
    ApprovalPolicy, ExecuteMsg, InterferenceSummaryResponse, LeasesResponse, LicenseTerms,
    QueryMsg, QuoteLeaseResponse, ReceiveMsg, RevocationRefundResponse,
};

/// One random case: license terms and one request.
#[derive(Debug, Clone)]
struct Case {
    /// p_s in atomics (10^-18 of the smallest unit per Hz·s).
    price_atomics: u128,
    capacity_hz: u64,
    manual: bool,
    bandwidth_hz: u64,
    /// Start, in buckets after the current bucket's start (0 is in the past unless now is a
    /// bucket boundary).
    start_buckets: u64,
    /// Duration in seconds (sometimes not a whole number of buckets).
    duration: u64,
    /// Seconds past the block time before the request.
    offset: u64,
}

/// A suite with the same license on the Bandcoin lease and on a native lease.
struct Env {
    s: Suite,
    native: Addr,
    mno: Addr,
    mo: Addr,
}

fn terms(c: &Case, now: u64) -> LicenseTerms {
    let policy = if c.manual {
        ApprovalPolicy::Manual
    } else {
        ApprovalPolicy::Automatic
    };
    LicenseTerms {
        bandwidth_hz: c.capacity_hz,
        price_per_hz_second: Decimal::new(Uint128::new(c.price_atomics)),
        min_duration: LEASE_BUCKET,
        max_duration: 6 * LEASE_BUCKET,
        ..lease_terms(now, policy)
    }
}

fn setup(c: &Case) -> Env {
    let mut s = Suite::builder()
        .with_bandcoin("mo", LEASE_FUNDS)
        .with_native("mo", LEASE_FUNDS)
        .with_bandcoin("mno", LEASE_FUNDS)
        .with_native("mno", LEASE_FUNDS)
        .build();
    let native = s.deploy_native_lease();
    let (mno, mo, admin) = (s.addr("mno"), s.addr("mo"), s.admin.clone());
    let approve = ExecuteMsg::ApproveMno {
        mno: mno.to_string(),
    };
    s.lease_exec(&admin, &approve).unwrap();
    s.app
        .execute_contract(admin, native.clone(), &approve, &[])
        .unwrap();
    let t = terms(c, s.now());
    assert_eq!(s.lease_register(&mno, t.clone()).unwrap(), 1);
    s.app
        .execute_contract(
            mno.clone(),
            native.clone(),
            &ExecuteMsg::RegisterLicense { terms: t },
            &[],
        )
        .unwrap();
    s.advance_seconds(c.offset);
    Env { s, native, mno, mo }
}

fn quote(s: &Suite, lease: &Addr, c: &Case, start: u64) -> Result<QuoteLeaseResponse, String> {
    s.app
        .wrap()
        .query_wasm_smart(
            lease,
            &QueryMsg::QuoteLease {
                license_id: 1,
                bandwidth_hz: c.bandwidth_hz,
                start,
                duration: c.duration,
            },
        )
        .map_err(|e| e.to_string())
}

fn request_native(env: &mut Env, c: &Case, start: u64, amount: u128) -> anyhow::Result<()> {
    env.s.app.execute_contract(
        env.mo.clone(),
        env.native.clone(),
        &ExecuteMsg::RequestLease {
            license_id: 1,
            bandwidth_hz: c.bandwidth_hz,
            start,
            duration: c.duration,
        },
        &coins(amount, NATIVE_DENOM),
    )?;
    Ok(())
}

/// Balances of the MO, the MNO and both contracts, in both assets, and the leases.
fn snapshot(env: &Env) -> (Vec<u128>, usize, usize) {
    let who = [&env.mo, &env.mno, &env.s.lease, &env.native];
    let mut balances: Vec<u128> = who.iter().map(|a| env.s.bandcoin_balance(a)).collect();
    balances.extend(who.iter().map(|a| env.s.native_balance(a)));
    let count = |lease: &Addr| {
        let page: LeasesResponse = env
            .s
            .app
            .wrap()
            .query_wasm_smart(
                lease,
                &QueryMsg::LeasesByLicense {
                    license_id: 1,
                    start_after: None,
                    limit: Some(30),
                },
            )
            .unwrap();
        page.leases.len()
    };
    (balances, count(&env.s.lease), count(&env.native))
}

fn run(c: Case) -> Result<(), TestCaseError> {
    let mut env = setup(&c);
    let start = env.s.lease_bucket_start(0) + c.start_buckets * LEASE_BUCKET;
    let (lease, native, mo) = (env.s.lease.clone(), env.native.clone(), env.mo.clone());
    match (
        quote(&env.s, &lease, &c, start),
        quote(&env.s, &native, &c, start),
    ) {
        (Ok(q), Ok(nq)) => {
            prop_assert_eq!(&q, &nq);
            let price = q.price.u128();
            prop_assert!(price > 0, "a lease is never free");
            let before = snapshot(&env);
            let r = env
                .s
                .lease_request(&mo, 1, c.bandwidth_hz, start, c.duration, price);
            prop_assert!(r.is_ok(), "send route refused: {:?}", r.err());
            let r = request_native(&mut env, &c, start, price);
            prop_assert!(r.is_ok(), "native route refused: {:?}", r.err());
            let after = snapshot(&env);
            prop_assert_eq!(after.0[0], before.0[0] - price);
            prop_assert_eq!(after.0[4], before.0[4] - price);
            prop_assert_eq!((after.1, after.2), (before.1 + 1, before.2 + 1));
        }
        (Err(q), Err(nq)) => {
            let before = snapshot(&env);
            // The MO has no price to pay: it sends something, which is refused alike.
            let r = env
                .s
                .lease_request(&mo, 1, c.bandwidth_hz, start, c.duration, 1);
            let e = lease_err(r).to_string();
            prop_assert!(q.contains(&e), "quote {:?}, send {:?}", q, e);
            let r = request_native(&mut env, &c, start, 1);
            let e = lease_err(r).to_string();
            prop_assert!(nq.contains(&e), "quote {:?}, native {:?}", nq, e);
            prop_assert_eq!(snapshot(&env), before);
        }
        (a, b) => prop_assert!(false, "the leases disagree: {a:?} / {b:?}"),
    }
    Ok(())
}

prop_compose! {
    fn case()(
        price_atomics in prop_oneof![1u128..10, 1u128..1_000_000_000_000_000],
        capacity_hz in 1u64..10_000_000,
        manual in any::<bool>(),
        bandwidth_hz in prop_oneof![1u64..1_000, 1u64..12_000_000],
        start_buckets in 0u64..4,
        duration in prop_oneof![
            (1u64..8).prop_map(|b| b * LEASE_BUCKET),
            0u64..8 * LEASE_BUCKET
        ],
        offset in prop_oneof![Just(0u64), 0u64..LEASE_BUCKET],
    ) -> Case {
        Case { price_atomics, capacity_hz, manual, bandwidth_hz, start_buckets, duration, offset }
    }
}

/// 1 Hz for one bucket, one bucket ahead, at 10^-18 per Hz·s on a 1 Hz license.
fn smallest_case() -> Case {
    Case {
        price_atomics: 1,
        capacity_hz: 1,
        manual: false,
        bandwidth_hz: 1,
        start_buckets: 1,
        duration: LEASE_BUCKET,
        offset: 0,
    }
}

/// The smallest possible price: 10^-18 per Hz·s for 1 Hz over one hour rounds up to 1.
#[test]
fn the_smallest_lease_costs_one_and_is_payable_both_ways() {
    let c = smallest_case();
    let env = setup(&c);
    let start = env.s.lease_bucket_start(1);
    assert_eq!(
        quote(&env.s, &env.s.lease, &c, start).unwrap().price,
        Uint128::one()
    );
    run(c).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn every_quoted_lease_price_is_payable_through_both_routes(c in case()) {
        run(c)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The long run: `cargo test -p spectrum-lease --test quotes -- --ignored`.
    #[test]
    #[ignore]
    fn soak_every_quoted_lease_price_is_payable_through_both_routes(c in case()) {
        run(c)?;
    }
}

/// A revocation refund of 0 (the lease is in its last bucket) is paid by a plain
/// `RevokeLease`; a positive one by exactly that amount; a lease that cannot be revoked gets
/// `NotRunning` from the query and from the revocation alike.
#[test]
fn every_quoted_revocation_refund_is_payable() {
    let c = Case {
        price_atomics: 1_000_000_000_000_000,
        capacity_hz: 10_000_000,
        manual: false,
        bandwidth_hz: 1_000_000,
        start_buckets: 1,
        duration: 2 * LEASE_BUCKET,
        offset: 0,
    };
    let mut env = setup(&c);
    let (mno, mo) = (env.mno.clone(), env.mo.clone());
    let start = env.s.lease_bucket_start(1);
    let price = quote(&env.s, &env.s.lease.clone(), &c, start)
        .unwrap()
        .price;
    for _ in 0..2 {
        env.s
            .lease_request(&mo, 1, c.bandwidth_hz, start, c.duration, price.u128())
            .unwrap();
    }
    let refund = |s: &Suite, lease_id: u64| -> Result<RevocationRefundResponse, String> {
        s.app
            .wrap()
            .query_wasm_smart(&s.lease, &QueryMsg::RevocationRefund { lease_id })
            .map_err(|e| e.to_string())
    };
    // Before the start: the whole price back, paid through Send.
    let q = refund(&env.s, 1).unwrap();
    assert_eq!(q.refund, price);
    let mo_before = env.s.bandcoin_balance(&mo);
    env.s
        .lease_send(
            &mno,
            q.refund.u128(),
            &ReceiveMsg::RevokeLease { lease_id: 1 },
        )
        .unwrap();
    assert_eq!(env.s.bandcoin_balance(&mo), mo_before + price.u128());
    // Revoked: no longer running, for the query and the revocation alike.
    let q = refund(&env.s, 1).unwrap_err();
    let e = lease_err(
        env.s
            .lease_exec(&mno, &ExecuteMsg::RevokeLease { lease_id: 1 }),
    );
    assert_eq!(e, ContractError::NotRunning { lease_id: 1 });
    assert!(q.contains(&e.to_string()), "{q}");
    // In its last bucket: refund 0, paid by a plain RevokeLease.
    env.s
        .advance_seconds(start + LEASE_BUCKET + 1 - env.s.now());
    let q = refund(&env.s, 2).unwrap();
    assert!(q.refund.is_zero());
    let mo_before = env.s.bandcoin_balance(&mo);
    env.s
        .lease_exec(&mno, &ExecuteMsg::RevokeLease { lease_id: 2 })
        .unwrap();
    assert_eq!(env.s.bandcoin_balance(&mo), mo_before);
}

#[test]
fn interference_summary_window_is_clamped_to_the_horizon_and_reported() {
    let c = smallest_case();
    let env = setup(&c);
    let summary = |window_buckets: Option<u32>| -> InterferenceSummaryResponse {
        env.s.lease_query(&QueryMsg::InterferenceSummary {
            license_id: 1,
            window_buckets,
        })
    };
    assert_eq!(summary(None).window_buckets, 24);
    assert_eq!(summary(Some(0)).window_buckets, 1);
    assert_eq!(summary(Some(48)).window_buckets, 48);
    // the suite's horizon is 720 buckets
    assert_eq!(summary(Some(10_000)).window_buckets, 720);
    assert_eq!(summary(Some(u32::MAX)).window_buckets, 720);
}
