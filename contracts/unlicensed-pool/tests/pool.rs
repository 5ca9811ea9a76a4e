//! Behaviour of the pool through cw-multi-test.

use cosmwasm_std::{coins, Decimal, Uint128, Uint64};
use cw_multi_test::Executor;
use spectrum_testing::attr;
use spectrum_testing::unlicensed_pool::{
    paper_instantiate_msg, pool_err, pool_setup, pool_setup_started, MHZ, PAPER_BANDWIDTH_HZ,
    PAPER_SUPPLY, TOKEN,
};
use spectrum_types::error::CommonError;
use spectrum_types::unlicensed_pool::ExecuteMsg;
use spectrum_types::{GateError, ReputationGateMsg};
use unlicensed_pool::ContractError;

#[test]
fn instantiate_keeps_the_paper_setting_and_holds_the_supply_unallocated() {
    let (suite, members) = pool_setup(&["op1", "op2"], |_| {});
    let cfg = suite.pool_config();
    assert_eq!(cfg.admin, Some(suite.admin.clone()));
    assert_eq!(cfg.total_bandwidth_hz, PAPER_BANDWIDTH_HZ);
    assert_eq!(cfg.token_value_hz_s, Uint64::new(180_000));
    assert_eq!(cfg.initial_supply, Uint128::new(PAPER_SUPPLY));
    assert_eq!((cfg.slot_seconds, cfg.round_slots), (1, 60));
    assert_eq!((cfg.max_members, cfg.max_slots_per_claim), (100, 60));
    let round = suite.pool_round();
    assert_eq!(round.round, 0);
    assert!(!round.in_progress);
    assert_eq!(round.members, 2);
    assert_eq!(round.unallocated, Uint128::new(PAPER_SUPPLY));
    assert_eq!(
        suite.pool_balances(),
        vec![(members[0].clone(), 0), (members[1].clone(), 0)]
    );
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

/// A change to an instantiate message.
type Change = Box<dyn Fn(&mut spectrum_types::unlicensed_pool::InstantiateMsg)>;

#[test]
fn instantiate_refuses_invalid_settings() {
    let (mut suite, members) = pool_setup(&["op1"], |_| {});
    let admin = suite.admin.clone();
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|m| m.total_bandwidth_hz = 0), "total_bandwidth_hz"),
        (
            Box::new(|m| m.token_value_hz_s = Some(Uint64::zero())),
            "token_value_hz_s",
        ),
        (
            Box::new(|m| m.initial_supply = Uint128::zero()),
            "initial_supply",
        ),
        (Box::new(|m| m.slot_seconds = 0), "slot_seconds"),
        (Box::new(|m| m.round_slots = Some(0)), "round_slots"),
        (
            Box::new(|m| {
                m.slot_seconds = 86_400;
                m.round_slots = Some(10 * 366);
            }),
            "round_slots",
        ),
        (Box::new(|m| m.max_members = Some(101)), "max_members"),
        (
            Box::new(|m| m.max_slots_per_claim = Some(601)),
            "max_slots_per_claim",
        ),
    ];
    for (change, field) in cases {
        let mut msg = paper_instantiate_msg(&admin, &members);
        change(&mut msg);
        let err = pool_err(suite.pool_try_instantiate(&msg));
        assert!(
            matches!(err, ContractError::Common(CommonError::InvalidConfig { field: ref f, .. }) if f == field),
            "{field}: {err:?}"
        );
    }
    let mut msg = paper_instantiate_msg(&admin, &[members[0].clone(), members[0].clone()]);
    let err = pool_err(suite.pool_try_instantiate(&msg));
    assert_eq!(
        err,
        ContractError::AlreadyMember {
            address: members[0].to_string()
        }
    );
    msg.members = vec![members[0].to_string(), suite.addr("op2").to_string()];
    msg.max_members = Some(1);
    let err = pool_err(suite.pool_try_instantiate(&msg));
    assert_eq!(err, ContractError::TooManyMembers { max: 1 });
}

