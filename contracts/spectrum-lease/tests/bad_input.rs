//! Bad input: each gets a typed error and changes nothing.

use cosmwasm_std::{coins, Decimal, Decimal256};
use cw_multi_test::Executor;
use spectrum_lease::ContractError;
use spectrum_testing::spectrum_lease::{lease_err, lease_terms};
use spectrum_testing::spectrum_lease::{lease_setup, LeaseEnv, HOUR, MHZ_HOUR};
use spectrum_testing::{Suite, NATIVE_DENOM};
use spectrum_types::equilibrium::EquilibriumError;
use spectrum_types::error::CommonError;
use spectrum_types::spectrum_lease::{
    ApprovalPolicy, ExecuteMsg, LeasesResponse, MoEquilibriumResponse, QueryMsg,
};
use spectrum_types::{Band, PaymentError};

/// Balances and lease count, to prove a failed call changed nothing.
fn snapshot(env: &LeaseEnv) -> (u128, u128, u128, usize) {
    let s = &env.suite;
    let page: LeasesResponse = s.lease_query(&QueryMsg::LeasesByLicense {
        license_id: env.license,
        start_after: None,
        limit: Some(30),
    });
    (
        s.bandcoin_balance(&env.mo),
        s.bandcoin_balance(&env.mno),
        s.bandcoin_balance(&s.lease),
        page.leases.len(),
    )
}

#[test]
fn request_exceeding_capacity_by_one_hz_at_one_instant_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, mo2, license) = (env.mo.clone(), env.mo2.clone(), env.license);
    let s = env.suite.lease_bucket_start(1);
    // 6 MHz over [s, s+2h) and 4 MHz over [s+h, s+3h): bucket s+h is exactly full
    env.suite
        .lease_request(&mo, license, 6_000_000, s, 2 * HOUR, 12 * MHZ_HOUR)
        .unwrap();
    env.suite
        .lease_request(&mo2, license, 4_000_000, s + HOUR, 2 * HOUR, 8 * MHZ_HOUR)
        .unwrap();
    assert_eq!(env.suite.lease_capacity(license, s + HOUR).available_hz, 0);
    let before = snapshot(&env);
    // 1 Hz across the three hours: only the middle bucket is over, by 1 Hz
    let price = 3 * HOUR as u128 / 1000 + 1; // ceil(0.001 × 1 × 10800) = 11
    assert_eq!(price, 11);
    let err = env.suite.lease_request(&mo, license, 1, s, 3 * HOUR, 11);
    assert_eq!(
        lease_err(err),
        ContractError::CapacityExceeded {
            at: s + HOUR,
            requested_hz: 1,
            available_hz: 0
        }
    );
    assert_eq!(snapshot(&env), before);
    // 4 MHz + 1 Hz in the first bucket only is over by 1 Hz too
    let err = env
        .suite
        .lease_request(&mo, license, 4_000_001, s, HOUR, 14_400_004);
    assert!(matches!(
        lease_err(err),
        ContractError::CapacityExceeded { at, available_hz: 4_000_000, .. } if at == s
    ));
    // exactly the remaining capacity fits
    env.suite
        .lease_request(&mo, license, 4_000_000, s, HOUR, 4 * MHZ_HOUR)
        .unwrap();
}

#[test]
fn start_in_the_past_or_off_a_bucket_boundary_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, license) = (env.mo.clone(), env.license);
    env.suite.advance_seconds(10);
    let now = env.suite.now();
    let past = env.suite.lease_bucket_start(0);
    let before = snapshot(&env);
    let err = env
        .suite
        .lease_request(&mo, license, 1_000_000, past, HOUR, MHZ_HOUR);
    assert_eq!(
        lease_err(err),
        ContractError::StartInPast { start: past, now }
    );
    let odd = env.suite.lease_bucket_start(1) + 1;
    let err = env
        .suite
        .lease_request(&mo, license, 1_000_000, odd, HOUR, MHZ_HOUR);
    assert!(matches!(lease_err(err), ContractError::Misaligned { .. }));
    assert_eq!(snapshot(&env), before);
}

#[test]
fn duration_outside_the_license_bounds_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, license) = (env.mo.clone(), env.license);
    let s = env.suite.lease_bucket_start(1);
    let before = snapshot(&env);
    for duration in [0, 25 * HOUR] {
        let err =
            env.suite
                .lease_request(&mo, license, 1, s, duration, 1 + duration as u128 / 1000);
        assert_eq!(
            lease_err(err),
            ContractError::DurationOutOfBounds {
                duration,
                min: HOUR,
                max: 24 * HOUR
            }
        );
    }
    let err = env
        .suite
        .lease_request(&mo, license, 1_000_000, s, HOUR + 1, MHZ_HOUR + 1000);
    assert!(matches!(lease_err(err), ContractError::Misaligned { .. }));
    assert_eq!(snapshot(&env), before);
}

