//! Every lifecycle path, with balances checked.

mod common;

use common::*;
use cosmwasm_std::Uint128;
use spectrum_lease::ContractError;
use spectrum_testing::spectrum_lease::lease_err;
use spectrum_types::error::CommonError;
use spectrum_types::spectrum_lease::{
    ActiveLeasesResponse, ApprovalPolicy, ExecuteMsg, LeaseStatus, LeasesResponse, QueryMsg,
};

#[test]
fn automatic_lease_is_paid_to_the_mno_at_once_and_runs_active_then_expired() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Automatic);
    let start = suite.lease_bucket_start(1);
    let id = suite
        .lease_request_id(&mo, license, 2_000_000, start, 2 * HOUR, 4 * MHZ_HOUR)
        .unwrap();
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS - 4 * MHZ_HOUR);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS + 4 * MHZ_HOUR);
    assert_eq!(suite.bandcoin_balance(&suite.lease.clone()), 0);
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Approved);
    assert_eq!(capacity(&suite, license, start).used_hz, 2_000_000);
    assert_eq!(capacity(&suite, license, start + 2 * HOUR).used_hz, 0);

    suite.advance_seconds(start - suite.now());
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Active);
    suite.advance_seconds(2 * HOUR);
    let lease = suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Expired);
    assert_eq!(lease.paid, Uint128::new(4 * MHZ_HOUR));
    assert_eq!(lease.refunded, Uint128::zero());
}

#[test]
fn manual_lease_is_escrowed_until_the_mno_approves_it() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Manual);
    let start = suite.lease_bucket_start(2);
    let id = suite
        .lease_request_id(&mo, license, 1_000_000, start, HOUR, MHZ_HOUR)
        .unwrap();
    let lease_addr = suite.lease.clone();
    assert_eq!(suite.bandcoin_balance(&lease_addr), MHZ_HOUR);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS);
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Pending);
    // pending requests hold capacity
    assert_eq!(capacity(&suite, license, start).used_hz, 1_000_000);

    suite
        .lease_exec(&mno, &ExecuteMsg::ApproveLease { lease_id: id })
        .unwrap();
    assert_eq!(suite.bandcoin_balance(&lease_addr), 0);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS + MHZ_HOUR);
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS - MHZ_HOUR);
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Approved);
    // approving twice is refused
    let err = suite.lease_exec(&mno, &ExecuteMsg::ApproveLease { lease_id: id });
    assert_eq!(lease_err(err), ContractError::NotPending { lease_id: id });
}

#[test]
fn rejected_request_is_refunded_in_full_and_frees_capacity() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Manual);
    let start = suite.lease_bucket_start(2);
    let id = suite
        .lease_request_id(&mo, license, 10_000_000, start, HOUR, 10 * MHZ_HOUR)
        .unwrap();
    assert_eq!(capacity(&suite, license, start).available_hz, 0);
    suite
        .lease_exec(&mno, &ExecuteMsg::RejectLease { lease_id: id })
        .unwrap();
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS);
    assert_eq!(suite.bandcoin_balance(&suite.lease.clone()), 0);
    let lease = suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Rejected);
    assert_eq!(lease.refunded, lease.paid);
    assert_eq!(capacity(&suite, license, start).available_hz, 10_000_000);
}

#[test]
fn lapsed_request_is_refunded_by_anyone_and_can_no_longer_be_approved() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Manual);
    let start = suite.lease_bucket_start(1);
    let id = suite
        .lease_request_id(&mo, license, 1_000_000, start, HOUR, MHZ_HOUR)
        .unwrap();
    let stranger = suite.addr("stranger");
    let err = suite.lease_exec(&stranger, &ExecuteMsg::RefundLapsed { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::NotLapsed {
            lease_id: id,
            start
        }
    );

    suite.advance_seconds(start - suite.now());
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Lapsed);
    let err = suite.lease_exec(&mno, &ExecuteMsg::ApproveLease { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::RequestLapsed {
            lease_id: id,
            start
        }
    );
    suite
        .lease_exec(&stranger, &ExecuteMsg::RefundLapsed { lease_id: id })
        .unwrap();
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS);
    assert_eq!(suite.lease_get(id).status, LeaseStatus::Refunded);
    assert_eq!(capacity(&suite, license, start).used_hz, 0);
}

#[test]
fn mo_terminates_early_at_the_next_boundary_without_refund() {
    let Env {
        mut suite,
        mno,
        mo,
        mo2,
        license,
    } = setup(ApprovalPolicy::Automatic);
    let start = suite.lease_bucket_start(1);
    let id = suite
        .lease_request_id(&mo, license, 10_000_000, start, 4 * HOUR, 40 * MHZ_HOUR)
        .unwrap();
    suite.advance_seconds(start - suite.now() + HOUR / 2);
    let err = suite.lease_exec(&mo2, &ExecuteMsg::TerminateLease { lease_id: id });
    assert!(matches!(lease_err(err), ContractError::NotLeaseMo { .. }));
    suite
        .lease_exec(&mo, &ExecuteMsg::TerminateLease { lease_id: id })
        .unwrap();
    let lease = suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Terminated);
    assert_eq!(lease.end, start + HOUR);
    assert_eq!(lease.booked_end, start + 4 * HOUR);
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS - 40 * MHZ_HOUR);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS + 40 * MHZ_HOUR);
    // the current bucket is still held, the rest is free for another MO
    assert_eq!(capacity(&suite, license, start).used_hz, 10_000_000);
    let next = start + HOUR;
    suite
        .lease_request_id(&mo2, license, 10_000_000, next, 3 * HOUR, 30 * MHZ_HOUR)
        .unwrap();
}

