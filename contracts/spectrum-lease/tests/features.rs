//! Interference reports, ratings, the reputation gate and the equilibrium query.

use cosmwasm_std::{
    to_json_binary, Binary, Decimal, Decimal256, Deps, DepsMut, Empty, Env as CwEnv, MessageInfo,
    Response, StdError, StdResult,
};
use cw_multi_test::{ContractWrapper, Executor};
use cw_storage_plus::Item;
use spectrum_lease::ContractError;
use spectrum_testing::spectrum_lease::{lease_err, lease_terms};
use spectrum_testing::spectrum_lease::{lease_setup, HOUR, LEASE_FUNDS, MHZ_HOUR};
use spectrum_testing::Suite;
use spectrum_types::error::CommonError;
use spectrum_types::node_reputation::TradeRating;
use spectrum_types::node_reputation::{
    ExecuteMsg as RepExecute, NodeStatus, QualificationResponse, QueryMsg as RepQuery,
};
use spectrum_types::spectrum_lease::{
    ApprovalPolicy, ConfigResponse, ExecuteMsg, InterferenceReportsResponse,
    InterferenceSummaryResponse, MoEquilibriumResponse, PowRegime, QueryMsg, RatingsResponse,
};
use spectrum_types::{Band, GateError, ReputationGateMsg};

fn report(lease_id: u64, level: i64, time: u64) -> ExecuteMsg {
    ExecuteMsg::ReportInterference {
        lease_id,
        level_cdbm: level,
        location: "hall-3".into(),
        time,
        band: Band {
            from_hz: 3_500_000_000,
            to_hz: 3_510_000_000,
        },
    }
}

#[test]
fn interference_reports_are_stored_summarised_and_the_mno_sets_the_margin() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let (s, id) = env.mo_requests(1, 1_000_000, 4 * HOUR, 4 * MHZ_HOUR);
    env.suite.advance_seconds(s - env.suite.now() + 100);
    env.suite
        .lease_exec(&env.mo, &report(id, -9050, s + 10))
        .unwrap();
    env.suite
        .lease_exec(&env.mo, &report(id, -7000, s + 50))
        .unwrap();
    env.suite.advance_seconds(2 * HOUR);
    let now = env.suite.now();
    env.suite
        .lease_exec(&env.mo, &report(id, -8000, now))
        .unwrap();
    // a report in the future or outside the license's band is refused
    let err = env.suite.lease_exec(&env.mo, &report(id, -1, now + 1));
    assert!(matches!(
        lease_err(err),
        ContractError::InvalidReportTime { .. }
    ));
    let err = env.suite.lease_exec(
        &env.mo,
        &ExecuteMsg::ReportInterference {
            lease_id: id,
            level_cdbm: -1,
            location: "x".into(),
            time: now,
            band: Band {
                from_hz: 3_400_000_000,
                to_hz: 3_510_000_000,
            },
        },
    );
    assert_eq!(lease_err(err), ContractError::BandOutsideLicense {});

    let page: InterferenceReportsResponse = env.suite.lease_query(&QueryMsg::InterferenceReports {
        license_id: env.license,
        start_after: Some(1),
        limit: Some(1),
    });
    assert_eq!(page.reports.len(), 1);
    assert_eq!(page.reports[0].level_cdbm, -7000);
    assert_eq!(page.reports[0].reporter, env.mo);
    let all: InterferenceSummaryResponse = env.suite.lease_query(&QueryMsg::InterferenceSummary {
        license_id: env.license,
        window_buckets: None,
    });
    assert_eq!(all.count, 3);
    assert_eq!(all.max_level_cdbm, Some(-7000));
    assert_eq!(all.latest.unwrap().level_cdbm, -8000);
    assert_eq!(all.window_count, 3);
    // a one-bucket window only sees the latest report
    let recent: InterferenceSummaryResponse =
        env.suite.lease_query(&QueryMsg::InterferenceSummary {
            license_id: env.license,
            window_buckets: Some(1),
        });
    assert_eq!(recent.window_count, 1);
    assert_eq!(recent.window_max_level_cdbm, Some(-8000));

    // only the MNO changes the margin
    let margin = |m| ExecuteMsg::UpdateLicense {
        license_id: env.license,
        price_per_hz_second: None,
        bandwidth_hz: None,
        interference_margin_hz: Some(m),
    };
    let err = env.suite.lease_exec(&env.mo2, &margin(500_000));
    assert!(matches!(
        lease_err(err),
        ContractError::NotLicenseMno { .. }
    ));
    env.suite.lease_exec(&env.mno, &margin(500_000)).unwrap();
    let summary: InterferenceSummaryResponse =
        env.suite.lease_query(&QueryMsg::InterferenceSummary {
            license_id: env.license,
            window_buckets: None,
        });
    assert_eq!(summary.interference_margin_hz, 500_000);
    assert_eq!(
        env.suite.lease_capacity(env.license, now).capacity_hz,
        9_500_000
    );
}