#[test]
fn start_round_splits_the_supply_equally_and_keeps_the_remainder_in_the_pool() {
    // M = 100 micro-tokens among 3 members: 33 each, and 1 stays unallocated.
    let (mut suite, members) =
        pool_setup(&["a", "b", "c"], |m| m.initial_supply = Uint128::new(100));
    let res = suite.pool_start_round().unwrap();
    assert_eq!(attr(&res, "base_share"), "33");
    assert_eq!(attr(&res, "unallocated"), "1");
    let first: Vec<u128> = suite.pool_balances().iter().map(|(_, b)| *b).collect();
    assert_eq!(first, vec![33, 33, 33]);
    suite.assert_pool_supply_is(100);
    let round = suite.pool_round();
    assert_eq!(round.round, 1);
    assert!(round.in_progress);
    assert_eq!(round.coming_slot, Some(0));
    assert_eq!(round.current_slot, None);
    assert_eq!(round.unallocated, Uint128::new(1));
    // Every round starts again from M: balances are reset, whatever happened before.
    suite.pool_claim(&members[0], 1, 1).unwrap();
    assert_eq!(suite.pool_balance(&members[0]), 27);
    suite.advance_seconds(61);
    assert!(!suite.pool_round().in_progress);
    suite.pool_start_round().unwrap();
    let second: Vec<u128> = suite.pool_balances().iter().map(|(_, b)| *b).collect();
    assert_eq!(second, vec![33, 33, 33]);
    assert_eq!(suite.pool_round().round, 2);
    assert_eq!(suite.pool_round().unallocated, Uint128::new(1));
    suite.assert_pool_supply_is(100);
}

#[test]
fn claim_debits_the_cost_and_credits_the_other_member() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    assert_eq!(suite.pool_balance(&m[0]), 900 * TOKEN);
    // 90 MHz for one one-second slot = 90e6 / 180e3 = 500 tokens.
    let res = suite.pool_claim(&m[0], 90 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), 400 * TOKEN);
    assert_eq!(suite.pool_balance(&m[1]), 1400 * TOKEN);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
    let attr = |k: &str| attr(&res, k);
    assert_eq!(attr("action"), "claim");
    assert_eq!(attr("cost"), (500 * TOKEN).to_string());
    assert_eq!(attr("first_slot"), "0");
    assert_eq!(attr("recipients"), "1");
    assert_eq!(attr("share"), (500 * TOKEN).to_string());
    assert_eq!(attr("to_pool"), "0");
    // The bandwidth is held in slot 0.
    let (used, claims) = suite.pool_claims_for_slot(0);
    assert_eq!(used, 90 * MHZ);
    assert_eq!(claims, vec![(m[0].clone(), 90 * MHZ)]);
}

