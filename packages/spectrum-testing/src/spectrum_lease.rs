//! spectrum-lease in the suite: how it is deployed, and the suite's helpers for it.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal};
use cw_multi_test::{App, AppResponse, Executor};
use serde::de::DeserializeOwned;
use spectrum_types::spectrum_lease::{
    self, ApprovalPolicy, CapacityResponse, ExecuteMsg, LeaseResponse, LicenseTerms, QueryMsg,
    ReceiveMsg,
};
use spectrum_types::{AssetUnchecked, Band};

use crate::context::{attr, contract_err, instantiate, DeployContext, Suite, NATIVE_DENOM};
use crate::contracts;

/// Bucket length the suite deploys spectrum-lease with (one hour).
pub const LEASE_BUCKET: u64 = 3_600;

/// One hour: the suite's bucket.
pub const HOUR: u64 = LEASE_BUCKET;
/// 1 MHz for one hour at [`lease_terms`]' price of 0.001 per Hz·s.
pub const MHZ_HOUR: u128 = 3_600_000;
/// Bandcoin each party of [`lease_setup`] starts with.
pub const LEASE_FUNDS: u128 = 1_000_000_000_000;

/// The lease tests' setting: an approved `mno` with one registered license, and two
/// micro-operators; all three hold [`LEASE_FUNDS`] Bandcoin.
pub struct LeaseEnv {
    /// The suite.
    pub suite: Suite,
    /// The license holder (approved).
    pub mno: Addr,
    /// A micro-operator.
    pub mo: Addr,
    /// Another micro-operator.
    pub mo2: Addr,
    /// The registered license.
    pub license: u64,
}

/// [`LeaseEnv`] with [`lease_terms`] under `policy`.
pub fn lease_setup(policy: ApprovalPolicy) -> LeaseEnv {
    lease_setup_with(|now| lease_terms(now, policy))
}

/// [`LeaseEnv`] whose license has the terms `terms(now)`.
pub fn lease_setup_with(terms: impl Fn(u64) -> LicenseTerms) -> LeaseEnv {
    let mut suite = Suite::builder()
        .with_bandcoin("mno", LEASE_FUNDS)
        .with_bandcoin("mo", LEASE_FUNDS)
        .with_bandcoin("mo2", LEASE_FUNDS)
        .build();
    let (mno, mo, mo2) = (suite.addr("mno"), suite.addr("mo"), suite.addr("mo2"));
    suite.lease_approve_mno(&mno).unwrap();
    let t = terms(suite.now());
    let license = suite.lease_register(&mno, t).unwrap();
    LeaseEnv {
        suite,
        mno,
        mo,
        mo2,
        license,
    }
}

impl LeaseEnv {
    /// `mo` requests `bandwidth_hz` for `duration` from the start of bucket `k` (see
    /// [`Suite::lease_bucket_start`]), paying `amount`; returns (start, lease id).
    pub fn mo_requests(
        &mut self,
        k: u64,
        bandwidth_hz: u64,
        duration: u64,
        amount: u128,
    ) -> (u64, u64) {
        let start = self.suite.lease_bucket_start(k);
        let id = self
            .suite
            .lease_request(
                &self.mo,
                self.license,
                bandwidth_hz,
                start,
                duration,
                amount,
            )
            .unwrap();
        (start, id)
    }

    /// Asserts that `amount` has moved from `mo` to `mno` since the start.
    pub fn assert_mo_paid_mno(&self, amount: u128) {
        assert_eq!(self.suite.bandcoin_balance(&self.mo), LEASE_FUNDS - amount);
        assert_eq!(self.suite.bandcoin_balance(&self.mno), LEASE_FUNDS + amount);
    }
}

/// Deploys spectrum-lease as the suite wires it: paid in Bandcoin, hourly buckets, leases
/// of at most 168 buckets booked at most 720 buckets ahead.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contracts::spectrum_lease(),
        &ctx.admin,
        &spectrum_lease::InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            reputation_gate: None,
            bucket_seconds: Some(LEASE_BUCKET),
            max_lease_buckets: Some(168),
            horizon_buckets: Some(720),
            reputation_recorder: None,
        },
        "spectrum-lease",
    )
}

/// Terms used by most tests: a 100 MHz band at 3.5 GHz, W = 10 MHz, p_s = 0.001 per
/// Hz·s, 1 to 24 hours, valid for 60 days after `now`.
pub fn lease_terms(now: u64, policy: ApprovalPolicy) -> LicenseTerms {
    LicenseTerms {
        band: Band {
            from_hz: 3_500_000_000,
            to_hz: 3_600_000_000,
        },
        region_id: "campus-7".into(),
        bandwidth_hz: 10_000_000,
        valid_until: now + 60 * 86_400,
        price_per_hz_second: Decimal::permille(1),
        min_duration: LEASE_BUCKET,
        max_duration: 24 * LEASE_BUCKET,
        policy,
    }
}

/// The spectrum-lease error behind a failed call.
pub fn lease_err<T: std::fmt::Debug>(result: AnyResult<T>) -> ::spectrum_lease::ContractError {
    contract_err(result)
}