const RECORDED: Item<u32> = Item::new("recorded");

fn recorder_execute(
    deps: DepsMut,
    _env: CwEnv,
    _info: MessageInfo,
    msg: RepExecute,
) -> StdResult<Response> {
    match msg {
        RepExecute::RecordInteraction { positive, .. } => {
            let n = RECORDED.may_load(deps.storage)?.unwrap_or(0);
            RECORDED.save(deps.storage, &(n + 1))?;
            Ok(Response::new().add_attribute("positive", positive.to_string()))
        }
        _ => Err(StdError::generic_err("unexpected")),
    }
}

fn recorder_query(deps: Deps, _env: CwEnv, msg: RepQuery) -> StdResult<Binary> {
    match msg {
        // the number of recorded interactions, reported as a score
        RepQuery::Qualification { address } => to_json_binary(&QualificationResponse {
            qualified: address.contains('0') || address.len() > 3,
            score: Decimal::from_ratio(RECORDED.may_load(deps.storage)?.unwrap_or(0), 1u32),
            status: NodeStatus::Approved,
        }),
        _ => Err(StdError::generic_err("unexpected")),
    }
}

fn recorder_instantiate(_: DepsMut, _: CwEnv, _: MessageInfo, _: Empty) -> StdResult<Response> {
    Ok(Response::new())
}

#[test]
fn each_side_rates_a_finished_lease_once_and_it_is_recorded() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    let code = env.suite.app.store_code(Box::new(ContractWrapper::new(
        recorder_execute,
        recorder_instantiate,
        recorder_query,
    )));
    let admin = env.suite.admin.clone();
    let recorder = env
        .suite
        .app
        .instantiate_contract(code, admin.clone(), &Empty {}, &[], "recorder", None)
        .unwrap();
    env.suite.lease_set_recorder(&recorder).unwrap();
    let (s, id) = env.mo_requests(1, 1_000_000, HOUR, MHZ_HOUR);
    let rate = |quality| ExecuteMsg::RateLease {
        lease_id: id,
        positive: quality >= 50,
        quality,
    };
    let err = env.suite.lease_exec(&env.mo, &rate(100));
    assert_eq!(lease_err(err), ContractError::NotFinished { lease_id: id });
    env.suite.advance_seconds(s + HOUR - env.suite.now());
    let err = env.suite.lease_exec(&env.mo2, &rate(100));
    assert!(matches!(
        lease_err(err),
        ContractError::NotLeaseParty { .. }
    ));
    let err = env.suite.lease_exec(&env.mo, &rate(101));
    assert_eq!(
        lease_err(err),
        ContractError::InvalidQuality { quality: 101 }
    );
    env.suite.lease_exec(&env.mo, &rate(100)).unwrap();
    let err = env.suite.lease_exec(&env.mo, &rate(75));
    assert_eq!(lease_err(err), ContractError::AlreadyRated { lease_id: id });
    env.suite.lease_exec(&env.mno, &rate(25)).unwrap();
    let ratings: RatingsResponse = env.suite.lease_query(&QueryMsg::Ratings { lease_id: id });
    assert_eq!(
        ratings.by_mo,
        Some(TradeRating {
            positive: true,
            quality: 100
        })
    );
    assert_eq!(
        ratings.by_mno,
        Some(TradeRating {
            positive: false,
            quality: 25
        })
    );
    let q: QualificationResponse = env
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &recorder,
            &RepQuery::Qualification {
                address: "x".into(),
            },
        )
        .unwrap();
    assert_eq!(q.score, Decimal::from_ratio(2u32, 1u32));
}