#[test]
fn spent_tokens_are_shared_by_all_other_members_and_the_remainder_goes_to_the_pool() {
    let (mut suite, m) = pool_setup_started(&["a", "b", "c", "d"]);
    let start = 450 * TOKEN;
    // 1 Hz·s costs ceil(1e6 / 180000) = 6 micro-tokens: 2 each to the three others.
    suite.pool_claim(&m[0], 1, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), start - 6);
    for other in &m[1..] {
        assert_eq!(suite.pool_balance(other), start + 2);
    }
    // 4 Hz·s cost 23 = 7·3 + 2 micro-tokens: 7 to each other member (the first claimant
    // included) and the 2 left over to the pool, which shares them out at the next round.
    let res = suite.pool_claim(&m[1], 4, 1).unwrap();
    assert_eq!(attr(&res, "share"), "7");
    assert_eq!(attr(&res, "to_pool"), "2");
    assert_eq!(suite.pool_balance(&m[0]), start - 6 + 7);
    assert_eq!(suite.pool_balance(&m[1]), start + 2 - 23);
    assert_eq!(suite.pool_balance(&m[2]), start + 2 + 7);
    assert_eq!(suite.pool_balance(&m[3]), start + 2 + 7);
    assert_eq!(suite.pool_round().unallocated, Uint128::new(2));
    suite.pool_claim(&m[2], 4, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), start + 1 + 7);
    assert_eq!(suite.pool_balance(&m[1]), start - 21 + 7);
    assert_eq!(suite.pool_balance(&m[2]), start + 9 - 23);
    assert_eq!(suite.pool_balance(&m[3]), start + 9 + 7);
    assert_eq!(suite.pool_round().unallocated, Uint128::new(4));
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn one_claim_in_a_full_pool_credits_each_of_the_other_99_members() {
    let labels: Vec<String> = (0..100).map(|i| format!("op{i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let (mut suite, m) = pool_setup(&labels, |_| {});
    suite.pool_start_round().unwrap();
    let base = PAPER_SUPPLY / 100;
    // 180 kHz for one second costs one token: 10 101 micro-tokens to each of the 99 others
    // and the 1 left over to the pool.
    suite.pool_claim(&m[42], 180_000, 1).unwrap();
    let balances = suite.pool_balances();
    assert_eq!(balances.len(), 100);
    for (address, balance) in balances {
        let expected = if address == m[42] {
            base - TOKEN
        } else {
            base + 10_101
        };
        assert_eq!(balance, expected, "{address}");
    }
    assert_eq!(suite.pool_round().unallocated, Uint128::new(1));
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn claim_above_total_bandwidth_err() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    let err = pool_err(suite.pool_claim(&m[0], PAPER_BANDWIDTH_HZ + 1, 1));
    assert_eq!(
        err,
        ContractError::ExceedsTotalBandwidth {
            requested: PAPER_BANDWIDTH_HZ + 1,
            total: PAPER_BANDWIDTH_HZ
        }
    );
    assert_eq!(suite.pool_balance(&m[0]), 900 * TOKEN);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn claim_by_non_member_err() {
    let (mut suite, _) = pool_setup_started(&["op1", "op2"]);
    let stranger = suite.addr("stranger");
    let err = pool_err(suite.pool_claim(&stranger, MHZ, 1));
    assert_eq!(
        err,
        ContractError::NotMember {
            address: stranger.to_string()
        }
    );
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn zero_bandwidth_or_zero_slots_err() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    assert_eq!(
        pool_err(suite.pool_claim(&m[0], 0, 1)),
        ContractError::ZeroBandwidth {}
    );
    assert_eq!(
        pool_err(suite.pool_claim(&m[0], MHZ, 0)),
        ContractError::ZeroSlots {}
    );
    assert_eq!(
        pool_err(suite.pool_claim(&m[0], MHZ, 61)),
        ContractError::TooManySlots {
            requested: 61,
            max: 60
        }
    );
    assert_eq!(suite.pool_balance(&m[0]), 900 * TOKEN);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn claim_beyond_balance_err_locks_out_until_others_spend() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    // 162 MHz·s = 900 tokens: the whole balance.
    suite.pool_claim(&m[0], 162 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), 0);
    let err = pool_err(suite.pool_claim(&m[0], 1, 1));
    assert_eq!(
        err,
        ContractError::InsufficientBalance {
            cost: Uint128::new(6),
            balance: Uint128::zero()
        }
    );
    // Even a claim the slot could take is refused beyond the balance, and nothing moves.
    suite.advance_seconds(1);
    suite.pool_claim(&m[1], 18 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), 100 * TOKEN);
    let err = pool_err(suite.pool_claim(&m[0], 20 * MHZ, 1));
    assert_eq!(
        err,
        ContractError::InsufficientBalance {
            cost: Uint128::new(111_111_112),
            balance: Uint128::new(100 * TOKEN)
        }
    );
    // The refill lets the member back in.
    suite.pool_claim(&m[0], 18 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), 0);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn slot_never_exceeds_total_bandwidth() {
    let (mut suite, m) = pool_setup(&["op1", "op2", "op3"], |msg| {
        msg.initial_supply = Uint128::new(1_000_000 * TOKEN)
    });
    suite.pool_start_round().unwrap();
    suite.pool_claim(&m[0], 300 * MHZ, 2).unwrap();
    suite.pool_claim(&m[1], 200 * MHZ, 1).unwrap();
    let err = pool_err(suite.pool_claim(&m[2], 41 * MHZ, 1));
    assert_eq!(
        err,
        ContractError::SlotFull {
            slot: 0,
            requested: 41 * MHZ,
            available: 40 * MHZ
        }
    );
    suite.pool_claim(&m[2], 40 * MHZ, 1).unwrap();
    // A multi-slot claim is refused as a whole when any slot is short.
    suite.pool_goto_slot_start(0);
    let err = pool_err(suite.pool_claim(&m[2], 240 * MHZ + 1, 3));
    assert_eq!(
        err,
        ContractError::SlotFull {
            slot: 1,
            requested: 240 * MHZ + 1,
            available: 240 * MHZ
        }
    );
    assert!(suite
        .pool_slot_history(None, None)
        .slots
        .iter()
        .all(|s| s.used_hz <= PAPER_BANDWIDTH_HZ));
    assert_eq!(suite.pool_claims_for_slot(0).0, PAPER_BANDWIDTH_HZ);
    assert_eq!(suite.pool_claims_for_slot(1).0, 300 * MHZ);
    assert_eq!(suite.pool_claims_for_slot(2).0, 0);
    suite.assert_pool_supply_is(1_000_000 * TOKEN);
}

#[test]
fn claims_cover_the_coming_slots_of_the_slot_clock() {
    let (mut suite, m) = pool_setup(&["op1", "op2"], |msg| {
        msg.slot_seconds = 10;
        msg.round_slots = Some(5);
        msg.initial_supply = Uint128::new(1_000_000 * TOKEN);
    });
    suite.pool_start_round().unwrap();
    // Before slot 0 begins, a claim starts at slot 0.
    suite.pool_claim(&m[0], MHZ, 2).unwrap();
    // During slot 0 (5 s in), a claim starts at slot 1.
    suite.pool_goto_slot_start(0);
    suite.advance_seconds(5);
    assert_eq!(suite.pool_round().current_slot, Some(0));
    suite.pool_claim(&m[1], 2 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_claims_for_slot(0).1, vec![(m[0].clone(), MHZ)]);
    let (used1, _) = suite.pool_claims_for_slot(1);
    assert_eq!(used1, 3 * MHZ);
    // Cost counts slot length: 1 MHz × 10 s × 2 slots / 180 kHz·s = 111.11… tokens.
    assert_eq!(
        suite.pool_balance(&m[0]),
        500_000 * TOKEN - 111_111_112 + 111_111_112
    );
    // During slot 3 only slot 4 is left: two slots run past the round.
    suite.pool_goto_slot_start(3);
    let err = pool_err(suite.pool_claim(&m[0], MHZ, 2));
    assert_eq!(
        err,
        ContractError::BeyondRound {
            last_slot: 5,
            round_slots: 5
        }
    );
    suite.pool_claim(&m[0], MHZ, 1).unwrap();
    // During the last slot nothing is left to claim.
    suite.pool_goto_slot_start(4);
    assert_eq!(
        pool_err(suite.pool_claim(&m[0], MHZ, 1)),
        ContractError::NoActiveRound {}
    );
    suite.assert_pool_supply_is(1_000_000 * TOKEN);
}

#[test]
fn claim_before_any_round_err() {
    let (mut suite, m) = pool_setup(&["op1", "op2"], |_| {});
    assert_eq!(
        pool_err(suite.pool_claim(&m[0], MHZ, 1)),
        ContractError::NoActiveRound {}
    );
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn member_change_mid_round_err() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    let op3 = suite.addr("op3");
    let end = suite.pool_round().end.unwrap();
    let err = pool_err(suite.pool_add_member(&op3));
    assert_eq!(
        err,
        ContractError::RoundInProgress {
            round: 1,
            ends_at: end
        }
    );
    let err = pool_err(suite.pool_remove_member(&m[0]));
    assert_eq!(
        err,
        ContractError::RoundInProgress {
            round: 1,
            ends_at: end
        }
    );
    let err = pool_err(suite.pool_start_round());
    assert_eq!(
        err,
        ContractError::RoundInProgress {
            round: 1,
            ends_at: end
        }
    );
    assert_eq!(suite.pool_round().members, 2);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
    // After the round, members change and the next round shares M among the new set.
    suite.advance_seconds(61);
    suite.pool_add_member(&op3).unwrap();
    suite.pool_start_round().unwrap();
    for member in [&m[0], &m[1], &op3] {
        assert_eq!(suite.pool_balance(member), 600 * TOKEN);
    }
    assert_eq!(suite.pool_fair_share().fair_share_hz, 180 * MHZ);
}

#[test]
fn removed_member_balance_returns_to_the_pool_and_is_shared_next_round() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    suite.pool_claim(&m[0], 90 * MHZ, 1).unwrap();
    suite.advance_seconds(61);
    suite.pool_remove_member(&m[1]).unwrap();
    let round = suite.pool_round();
    assert_eq!(round.unallocated, Uint128::new(1400 * TOKEN));
    assert_eq!(round.members, 1);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
    assert_eq!(
        pool_err(suite.pool_remove_member(&m[1])),
        ContractError::NotMember {
            address: m[1].to_string()
        }
    );
    suite.pool_start_round().unwrap();
    assert_eq!(suite.pool_balance(&m[0]), PAPER_SUPPLY);
    // A sole member has nobody to pay: its balance stays whole.
    suite.pool_claim(&m[0], 90 * MHZ, 1).unwrap();
    assert_eq!(suite.pool_balance(&m[0]), PAPER_SUPPLY);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn round_with_no_members_err() {
    let (mut suite, m) = pool_setup(&[], |_| {});
    assert!(m.is_empty());
    assert_eq!(
        pool_err(suite.pool_start_round()),
        ContractError::NoMembers {}
    );
    assert_eq!(suite.pool_round().round, 0);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn only_the_admin_manages_members_and_rounds() {
    let (mut suite, m) = pool_setup(&["op1"], |_| {});
    let op2 = suite.addr("op2");
    let err = pool_err(suite.pool_execute(
        &m[0],
        &ExecuteMsg::AddMember {
            address: op2.to_string(),
        },
    ));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Ownership(_))
    ));
    let err = pool_err(suite.pool_execute(&m[0], &ExecuteMsg::StartRound {}));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Ownership(_))
    ));
    assert_eq!(
        pool_err(suite.pool_add_member(&m[0])),
        ContractError::AlreadyMember {
            address: m[0].to_string()
        }
    );
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn member_list_is_bounded() {
    let (mut suite, _) = pool_setup(&["a", "b"], |msg| msg.max_members = Some(2));
    let c = suite.addr("c");
    assert_eq!(
        pool_err(suite.pool_add_member(&c)),
        ContractError::TooManyMembers { max: 2 }
    );
}

