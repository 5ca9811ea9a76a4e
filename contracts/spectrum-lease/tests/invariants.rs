//! Random requests, approvals, rejections, lapses, terminations, revocations and time
//! jumps: capacity is never exceeded at any sampled instant, and what MOs paid always
//! equals MNO income + refunds + escrow.

use proptest::prelude::*;
use spectrum_testing::spectrum_lease::LEASE_FUNDS;
use spectrum_testing::spectrum_lease::{lease_terms, LEASE_BUCKET};
use spectrum_testing::Suite;
use spectrum_types::spectrum_lease::{ApprovalPolicy, ExecuteMsg, LeaseStatus};

#[derive(Debug, Clone)]
enum Op {
    Request {
        mo: usize,
        manual: bool,
        bw: u64,
        start_buckets: u64,
        duration_buckets: u64,
    },
    Approve(usize),
    Reject(usize),
    RefundLapsed(usize),
    Terminate(usize),
    Revoke(usize),
    Advance(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, any::<bool>(), 1..6_000_000u64, 1..6u64, 1..5u64).prop_map(
            |(mo, manual, bw, start_buckets, duration_buckets)| Op::Request {
                mo,
                manual,
                bw,
                start_buckets,
                duration_buckets
            }
        ),
        2 => any::<usize>().prop_map(Op::Approve),
        1 => any::<usize>().prop_map(Op::Reject),
        1 => any::<usize>().prop_map(Op::RefundLapsed),
        1 => any::<usize>().prop_map(Op::Terminate),
        1 => any::<usize>().prop_map(Op::Revoke),
        2 => (0..3 * LEASE_BUCKET).prop_map(Op::Advance),
    ]
}

const W: u64 = 10_000_000;

fn check_invariants(
    suite: &Suite,
    licenses: &[u64],
    mos: &[cosmwasm_std::Addr],
    mno: &cosmwasm_std::Addr,
    first_bucket: u64,
) {
    let now_b = suite.now() / LEASE_BUCKET;
    let mut escrow = 0u128;
    for &license in licenses {
        let leases = suite.lease_all_of_license(license);
        for b in first_bucket..now_b + 10 {
            let t = b * LEASE_BUCKET;
            let held: u64 = leases
                .iter()
                .filter(|l| {
                    !matches!(l.status, LeaseStatus::Rejected | LeaseStatus::Refunded)
                        && l.start <= t
                        && t < l.end
                })
                .map(|l| l.bandwidth_hz)
                .sum();
            assert!(held <= W, "capacity exceeded at {t}: {held}");
            let cap = suite.lease_capacity(license, t);
            assert_eq!(cap.used_hz, held, "usage bucket drifted at {t}");
        }
        escrow += leases
            .iter()
            .filter(|l| matches!(l.status, LeaseStatus::Pending | LeaseStatus::Lapsed))
            .map(|l| l.paid.u128())
            .sum::<u128>();
    }
    let mos_paid: u128 = mos
        .iter()
        .map(|m| LEASE_FUNDS - suite.bandcoin_balance(m))
        .sum();
    let mno_income = suite.bandcoin_balance(mno) - LEASE_FUNDS;
    let held = suite.bandcoin_balance(&suite.lease);
    assert_eq!(held, escrow, "contract balance is not the escrow");
    assert_eq!(mos_paid, mno_income + escrow, "value created or lost");
}

fn run(ops: Vec<Op>) {
    let mut suite = Suite::builder()
        .with_bandcoin("mno", LEASE_FUNDS)
        .with_bandcoin("mo", LEASE_FUNDS)
        .with_bandcoin("mo2", LEASE_FUNDS)
        .with_bandcoin("mo3", LEASE_FUNDS)
        .build();
    let mno = suite.addr("mno");
    let mos = vec![suite.addr("mo"), suite.addr("mo2"), suite.addr("mo3")];
    suite.lease_approve_mno(&mno).unwrap();
    let now = suite.now();
    let auto = suite
        .lease_register(&mno, lease_terms(now, ApprovalPolicy::Automatic))
        .unwrap();
    let manual = suite
        .lease_register(&mno, lease_terms(now, ApprovalPolicy::Manual))
        .unwrap();
    let first_bucket = now / LEASE_BUCKET;
    let mut ids: Vec<u64> = vec![];
    let pick = |ids: &Vec<u64>, i: usize| (!ids.is_empty()).then(|| ids[i % ids.len()]);
    for op in ops {
        match op {
            Op::Request {
                mo,
                manual: m,
                bw,
                start_buckets,
                duration_buckets,
            } => {
                let start = suite.lease_bucket_start(start_buckets);
                let duration = duration_buckets * LEASE_BUCKET;
                let price = (bw as u128 * duration as u128).div_ceil(1000);
                let license = if m { manual } else { auto };
                if let Ok(id) = suite.lease_request(&mos[mo], license, bw, start, duration, price) {
                    ids.push(id);
                }
            }
            Op::Approve(i) | Op::Reject(i) | Op::RefundLapsed(i) | Op::Terminate(i) => {
                let Some(id) = pick(&ids, i) else { continue };
                let lease = suite.lease_get(id);
                let (sender, msg) = match op {
                    Op::Approve(_) => (mno.clone(), ExecuteMsg::ApproveLease { lease_id: id }),
                    Op::Reject(_) => (mno.clone(), ExecuteMsg::RejectLease { lease_id: id }),
                    Op::RefundLapsed(_) => {
                        (mos[0].clone(), ExecuteMsg::RefundLapsed { lease_id: id })
                    }
                    _ => (lease.mo, ExecuteMsg::TerminateLease { lease_id: id }),
                };
                let _ = suite.lease_exec(&sender, &msg);
            }
            Op::Revoke(i) => {
                let Some(id) = pick(&ids, i) else { continue };
                let _ = suite.lease_revoke(&mno, id);
            }
            Op::Advance(secs) => suite.advance_seconds(secs),
        }
        check_invariants(&suite, &[auto, manual], &mos, &mno, first_bucket);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn capacity_is_never_exceeded_and_value_is_conserved(ops in prop::collection::vec(op(), 1..30)) {
        run(ops);
    }
}
