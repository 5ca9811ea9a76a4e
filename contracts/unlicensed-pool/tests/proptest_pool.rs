//! Invariants of the pool over random claim sequences (proptest, 32 cases each so that
//! `cargo test` stays fast).

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, Uint128};
use proptest::prelude::*;
use spectrum_testing::unlicensed_pool::{pool_setup, PAPER_BANDWIDTH_HZ, PAPER_SUPPLY, TOKEN};
use spectrum_testing::Suite;
use unlicensed_pool::math::claim_cost;
use unlicensed_pool::ContractError;

/// The paper's rule written out eagerly, one balance at a time: the reference the contract's
/// lazily credited ledger must match exactly.
struct EagerPool {
    balances: BTreeMap<Addr, u128>,
    unallocated: u128,
}

impl EagerPool {
    fn start_round(&mut self, supply: u128) {
        let n = self.balances.len() as u128;
        self.balances.values_mut().for_each(|b| *b = supply / n);
        self.unallocated = supply % n;
    }

    fn claim(&mut self, claimant: &Addr, cost: u128) {
        let others = self.balances.len() as u128 - 1;
        if others == 0 {
            return;
        }
        for (member, balance) in self.balances.iter_mut() {
            if member == claimant {
                *balance -= cost;
            } else {
                *balance += cost / others;
            }
        }
        self.unallocated += cost % others;
    }

    fn remove(&mut self, member: &Addr) {
        self.unallocated += self.balances.remove(member).unwrap();
    }
}

/// Claim errors a well-formed claim may legitimately get.
fn expected_refusal(err: &ContractError) -> bool {
    matches!(
        err,
        ContractError::InsufficientBalance { .. }
            | ContractError::SlotFull { .. }
            | ContractError::ExceedsTotalBandwidth { .. }
            | ContractError::BeyondRound { .. }
            | ContractError::NoActiveRound { .. }
            | ContractError::ZeroBandwidth {}
    )
}

/// Balances add up to the supply, every slot of the round (at most 30) holds at most W, and
/// the totals of the slots in `touched` are the sums of their claims.
fn check_invariants(
    suite: &Suite,
    supply: u128,
    touched: std::ops::Range<u32>,
) -> Result<(), TestCaseError> {
    let held: u128 = suite.pool_balances().iter().map(|(_, b)| b).sum();
    prop_assert_eq!(held + suite.pool_round().unallocated.u128(), supply);
    for slot in suite.pool_slot_history(None, Some(30)).slots {
        prop_assert!(
            slot.used_hz <= PAPER_BANDWIDTH_HZ,
            "slot {} holds {} Hz",
            slot.slot,
            slot.used_hz
        );
    }
    for slot in touched {
        let (used, claims) = suite.pool_claims_for_slot(slot);
        prop_assert_eq!(claims.iter().map(|(_, hz)| hz).sum::<u64>(), used);
    }
    Ok(())
}