#[test]
fn funds_are_refused() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    let admin = suite.admin.clone();
    suite
        .app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: m[0].to_string(),
                amount: coins(10, "ustake"),
            },
        ))
        .unwrap();
    let res = suite.app.execute_contract(
        m[0].clone(),
        suite.pool.clone(),
        &ExecuteMsg::Claim {
            bandwidth_hz: MHZ,
            slots: 1,
        },
        &coins(10, "ustake"),
    );
    assert!(matches!(
        pool_err(res),
        ContractError::Common(CommonError::Payment(_))
    ));
    assert_eq!(
        suite
            .app
            .wrap()
            .query_balance(&m[0], "ustake")
            .unwrap()
            .amount
            .u128(),
        10
    );
    let _ = admin;
}

#[test]
fn queries_report_fair_share_usage_and_history() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2", "op3"]);
    let fair = suite.pool_fair_share();
    assert_eq!(fair.members, 3);
    assert_eq!(fair.fair_share_hz, 180 * MHZ);
    // op1 holds 10 MHz in slots 0..=4, op2 20 MHz in slot 2.
    suite.pool_claim(&m[0], 10 * MHZ, 5).unwrap();
    suite.pool_goto_slot_start(1);
    suite.pool_claim(&m[1], 20 * MHZ, 1).unwrap();
    suite.pool_goto_slot_start(3);
    let usage = suite.pool_member_usage(&m[0], 3).unwrap();
    assert_eq!((usage.from_slot, usage.to_slot), (Some(1), Some(3)));
    assert_eq!(usage.slots.len(), 3);
    assert_eq!(usage.total_hz_slots, Uint128::new(30 * u128::from(MHZ)));
    assert_eq!(usage.average_hz, 10 * MHZ);
    let usage = suite.pool_member_usage(&m[1], 100).unwrap();
    assert_eq!((usage.from_slot, usage.to_slot), (Some(0), Some(3)));
    assert_eq!(usage.total_hz_slots, Uint128::new(20 * u128::from(MHZ)));
    assert_eq!(usage.average_hz, 5 * MHZ);
    assert!(suite.pool_member_usage(&m[1], 0).is_err());
    assert!(suite.pool_member_usage(&m[1], 101).is_err());
    // History pages: slots 0..=4 have claims.
    let page = suite.pool_slot_history(None, Some(2));
    assert_eq!(
        page.slots.iter().map(|s| s.slot).collect::<Vec<_>>(),
        vec![0, 1]
    );
    let page = suite.pool_slot_history(Some(1), None);
    assert_eq!(
        page.slots
            .iter()
            .map(|s| (s.slot, s.used_hz, s.claimants))
            .collect::<Vec<_>>(),
        vec![(2, 30 * MHZ, 2), (3, 10 * MHZ, 1), (4, 10 * MHZ, 1)]
    );
    // Claims of one slot, paginated by member.
    let (used, claims) = suite.pool_claims_for_slot(2);
    assert_eq!(used, 30 * MHZ);
    assert_eq!(claims.len(), 2);
}

