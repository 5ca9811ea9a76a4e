#![allow(dead_code)]

use cosmwasm_std::Addr;
use spectrum_testing::spectrum_lease::{lease_terms, LEASE_BUCKET};
use spectrum_testing::Suite;
use spectrum_types::spectrum_lease::{ApprovalPolicy, CapacityResponse, LicenseTerms, QueryMsg};

pub const START_FUNDS: u128 = 1_000_000_000_000;
pub const HOUR: u64 = LEASE_BUCKET;
/// 1 MHz for one hour at 0.001 per Hz·s.
pub const MHZ_HOUR: u128 = 3_600_000;

pub struct Env {
    pub suite: Suite,
    pub mno: Addr,
    pub mo: Addr,
    pub mo2: Addr,
    pub license: u64,
}

pub fn setup(policy: ApprovalPolicy) -> Env {
    setup_with(|now| lease_terms(now, policy))
}

pub fn setup_with(terms: impl Fn(u64) -> LicenseTerms) -> Env {
    let mut suite = Suite::builder()
        .with_bandcoin("mno", START_FUNDS)
        .with_bandcoin("mo", START_FUNDS)
        .with_bandcoin("mo2", START_FUNDS)
        .build();
    let mno = suite.addr("mno");
    let mo = suite.addr("mo");
    let mo2 = suite.addr("mo2");
    suite.lease_approve_mno(&mno).unwrap();
    let t = terms(suite.now());
    let license = suite.lease_register(&mno, t).unwrap();
    Env {
        suite,
        mno,
        mo,
        mo2,
        license,
    }
}

pub fn capacity(suite: &Suite, license_id: u64, at: u64) -> CapacityResponse {
    suite.lease_query(&QueryMsg::Capacity { license_id, at })
}