#[test]
fn mno_revokes_with_a_pro_rata_refund_paid_at_once() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Automatic);
    let start = suite.lease_bucket_start(1);
    let paid = 4 * MHZ_HOUR;
    let id = suite
        .lease_request_id(&mo, license, 1_000_000, start, 4 * HOUR, paid)
        .unwrap();
    // 1.5 hours in: ends at start + 2h, half the time is unused
    suite.advance_seconds(start - suite.now() + HOUR + HOUR / 2);
    // a wrong refund is refused
    let err = suite.lease_send(
        &mno,
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
    let err = suite.lease_exec(&mno, &ExecuteMsg::RevokeLease { lease_id: id });
    assert_eq!(
        lease_err(err),
        ContractError::RefundRequired {
            lease_id: id,
            refund: Uint128::new(paid / 2)
        }
    );
    suite.lease_revoke(&mno, id).unwrap();
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS - paid / 2);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS + paid / 2);
    let lease = suite.lease_get(id);
    assert_eq!(lease.status, LeaseStatus::Revoked);
    assert_eq!(lease.end, start + 2 * HOUR);
    assert_eq!(lease.refunded, Uint128::new(paid / 2));
    assert_eq!(capacity(&suite, license, start + 2 * HOUR).used_hz, 0);
    assert_eq!(capacity(&suite, license, start + HOUR).used_hz, 1_000_000);
    // revoking again is refused
    let err = suite.lease_revoke(&mno, id);
    assert_eq!(lease_err(err), ContractError::NotRunning { lease_id: id });
}

#[test]
fn revoking_before_start_refunds_everything() {
    let Env {
        mut suite,
        mno,
        mo,
        license,
        ..
    } = setup(ApprovalPolicy::Automatic);
    let start = suite.lease_bucket_start(3);
    let id = suite
        .lease_request_id(&mo, license, 1_000_000, start, HOUR, MHZ_HOUR)
        .unwrap();
    suite.lease_revoke(&mno, id).unwrap();
    assert_eq!(suite.bandcoin_balance(&mo), START_FUNDS);
    assert_eq!(suite.bandcoin_balance(&mno), START_FUNDS);
    assert_eq!(suite.lease_get(id).end, start);
}

#[test]
fn queries_by_license_mo_mno_and_active_at_are_paginated() {
    let Env {
        mut suite,
        mno,
        mo,
        mo2,
        license,
    } = setup(ApprovalPolicy::Automatic);
    let start = suite.lease_bucket_start(1);
    for i in 0..12u64 {
        let who = if i % 2 == 0 { mo.clone() } else { mo2.clone() };
        // leases in bucket 1 for even ids, bucket 2 for odd ones
        let s = start + (i % 2) * HOUR;
        suite
            .lease_request_id(&who, license, 100_000, s, HOUR, MHZ_HOUR / 10)
            .unwrap();
    }
    let page: LeasesResponse = suite.lease_query(&QueryMsg::LeasesByLicense {
        license_id: license,
        start_after: None,
        limit: None,
    });
    assert_eq!(page.leases.len(), 10);
    let page2: LeasesResponse = suite.lease_query(&QueryMsg::LeasesByLicense {
        license_id: license,
        start_after: Some(10),
        limit: None,
    });
    assert_eq!(
        page2.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![11, 12]
    );
    let by_mo: LeasesResponse = suite.lease_query(&QueryMsg::LeasesByMo {
        mo: mo2.to_string(),
        start_after: Some(2),
        limit: Some(2),
    });
    assert_eq!(
        by_mo.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![4, 6]
    );
    let by_mno: LeasesResponse = suite.lease_query(&QueryMsg::LeasesByMno {
        mno: mno.to_string(),
        start_after: None,
        limit: Some(100),
    });
    assert_eq!(by_mno.leases.len(), 12);
    let active: ActiveLeasesResponse = suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: license,
        at: Some(start + HOUR + 5),
        start_after: None,
        limit: Some(30),
    });
    assert_eq!(
        active.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![2, 4, 6, 8, 10, 12]
    );
    assert_eq!(active.next_start_after, None);
    let first: ActiveLeasesResponse = suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: license,
        at: Some(start),
        start_after: None,
        limit: Some(4),
    });
    assert_eq!(
        first.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![1, 3, 5, 7]
    );
    let rest: ActiveLeasesResponse = suite.lease_query(&QueryMsg::ActiveLeases {
        license_id: license,
        at: Some(start),
        start_after: first.next_start_after,
        limit: Some(4),
    });
    assert_eq!(
        rest.leases.iter().map(|l| l.lease_id).collect::<Vec<_>>(),
        vec![9, 11]
    );
}