#[test]
fn reputation_gate_refuses_unqualified_members() {
    let (mut suite, m) = pool_setup(&["good", "bad"], |_| {});
    let good = m[0].clone();
    let bad = m[1].clone();
    let reputation = suite.deploy_stub_reputation(std::slice::from_ref(&good));
    let mut msg = paper_instantiate_msg(&suite.admin, &[good.clone(), bad.clone()]);
    msg.reputation_gate = Some(ReputationGateMsg {
        contract: reputation.to_string(),
        min_score: Decimal::percent(50),
    });
    let err = pool_err(suite.pool_try_instantiate(&msg));
    assert!(
        matches!(err, ContractError::Common(CommonError::Gate(GateError::NotQualified { ref address, .. })) if *address == bad.to_string())
    );
    msg.members = vec![good.to_string()];
    suite.pool = suite.pool_try_instantiate(&msg).unwrap();
    let err = pool_err(suite.pool_add_member(&bad));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Gate(GateError::NotQualified { .. }))
    ));
    let other = suite.addr("other");
    // A member that loses its qualification cannot claim.
    suite.set_stub_reputation(&reputation, &[good.clone(), other.clone()]);
    suite.pool_add_member(&other).unwrap();
    suite.pool_start_round().unwrap();
    suite.pool_claim(&good, MHZ, 1).unwrap();
    suite.set_stub_reputation(&reputation, std::slice::from_ref(&other));
    let err = pool_err(suite.pool_claim(&good, MHZ, 1));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Gate(GateError::NotQualified { .. }))
    ));
    suite.assert_pool_supply_is(PAPER_SUPPLY);
}