#[test]
fn reputation_gate_qualifies_mnos_and_refuses_unqualified_mos() {
    let mut suite = Suite::builder().with_bandcoin("mo", LEASE_FUNDS).build();
    // the mock gate: qualified iff score (recorded count, 0 here) >= min_score (0)
    // and the address is long, i.e. every real address; min_score 0.5 refuses all
    let code = suite.app.store_code(Box::new(ContractWrapper::new(
        recorder_execute,
        recorder_instantiate,
        recorder_query,
    )));
    let admin = suite.admin.clone();
    let gate = suite
        .app
        .instantiate_contract(code, admin.clone(), &Empty {}, &[], "gate", None)
        .unwrap();
    let set_gate = |min: u64| ExecuteMsg::UpdateConfig {
        reputation_gate: Some(ReputationGateMsg {
            contract: gate.to_string(),
            min_score: Decimal::percent(min),
        }),
        remove_reputation_gate: false,
        reputation_recorder: None,
        remove_reputation_recorder: false,
    };
    suite.lease_exec(&admin, &set_gate(0)).unwrap();
    let mno = suite.addr("mno");
    let mo = suite.addr("mo");
    let now = suite.now();
    // not approved by the admin but qualified through the gate
    let license = suite
        .lease_register(&mno, lease_terms(now, ApprovalPolicy::Automatic))
        .unwrap();
    suite.lease_exec(&admin, &set_gate(50)).unwrap();
    let s = suite.lease_bucket_start(1);
    let err = suite.lease_request(&mo, license, 1_000_000, s, HOUR, MHZ_HOUR);
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Gate(GateError::NotQualified { .. }))
    ));
    assert_eq!(suite.bandcoin_balance(&mo), LEASE_FUNDS);
    let err = suite.lease_register(&mno, lease_terms(now, ApprovalPolicy::Automatic));
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Gate(_))
    ));

    // Changing only the recorder keeps the gate; the remove flag turns it off.
    let reputation = suite.reputation.clone();
    let only_recorder = ExecuteMsg::UpdateConfig {
        reputation_gate: None,
        remove_reputation_gate: false,
        reputation_recorder: Some(reputation.to_string()),
        remove_reputation_recorder: false,
    };
    suite.lease_exec(&admin, &only_recorder).unwrap();
    let config: ConfigResponse = suite.lease_query(&QueryMsg::Config {});
    assert_eq!(
        config.reputation_gate.map(|g| g.contract),
        Some(gate.clone())
    );
    assert_eq!(config.reputation_recorder, Some(reputation));
    let remove_both = ExecuteMsg::UpdateConfig {
        reputation_gate: None,
        remove_reputation_gate: true,
        reputation_recorder: None,
        remove_reputation_recorder: true,
    };
    suite.lease_exec(&admin, &remove_both).unwrap();
    let config: ConfigResponse = suite.lease_query(&QueryMsg::Config {});
    assert_eq!(config.reputation_gate, None);
    assert_eq!(config.reputation_recorder, None);
}

#[test]
fn equilibrium_query_follows_the_papers_three_regimes() {
    let env = lease_setup(ApprovalPolicy::Automatic);
    let d = |s: &str| s.parse::<Decimal256>().unwrap();
    let q = |p_w: &str| -> MoEquilibriumResponse {
        env.suite.lease_query(&QueryMsg::MoEquilibrium {
            p_s: d("0.15"),
            gamma: d("0.7"),
            p_w: d(p_w),
        })
    };
    let low = q("0.1");
    assert_eq!(low.regime, PowRegime::SpareOnly);
    assert!(d("0.1") < low.m1 && low.m1 < low.m2);
    assert_eq!(low.m, d("0.7"));
    let p = low.p_m.unwrap();
    assert!(p > d("0.3139") && p < d("0.3140"));
    assert_eq!(q("0.3").users_utility, low.users_utility);
    let mid = q("0.4");
    assert_eq!(mid.regime, PowRegime::Shared);
    assert!(mid.users_utility < low.users_utility && mid.m > low.m);
    let high = q("0.5");
    assert_eq!(high.regime, PowRegime::PowOnly);
    assert_eq!(high.p_m, None);
    assert_eq!(high.m, Decimal256::one());
    assert_eq!(high.profit, d("0.5"));
}