/// The largest bandwidth `balance` pays for one one-second slot at 180 kHz·s per token.
fn affordable_hz(balance: u128) -> u64 {
    (balance * 180_000 / TOKEN) as u64
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Random members claim random bandwidth (sometimes above W or zero) for 1 to 3 slots
    /// while the clock moves: the supply is exactly M after every step, refusals are the
    /// typed ones and change nothing, and no slot ever holds more than W.
    #[test]
    fn random_claims_keep_supply_and_capacity(
        n in 2usize..=20,
        supply_tokens in 100u128..20_000,
        steps in prop::collection::vec(
            (0usize..20, 0u64..=PAPER_BANDWIDTH_HZ + 1_000, 1u32..=3, 0u64..=2),
            1..40,
        ),
    ) {
        let labels: Vec<String> = (0..n).map(|i| format!("op{i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let supply = supply_tokens * TOKEN;
        let (mut suite, members) = pool_setup(&labels, |m| {
            m.initial_supply = Uint128::new(supply);
            m.round_slots = Some(30);
        });
        suite.pool_start_round().unwrap();
        check_invariants(&suite, supply, 0..0)?;
        for (who, bw, slots, wait) in steps {
            let first = suite.pool_round().coming_slot.unwrap_or(30);
            let member = &members[who % n];
            let before = suite.pool_balances();
            match suite.pool_claim(member, bw, slots) {
                Ok(_) => {}
                Err(e) => {
                    let err = e.downcast::<ContractError>().unwrap();
                    prop_assert!(expected_refusal(&err), "unexpected error {:?}", err);
                    prop_assert_eq!(suite.pool_balances(), before);
                }
            }
            check_invariants(&suite, supply, first..(first + slots).min(30))?;
            suite.advance_seconds(wait);
        }
    }

    /// One member is greedy: every slot it claims all the free bandwidth it can pay for,
    /// at a random place in the order; the others claim random amounts up to W/n. Over the
    /// run the greedy member's use is bounded by its fair share plus what its initial
    /// balance buys: U ≤ T·W/n + (M/n)/c (+ rounding), i.e. within W/n plus a small margin.
    #[test]
    fn greedy_member_long_run_share_stays_near_fair_share(
        n in 2usize..=20,
        demand in prop::collection::vec(prop::collection::vec(0u64..=1_000, 20), 24),
        greedy_position in prop::collection::vec(0usize..20, 24),
    ) {
        const T: u32 = 24;
        let labels: Vec<String> = (0..n).map(|i| format!("op{i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        // Two slots of the whole band: 2 × 3000 tokens at 180 kHz·s per token.
        let supply = 6_000 * TOKEN;
        let (mut suite, members) = pool_setup(&labels, |m| {
            m.initial_supply = Uint128::new(supply);
            m.round_slots = Some(T);
        });
        suite.pool_start_round().unwrap();
        let greedy: Addr = members[0].clone();
        let fair_hz = PAPER_BANDWIDTH_HZ / n as u64;
        let mut greedy_use: u128 = 0;
        for slot in 0..T {
            // Claims made now cover `slot`.
            let mut order: Vec<usize> = (1..n).collect();
            order.insert(greedy_position[slot as usize] % n, 0);
            let mut used = 0;
            for i in order {
                let free = PAPER_BANDWIDTH_HZ - used;
                if i == 0 {
                    let bw = free.min(affordable_hz(suite.pool_balance(&greedy)));
                    if bw > 0 {
                        suite.pool_claim(&greedy, bw, 1).unwrap();
                        greedy_use += u128::from(bw);
                        used += bw;
                    }
                } else {
                    let bw = fair_hz * demand[slot as usize][i] / 1_000;
                    if bw > 0 {
                        match suite.pool_claim(&members[i], bw, 1) {
                            Ok(_) => used += bw,
                            Err(e) => {
                            let err = e.downcast::<ContractError>().unwrap();
                            let refused = matches!(
                                err,
                                ContractError::InsufficientBalance { .. }
                                    | ContractError::SlotFull { .. }
                            );
                            prop_assert!(refused, "unexpected error {:?}", err);
                            }
                        }
                    }
                }
            }
            let held: u128 = suite.pool_balances().iter().map(|(_, b)| b).sum();
            prop_assert_eq!(held + suite.pool_round().unallocated.u128(), supply);
            prop_assert_eq!(suite.pool_claims_for_slot(slot).0, used);
            prop_assert!(used <= PAPER_BANDWIDTH_HZ);
            suite.pool_goto_slot_start(slot);
        }
        let t = u128::from(T);
        let n128 = n as u128;
        let w = u128::from(PAPER_BANDWIDTH_HZ);
        // (M/n)/c in Hz·s: micro-tokens × 180000 / 1e6.
        let initial_budget_hz = supply / n128 * 180_000 / TOKEN;
        let bound = t * w / n128 + initial_budget_hz + t * n128;
        prop_assert!(greedy_use <= bound, "greedy used {} Hz·slots, bound {}", greedy_use, bound);
        // As a share: at most 1/n × (1 + 2/T + rounding) ≤ 1.1/n.
        prop_assert!(greedy_use * n128 * 10 <= t * w * 11, "greedy share {} of {}", greedy_use, t * w);
    }

    /// Over several rounds with members joining and leaving between them, every balance and
    /// the unallocated amount equal those of the eager rule (each claim writing every other
    /// member's balance) after every step.
    #[test]
    fn lazy_ledger_matches_the_eager_rule(
        n in 1usize..=8,
        rounds in prop::collection::vec(
            (
                prop::collection::vec((0usize..8, 1u64..=60_000_000, 1u32..=2), 0..12),
                0usize..8,
                any::<bool>(),
            ),
            1..4,
        ),
    ) {
        let labels: Vec<String> = (0..8).map(|i| format!("op{i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let (mut suite, everyone) = pool_setup(&labels[..n], |m| m.round_slots = Some(4));
        let joiners: Vec<Addr> = labels[n..].iter().map(|l| suite.addr(l)).collect();
        let everyone: Vec<Addr> = everyone.into_iter().chain(joiners).collect();
        let mut model = EagerPool {
            balances: everyone[..n].iter().map(|a| (a.clone(), 0)).collect(),
            unallocated: PAPER_SUPPLY,
        };
        let compare = |suite: &Suite, model: &EagerPool| -> Result<(), TestCaseError> {
            let got: BTreeMap<Addr, u128> = suite.pool_balances().into_iter().collect();
            prop_assert_eq!(&got, &model.balances);
            prop_assert_eq!(suite.pool_round().unallocated.u128(), model.unallocated);
            Ok(())
        };
        for (claims, change, join) in rounds {
            suite.pool_start_round().unwrap();
            model.start_round(PAPER_SUPPLY);
            compare(&suite, &model)?;
            for (who, hz, slots) in claims {
                let members: Vec<Addr> = model.balances.keys().cloned().collect();
                let member = &members[who % members.len()];
                if suite.pool_claim(member, hz, slots).is_ok() {
                    model.claim(member, claim_cost(hz, 1, slots, 180_000).unwrap().u128());
                }
                compare(&suite, &model)?;
            }
            // Between rounds one operator joins or one member leaves (keeping at least one).
            suite.advance_seconds(5 * 60);
            let who = &everyone[change % everyone.len()];
            if join && !model.balances.contains_key(who) {
                suite.pool_add_member(who).unwrap();
                model.balances.insert(who.clone(), 0);
            } else if !join && model.balances.contains_key(who) && model.balances.len() > 1 {
                suite.pool_remove_member(who).unwrap();
                model.remove(who);
            }
            compare(&suite, &model)?;
        }
    }
}
