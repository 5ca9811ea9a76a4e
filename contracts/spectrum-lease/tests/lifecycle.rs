//! Every lifecycle path, with balances checked.

use cosmwasm_std::Uint128;
use spectrum_lease::ContractError;
use spectrum_testing::spectrum_lease::lease_err;
use spectrum_testing::spectrum_lease::{lease_setup, HOUR, LEASE_FUNDS, MHZ_HOUR};
use spectrum_types::error::CommonError;
use spectrum_types::spectrum_lease::{
    ActiveLeasesResponse, ApprovalPolicy, ExecuteMsg, LeaseStatus, LeasesResponse, QueryMsg,
};

#[test]
fn automatic_lease_is_paid_to_the_mno_at_once_and_runs_active_then_expired() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (start, id) = env.mo_requests(1, 2_000_000, 2 * HOUR, 4 * MHZ_HOUR);
    env.assert_mo_paid_mno(4 * MHZ_HOUR);
    assert_eq!(env.suite.bandcoin_balance(&env.suite.lease.clone()), 0);
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Approved);
    assert_eq!(
        env.suite.lease_capacity(env.license, start).used_hz,
        2_000_000
    );
    assert_eq!(
        env.suite
            .lease_capacity(env.license, start + 2 * HOUR)
            .used_hz,
        0
    );

    env.suite.advance_seconds(start - env.suite.now());
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Active);
    env.suite.advance_seconds(2 * HOUR);
    let lease = env.suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Expired);
    assert_eq!(lease.paid, Uint128::new(4 * MHZ_HOUR));
    assert_eq!(lease.refunded, Uint128::zero());
}

#[test]
fn manual_lease_is_escrowed_until_the_mno_approves_it() {
    let mut env = lease_setup(ApprovalPolicy::Manual);
    let (start, id) = env.mo_requests(2, 1_000_000, HOUR, MHZ_HOUR);
    let lease_addr = env.suite.lease.clone();
    assert_eq!(env.suite.bandcoin_balance(&lease_addr), MHZ_HOUR);
    assert_eq!(env.suite.bandcoin_balance(&env.mno), LEASE_FUNDS);
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Pending);
    // pending requests hold capacity
    assert_eq!(
        env.suite.lease_capacity(env.license, start).used_hz,
        1_000_000
    );

    env.suite
        .lease_exec(&env.mno, &ExecuteMsg::ApproveLease { lease_id: id })
        .unwrap();
    assert_eq!(env.suite.bandcoin_balance(&lease_addr), 0);
    env.assert_mo_paid_mno(MHZ_HOUR);
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Approved);
    // approving twice is refused
    let err = env
        .suite
        .lease_exec(&env.mno, &ExecuteMsg::ApproveLease { lease_id: id });
    assert_eq!(lease_err(err), ContractError::NotPending { lease_id: id });
}

#[test]
fn rejected_request_is_refunded_in_full_and_frees_capacity() {
    let mut env = lease_setup(ApprovalPolicy::Manual);
    let (start, id) = env.mo_requests(2, 10_000_000, HOUR, 10 * MHZ_HOUR);
    assert_eq!(env.suite.lease_capacity(env.license, start).available_hz, 0);
    env.suite
        .lease_exec(&env.mno, &ExecuteMsg::RejectLease { lease_id: id })
        .unwrap();
    env.assert_mo_paid_mno(0);
    assert_eq!(env.suite.bandcoin_balance(&env.suite.lease.clone()), 0);
    let lease = env.suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Rejected);
    assert_eq!(lease.refunded, lease.paid);
    assert_eq!(
        env.suite.lease_capacity(env.license, start).available_hz,
        10_000_000
    );
}

#[test]
fn lapsed_request_is_refunded_by_anyone_and_can_no_longer_be_approved() {
    let mut env = lease_setup(ApprovalPolicy::Manual);
    let (start, id) = env.mo_requests(1, 1_000_000, HOUR, MHZ_HOUR);
    let stranger = env.suite.addr("stranger");
    let err = env
        .suite
        .lease_exec(&stranger, &ExecuteMsg::RefundLapsed { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::NotLapsed {
            lease_id: id,
            start
        }
    );

    env.suite.advance_seconds(start - env.suite.now());
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Lapsed);
    let err = env
        .suite
        .lease_exec(&env.mno, &ExecuteMsg::ApproveLease { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::RequestLapsed {
            lease_id: id,
            start
        }
    );
    env.suite
        .lease_exec(&stranger, &ExecuteMsg::RefundLapsed { lease_id: id })
        .unwrap();
    env.assert_mo_paid_mno(0);
    assert_eq!(env.suite.lease_get(id).status, LeaseStatus::Refunded);
    assert_eq!(env.suite.lease_capacity(env.license, start).used_hz, 0);
}

#[test]
fn mo_terminates_early_at_the_next_boundary_without_refund() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (start, id) = env.mo_requests(1, 10_000_000, 4 * HOUR, 40 * MHZ_HOUR);
    env.suite
        .advance_seconds(start - env.suite.now() + HOUR / 2);
    let err = env
        .suite
        .lease_exec(&env.mo2, &ExecuteMsg::TerminateLease { lease_id: id });
    assert!(matches!(lease_err(err), ContractError::NotLeaseMo { .. }));
    env.suite
        .lease_exec(&env.mo, &ExecuteMsg::TerminateLease { lease_id: id })
        .unwrap();
    let lease = env.suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Terminated);
    assert_eq!(lease.end, start + HOUR);
    assert_eq!(lease.booked_end, start + 4 * HOUR);
    env.assert_mo_paid_mno(40 * MHZ_HOUR);
    // the current bucket is still held, the rest is free for another MO
    assert_eq!(
        env.suite.lease_capacity(env.license, start).used_hz,
        10_000_000
    );
    let next = start + HOUR;
    env.suite
        .lease_request(
            &env.mo2,
            env.license,
            10_000_000,
            next,
            3 * HOUR,
            30 * MHZ_HOUR,
        )
        .unwrap();
}