impl Suite {
    /// A second spectrum-lease paid in the native denom, configured like the suite's.
    pub fn deploy_native_lease(&mut self) -> Addr {
        let admin = self.admin.clone();
        instantiate(
            &mut self.app,
            contracts::spectrum_lease(),
            &admin,
            &spectrum_lease::InstantiateMsg {
                admin: Some(admin.to_string()),
                payment: AssetUnchecked::Native {
                    denom: NATIVE_DENOM.into(),
                },
                reputation_gate: None,
                bucket_seconds: Some(LEASE_BUCKET),
                max_lease_buckets: Some(168),
                horizon_buckets: Some(720),
                reputation_recorder: None,
            },
            "spectrum-lease-native",
        )
    }

    /// The bucket boundary `k` buckets after the current bucket's start (k ≥ 1 is in the future).
    pub fn lease_bucket_start(&self, k: u64) -> u64 {
        (self.now() / LEASE_BUCKET + k) * LEASE_BUCKET
    }

    /// Executes `msg` on spectrum-lease as `sender` without funds.
    pub fn lease_exec(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.lease.clone(), msg, &[])
    }

    /// Queries spectrum-lease.
    pub fn lease_query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.lease, msg)
            .expect("spectrum-lease query")
    }

    /// The admin approves `mno`.
    pub fn lease_approve_mno(&mut self, mno: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.lease_exec(
            &admin,
            &ExecuteMsg::ApproveMno {
                mno: mno.to_string(),
            },
        )
    }

    /// `sender` tries to approve `mno` (only the admin may).
    pub fn lease_approve_mno_as(&mut self, sender: &Addr, mno: &Addr) -> AnyResult<AppResponse> {
        self.lease_exec(
            sender,
            &ExecuteMsg::ApproveMno {
                mno: mno.to_string(),
            },
        )
    }

    /// `mno` registers a license; returns its id.
    pub fn lease_register(&mut self, mno: &Addr, terms: LicenseTerms) -> AnyResult<u64> {
        let resp = self.lease_exec(mno, &ExecuteMsg::RegisterLicense { terms })?;
        Ok(attr(&resp, "license_id").parse()?)
    }

    /// Sends `amount` Bandcoin from `from` to spectrum-lease with `hook`.
    pub fn lease_send(
        &mut self,
        from: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let lease = self.lease.clone();
        self.bandcoin_send(from, &lease, amount, hook)
    }

    /// `mo` requests a lease paying `amount` Bandcoin; returns the new lease id.
    pub fn lease_request(
        &mut self,
        mo: &Addr,
        license_id: u64,
        bandwidth_hz: u64,
        start: u64,
        duration: u64,
        amount: u128,
    ) -> AnyResult<u64> {
        let resp = self.lease_send(
            mo,
            amount,
            &ReceiveMsg::RequestLease {
                license_id,
                bandwidth_hz,
                start,
                duration,
            },
        )?;
        Ok(attr(&resp, "lease_id").parse()?)
    }

    /// `mno` revokes `lease_id`, paying the refund the contract quotes now (a refused
    /// quote, say for a lease that is not running, sends the plain message, which the
    /// contract refuses with the same error).
    pub fn lease_revoke(&mut self, mno: &Addr, lease_id: u64) -> AnyResult<AppResponse> {
        let quote: cosmwasm_std::StdResult<spectrum_lease::RevocationRefundResponse> = self
            .app
            .wrap()
            .query_wasm_smart(&self.lease, &QueryMsg::RevocationRefund { lease_id });
        match quote {
            Ok(q) if !q.refund.is_zero() => {
                self.lease_send(mno, q.refund.u128(), &ReceiveMsg::RevokeLease { lease_id })
            }
            _ => self.lease_exec(mno, &ExecuteMsg::RevokeLease { lease_id }),
        }
    }

    /// The admin points spectrum-lease's reputation recorder at `recorder`.
    pub fn lease_set_recorder(&mut self, recorder: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.lease_exec(
            &admin,
            &ExecuteMsg::UpdateConfig {
                reputation_gate: None,
                remove_reputation_gate: false,
                reputation_recorder: Some(recorder.to_string()),
                remove_reputation_recorder: false,
            },
        )
    }

    /// Capacity of a license at time `at`.
    pub fn lease_capacity(&self, license_id: u64, at: u64) -> CapacityResponse {
        self.lease_query(&QueryMsg::Capacity { license_id, at })
    }

    /// One lease.
    pub fn lease_get(&self, lease_id: u64) -> LeaseResponse {
        self.lease_query(&QueryMsg::Lease { lease_id })
    }

    /// Every lease of a license, walking all pages.
    pub fn lease_all_of_license(&self, license_id: u64) -> Vec<LeaseResponse> {
        let mut out: Vec<LeaseResponse> = vec![];
        loop {
            let page: spectrum_lease::LeasesResponse =
                self.lease_query(&QueryMsg::LeasesByLicense {
                    license_id,
                    start_after: out.last().map(|l| l.lease_id),
                    limit: Some(30),
                });
            if page.leases.is_empty() {
                return out;
            }
            out.extend(page.leases);
        }
    }
}