#[test]
fn rating_is_recorded_in_the_real_node_reputation_contract() {
    let mut env = lease_setup(ApprovalPolicy::Automatic);
    env.suite.register_suite_reporters();
    let reputation = env.suite.reputation.clone();
    env.suite.lease_set_recorder(&reputation).unwrap();
    let (s, id) = env.mo_requests(1, 1_000_000, HOUR, MHZ_HOUR);
    env.suite.advance_seconds(s + HOUR - env.suite.now());
    env.suite
        .lease_exec(
            &env.mo,
            &ExecuteMsg::RateLease {
                lease_id: id,
                positive: true,
                quality: 100,
            },
        )
        .unwrap();
    env.suite
        .lease_exec(
            &env.mno,
            &ExecuteMsg::RateLease {
                lease_id: id,
                positive: false,
                quality: 100,
            },
        )
        .unwrap();
    let by_mo = env.suite.reputation_pair(&env.mo, &env.mno);
    assert_eq!((by_mo.positive, by_mo.negative), (1, 0));
    assert_eq!(by_mo.quality, Decimal::one());
    let by_mno = env.suite.reputation_pair(&env.mno, &env.mo);
    assert_eq!((by_mno.positive, by_mno.negative), (0, 1));
}

#[test]
fn native_payment_deployment_takes_funds_and_the_mno_pays_revocations_in_funds() {
    use cosmwasm_std::coins;
    use spectrum_testing::NATIVE_DENOM;
    let mut suite = Suite::builder()
        .with_native("mno", LEASE_FUNDS)
        .with_native("mo", LEASE_FUNDS)
        .build();
    let admin = suite.admin.clone();
    let code = suite
        .app
        .store_code(spectrum_testing::contracts::spectrum_lease());
    let lease = suite
        .app
        .instantiate_contract(
            code,
            admin.clone(),
            &spectrum_types::spectrum_lease::InstantiateMsg {
                admin: None,
                payment: spectrum_types::AssetUnchecked::Native {
                    denom: NATIVE_DENOM.into(),
                },
                reputation_gate: None,
                bucket_seconds: Some(HOUR),
                max_lease_buckets: None,
                horizon_buckets: None,
                reputation_recorder: None,
            },
            &[],
            "lease-native",
            None,
        )
        .unwrap();
    let (mno, mo) = (suite.addr("mno"), suite.addr("mo"));
    let exec = |suite: &mut Suite, who: &cosmwasm_std::Addr, msg: &ExecuteMsg, funds: u128| {
        let funds = if funds == 0 {
            vec![]
        } else {
            coins(funds, NATIVE_DENOM)
        };
        suite
            .app
            .execute_contract(who.clone(), lease.clone(), msg, &funds)
    };
    exec(
        &mut suite,
        &admin,
        &ExecuteMsg::ApproveMno {
            mno: mno.to_string(),
        },
        0,
    )
    .unwrap();
    let now = suite.now();
    exec(
        &mut suite,
        &mno,
        &ExecuteMsg::RegisterLicense {
            terms: lease_terms(now, ApprovalPolicy::Automatic),
        },
        0,
    )
    .unwrap();
    let start = suite.lease_bucket_start(1);
    let request = ExecuteMsg::RequestLease {
        license_id: 1,
        bandwidth_hz: 1_000_000,
        start,
        duration: 2 * HOUR,
    };
    let err = exec(&mut suite, &mo, &request, 2 * MHZ_HOUR - 1);
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Payment(
            spectrum_types::PaymentError::WrongAmount { .. }
        ))
    ));
    exec(&mut suite, &mo, &request, 2 * MHZ_HOUR).unwrap();
    assert_eq!(suite.native_balance(&mno), LEASE_FUNDS + 2 * MHZ_HOUR);
    // revoke after one hour: half refunded, paid by the MNO with the message
    suite.advance_seconds(start + HOUR - now);
    let revoke = ExecuteMsg::RevokeLease { lease_id: 1 };
    let err = exec(&mut suite, &mno, &revoke, 0);
    assert!(matches!(
        lease_err(err),
        ContractError::Common(CommonError::Payment(
            spectrum_types::PaymentError::NoFunds { .. }
        ))
    ));
    exec(&mut suite, &mno, &revoke, MHZ_HOUR).unwrap();
    assert_eq!(suite.native_balance(&mno), LEASE_FUNDS + MHZ_HOUR);
    assert_eq!(suite.native_balance(&mo), LEASE_FUNDS - MHZ_HOUR);
    assert_eq!(suite.native_balance(&lease), 0);
}