#[test]
fn mno_revokes_with_a_pro_rata_refund_paid_at_once() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let paid = 4 * MHZ_HOUR;
    let (start, id) = env.mo_requests(1, 1_000_000, 4 * HOUR, paid);
    // 1.5 hours in: ends at start + 2h, half the time is unused
    env.suite
        .advance_seconds(start - env.suite.now() + HOUR + HOUR / 2);
    // a wrong refund is refused
    let err = env.suite.lease_send(
        &env.mno,
        paid / 2 - 1,
        &spectrum_types::spectrum_lease::ReceiveMsg::RevokeLease { lease_id: id },
    );
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Payment(
            spectrum_types::PaymentError::WrongAmount { .. }
        ))
    ));
    // without the refund attached, it says how much
    let err = env
        .suite
        .lease_exec(&env.mno, &ExecuteMsg::RevokeLease { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::RefundRequired {
            lease_id: id,
            refund: Uint128::new(paid / 2)
        }
    );
    env.suite.lease_revoke(&env.mno, id).unwrap();
    env.assert_mo_paid_mno(paid / 2);
    let lease = env.suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Revoked);
    assert_eq!(lease.end, start + 2 * HOUR);
    assert_eq!(lease.refunded, Uint128::new(paid / 2));
    assert_eq!(
        env.suite
            .lease_capacity(env.license, start + 2 * HOUR)
            .used_hz,
        0
    );
    assert_eq!(
        env.suite.lease_capacity(env.license, start + HOUR).used_hz,
        1_000_000
    );
    // revoking again is refused
    let err = env.suite.lease_revoke(&env.mno, id);
    assert_eq!(lease_err(err), ContractError::NotRunning { lease_id: id });
}

#[test]
fn revoking_before_start_refunds_everything() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (start, id) = env.mo_requests(3, 1_000_000, HOUR, MHZ_HOUR);
    env.suite.lease_revoke(&env.mno, id).unwrap();
    env.assert_mo_paid_mno(0);
    assert_eq!(env.suite.lease_get(id).end, start);
}

#[test]
fn queries_by_license_mo_mno_and_active_at_are_paginated() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let start = env.suite.lease_bucket_start(1);
    for i in 0..12u64 {
        let who = if i % 2 == 0 {
            env.mo.clone()
        } else {
            env.mo2.clone()
        };
        // leases in bucket 1 for even ids, bucket 2 for odd ones
        let s = start + (i % 2) * HOUR;
        env.suite
            .lease_request(&who, env.license, 100_000, s, HOUR, MHZ_HOUR / 10)
            .unwrap();
    }
    let page: LeasesResponse = env.suite.lease_query(&QueryMsg::LeasesByLicense {
        license_id: env.license,
        start_after: None,
        limit: None,
    });
    assert_eq!(page.leases.len(), 10);
    let page2: LeasesResponse = env.suite.lease_query(&QueryMsg::LeasesByLicense {
        license_id: env.license,
        start_after: Some(10),
        limit: None,
    });
    assert_eq!(
        page2.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![11, 12]
    );
    let by_mo: LeasesResponse = env.suite.lease_query(&QueryMsg::LeasesByMo {
        mo: env.mo2.to_string(),
        start_after: Some(2),
        limit: Some(2),
    });
    assert_eq!(
        by_mo.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![4, 6]
    );
    let by_mno: LeasesResponse = env.suite.lease_query(&QueryMsg::LeasesByMno {
        mno: env.mno.to_string(),
        start_after: None,
        limit: Some(100),
    });
    assert_eq!(by_mno.leases.len(), 12);
    let active: ActiveLeasesResponse = env.suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: env.license,
        at: Some(start + HOUR + 5),
        start_after: None,
        limit: Some(30),
    });
    assert_eq!(
        active.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![2, 4, 6, 8, 10, 12]
    );
    assert_eq!(active.next_start_after, None);
    let first: ActiveLeasesResponse = env.suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: env.license,
        at: Some(start),
        start_after: None,
        limit: Some(4),
    });
    assert_eq!(
        first.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![1, 3, 5, 7]
    );
    let rest: ActiveLeasesResponse = env.suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: env.license,
        at: Some(start),
        start_after: first.next_start_after,
        limit: Some(4),
    });
    assert_eq!(
        rest.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![9, 11]
    );
}