#[test]
fn wrong_payment_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, license) = (env.mo.clone(), env.license);
    let s = env.suite.lease_bucket_start(1);
    let before = snapshot(&env);
    for paid in [MHZ_HOUR - 1, MHZ_HOUR + 1] {
        let err = env
            .suite
            .lease_request(&mo, license, 1_000_000, s, HOUR, paid);
        assert_eq!(
            lease_err(err),
            ContractError::Common(CommonError::Payment(PaymentError::WrongAmount {
                expected: MHZ_HOUR.into(),
                received: paid.into()
            }))
        );
    }
    assert_eq!(snapshot(&env), before);
    // native funds are not the payment asset of this deployment
    let rich = env.suite.addr("rich");
    let mut suite = Suite::builder().with_native("rich", 10_000_000_000).build();
    let lease = suite.lease.clone();
    let err = suite.app.execute_contract(
        rich.clone(),
        lease,
        &ExecuteMsg::RequestLease {
            license_id: 1,
            bandwidth_hz: 1_000_000,
            start: s,
            duration: HOUR,
        },
        &coins(MHZ_HOUR, NATIVE_DENOM),
    );
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Payment(PaymentError::WrongAsset { .. }))
    ));
    assert_eq!(suite.native_balance(&rich), 10_000_000_000);
}

#[test]
fn lease_on_a_retired_or_expired_license_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, mno, license) = (env.mo.clone(), env.mno.clone(), env.license);
    let s = env.suite.lease_bucket_start(1);
    env.suite
        .lease_exec(
            &mno,
            &ExecuteMsg::RetireLicense {
                license_id: license,
            },
        )
        .unwrap();
    let before = snapshot(&env);
    let err = env
        .suite
        .lease_request(&mo, license, 1_000_000, s, HOUR, MHZ_HOUR);
    assert_eq!(
        lease_err(err),
        ContractError::LicenseRetired {
            license_id: license
        }
    );
    assert_eq!(snapshot(&env), before);

    // a license valid for 2 hours: expired after them
    let now = env.suite.now();
    let mut terms = lease_terms(now, ApprovalPolicy::Automatic);
    terms.valid_until = env.suite.lease_bucket_start(2);
    let short = env.suite.lease_register(&mno, terms.clone()).unwrap();
    let err = env.suite.lease_request(
        &mo,
        short,
        1_000_000,
        terms.valid_until - HOUR,
        2 * HOUR,
        2 * MHZ_HOUR,
    );
    assert!(matches!(
        lease_err(err),
        ContractError::LeaseBeyondLicense { .. }
    ));
    env.suite.advance_seconds(terms.valid_until - now);
    let err = env
        .suite
        .lease_request(&mo, short, 1_000_000, terms.valid_until, HOUR, MHZ_HOUR);
    assert_eq!(
        lease_err(err),
        ContractError::LicenseExpired {
            license_id: short,
            valid_until: terms.valid_until
        }
    );
    assert_eq!(snapshot(&env), before);
}

#[test]
fn approval_or_rejection_by_anyone_but_the_mno_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Manual);
    let (mo, mo2, license) = (env.mo.clone(), env.mo2.clone(), env.license);
    let (_, id) = env.mo_requests(1, 1_000_000, HOUR, MHZ_HOUR);
    let before = snapshot(&env);
    let admin = env.suite.admin.clone();
    for who in [mo.clone(), mo2.clone(), admin] {
        for msg in [
            ExecuteMsg::ApproveLease { lease_id: id },
            ExecuteMsg::RejectLease { lease_id: id },
        ] {
            let err = env.suite.lease_exec(&who, &msg);
            assert_eq!(
                lease_err(err),
                ContractError::NotLicenseMno {
                    license_id: license,
                    sender: who.to_string()
                }
            );
        }
    }
    assert_eq!(snapshot(&env), before);
}

#[test]
fn interference_report_from_an_mo_without_an_active_lease_is_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, mo2, license) = (env.mo.clone(), env.mo2.clone(), env.license);
    let (s, id) = env.mo_requests(1, 1_000_000, HOUR, MHZ_HOUR);
    let report = |lease_id, time| ExecuteMsg::ReportInterference {
        lease_id,
        level_cdbm: -9050,
        location: "lab-2".into(),
        time,
        band: Band {
            from_hz: 3_500_000_000,
            to_hz: 3_501_000_000,
        },
    };
    // before the lease starts
    let now = env.suite.now();
    let err = env.suite.lease_exec(&mo, &report(id, now));
    assert!(matches!(
        lease_err(err),
        ContractError::NoActiveLease { .. }
    ));
    env.suite.advance_seconds(s - now + 60);
    // another MO naming someone else's lease
    let err = env.suite.lease_exec(&mo2, &report(id, s));
    assert_eq!(
        lease_err(err),
        ContractError::NoActiveLease {
            lease_id: id,
            reporter: mo2.to_string()
        }
    );
    // an unknown lease
    let err = env.suite.lease_exec(&mo, &report(99, s));
    assert!(matches!(
        lease_err(err),
        ContractError::NoActiveLease { .. }
    ));
    // after the lease
    env.suite.advance_seconds(HOUR);
    let err = env.suite.lease_exec(&mo, &report(id, s + 10));
    assert!(matches!(
        lease_err(err),
        ContractError::NoActiveLease { .. }
    ));
    let summary: spectrum_types::spectrum_lease::InterferenceSummaryResponse =
        env.suite.lease_query(&QueryMsg::InterferenceSummary {
            license_id: license,
            window_buckets: None,
        });
    assert_eq!(summary.count, 0);
}