#[test]
fn migrate_keeps_state_and_refuses_a_downgrade() {
    let (mut suite, m) = pool_setup_started(&["op1", "op2"]);
    suite.pool_claim(&m[0], 90 * MHZ, 1).unwrap();
    let admin = suite.admin.clone();
    let pool = suite.pool.clone();
    let code_id = suite.pool_store_code();
    suite
        .app
        .migrate_contract(
            admin.clone(),
            pool.clone(),
            &spectrum_types::unlicensed_pool::MigrateMsg {},
            code_id,
        )
        .unwrap();
    assert_eq!(suite.pool_balance(&m[0]), 400 * TOKEN);
    suite.assert_pool_supply_is(PAPER_SUPPLY);
    // A stored version newer than the code is a downgrade.
    suite.app.contract_storage_mut(&pool).set(
        b"contract_info",
        br#"{"contract":"crates.io:unlicensed-pool","version":"9.0.0"}"#,
    );
    let err = suite
        .app
        .migrate_contract(
            admin,
            pool,
            &spectrum_types::unlicensed_pool::MigrateMsg {},
            code_id,
        )
        .unwrap_err()
        .downcast::<ContractError>()
        .unwrap();
    assert!(
        matches!(err, ContractError::Common(CommonError::Version(_))),
        "{err:?}"
    );
}