#[test]
fn equilibrium_with_ps_or_gamma_outside_the_unit_interval_is_refused() {
    let env = lease_setup(ApprovalPolicy::Automatic);
    let d = |s: &str| s.parse::<Decimal256>().unwrap();
    for (p_s, gamma) in [
        ("0", "0.7"),
        ("1", "0.7"),
        ("1.5", "0.7"),
        ("0.15", "0"),
        ("0.15", "1"),
    ] {
        let err = env
            .suite
            .app
            .wrap()
            .query_wasm_smart::<MoEquilibriumResponse>(
                &env.suite.lease,
                &QueryMsg::MoEquilibrium {
                    p_s: d(p_s),
                    gamma: d(gamma),
                    p_w: d("0.1"),
                },
            )
            .unwrap_err();
        let want = EquilibriumError::OutOfUnitInterval {
            name: if p_s == "0.15" { "gamma" } else { "p_s" }.into(),
            value: d(if p_s == "0.15" { gamma } else { p_s }),
        }
        .to_string();
        assert!(err.to_string().contains(&want), "{err}");
    }
}

#[test]
fn capacity_change_below_current_usage_and_changes_by_others_are_refused() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (mo, mno, license) = (env.mo.clone(), env.mno.clone(), env.license);
    let s = env.suite.lease_bucket_start(1);
    env.suite
        .lease_request(&mo, license, 8_000_000, s, HOUR, 8 * MHZ_HOUR)
        .unwrap();
    let update = |w: Option<u64>, m: Option<u64>| ExecuteMsg::UpdateLicense {
        license_id: license,
        price_per_hz_second: None,
        bandwidth_hz: w,
        interference_margin_hz: m,
    };
    let err = env.suite.lease_exec(&mno, &update(None, Some(2_000_001)));
    assert_eq!(
        lease_err(err),
        ContractError::CapacityBelowUsage {
            new_capacity_hz: 7_999_999,
            peak_hz: 8_000_000
        }
    );
    let err = env.suite.lease_exec(&mno, &update(Some(7_999_999), None));
    assert!(matches!(
        lease_err(err),
        ContractError::CapacityBelowUsage { .. }
    ));
    let err = env.suite.lease_exec(&mo, &update(None, Some(1)));
    assert!(matches!(
        lease_err(err),
        ContractError::NotLicenseMno { .. }
    ));
    // exactly the usage is fine; the new capacity applies to new requests
    env.suite
        .lease_exec(&mno, &update(None, Some(2_000_000)))
        .unwrap();
    assert_eq!(env.suite.lease_capacity(license, s).available_hz, 0);
    let err = env
        .suite
        .lease_request(&mo, license, 1_000_000, s + HOUR, HOUR, MHZ_HOUR)
        .map(|_| ())
        .and_then(|_| {
            env.suite
                .lease_request(&mo, license, 1_000_000, s, HOUR, MHZ_HOUR)
                .map(|_| ())
        });
    assert!(matches!(
        lease_err(err),
        ContractError::CapacityExceeded { .. }
    ));
    // price changes apply to later requests
    env.suite
        .lease_exec(
            &mno,
            &ExecuteMsg::UpdateLicense {
                license_id: license,
                price_per_hz_second: Some(Decimal::permille(2)),
                bandwidth_hz: None,
                interference_margin_hz: None,
            },
        )
        .unwrap();
    env.suite
        .lease_request(&mo, license, 1_000_000, s + 2 * HOUR, HOUR, 2 * MHZ_HOUR)
        .unwrap();
}

#[test]
fn unapproved_mno_cannot_register_and_only_admin_approves() {
    let mut suite = Suite::builder().build();
    let rogue = suite.addr("rogue");
    let now = suite.now();
    let err = suite.lease_register(&rogue, lease_terms(now, ApprovalPolicy::Automatic));
    assert_eq!(
        lease_err(err),
        ContractError::NotMno {
            address: rogue.to_string()
        }
    );
    let err = suite.lease_approve_mno_as(&rogue, &rogue);
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Ownership(_))
    ));
    let mut terms = lease_terms(now, ApprovalPolicy::Automatic);
    suite.lease_approve_mno(&rogue).unwrap();
    terms.bandwidth_hz = 200_000_000;
    let err = suite.lease_register(&rogue, terms);
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Band(_))
    ));
    let mut terms = lease_terms(now, ApprovalPolicy::Automatic);
    terms.price_per_hz_second = Decimal::zero();
    assert_eq!(
        lease_err(suite.lease_register(&rogue, terms)),
        ContractError::ZeroPrice {}
    );
}
