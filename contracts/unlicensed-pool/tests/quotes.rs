//! Issue 21 for the pool. The pool takes no funds and has no price query: what it tells a
//! member is the documented cost of a claim,
//! `ceil(bandwidth_hz × slot_seconds × slots × 1 000 000 / token_value_hz_s)` micro-tokens,
//! paid from the member's pool balance. That cost is a ceiling of a positive product, so it
//! is never 0 (no claim is free). Property: for random pools and claims, a claim the member
//! can afford (and the slots can hold) is charged exactly that cost; one it cannot afford
//! is refused with `InsufficientBalance` naming that cost, and nothing changes.

use cosmwasm_std::Uint128;
use proptest::prelude::*;
use spectrum_testing::unlicensed_pool::{pool_err, pool_setup, PAPER_BANDWIDTH_HZ, TOKEN};
use spectrum_types::unlicensed_pool::{DEFAULT_TOKEN_VALUE_HZ_S, MICRO_PER_TOKEN};
use unlicensed_pool::ContractError;

/// The documented cost, written out independently of the contract's `math::claim_cost`.
fn documented_cost(bandwidth_hz: u64, slot_seconds: u64, slots: u32) -> u128 {
    let num =
        u128::from(bandwidth_hz) * u128::from(slot_seconds) * u128::from(slots) * MICRO_PER_TOKEN;
    num.div_ceil(u128::from(DEFAULT_TOKEN_VALUE_HZ_S))
}

#[derive(Debug, Clone)]
struct Case {
    members: usize,
    supply_tokens: u128,
    slot_seconds: u64,
    bandwidth_hz: u64,
    slots: u32,
}

fn run(c: Case) -> Result<(), TestCaseError> {
    let labels: Vec<String> = (0..c.members).map(|i| format!("op{i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let (mut suite, members) = pool_setup(&labels, |msg| {
        msg.initial_supply = Uint128::new(c.supply_tokens * TOKEN);
        msg.slot_seconds = c.slot_seconds;
    });
    suite.pool_start_round().unwrap();
    let claimant = members[0].clone();
    let cost = documented_cost(c.bandwidth_hz, c.slot_seconds, c.slots);
    prop_assert!(cost >= 1, "a claim is never free");
    let before = suite.pool_balances();
    let balance = suite.pool_balance(&claimant);
    let r = suite.pool_claim(&claimant, c.bandwidth_hz, c.slots);
    if c.bandwidth_hz > PAPER_BANDWIDTH_HZ {
        let refused = matches!(pool_err(r), ContractError::ExceedsTotalBandwidth { .. });
        prop_assert!(refused);
        prop_assert_eq!(suite.pool_balances(), before);
    } else if cost <= balance {
        prop_assert!(r.is_ok(), "an affordable claim was refused: {:?}", r.err());
        prop_assert_eq!(suite.pool_balance(&claimant), balance - cost);
    } else {
        prop_assert_eq!(
            pool_err(r),
            ContractError::InsufficientBalance {
                cost: Uint128::new(cost),
                balance: Uint128::new(balance),
            }
        );
        prop_assert_eq!(suite.pool_balances(), before);
    }
    Ok(())
}

fn case() -> impl Strategy<Value = Case> {
    (
        2usize..5,
        prop_oneof![1u128..10, 1u128..5_000],
        1u64..10,
        prop_oneof![1u64..1_000, 1u64..(PAPER_BANDWIDTH_HZ + 10)],
        1u32..5,
    )
        .prop_map(
            |(members, supply_tokens, slot_seconds, bandwidth_hz, slots)| Case {
                members,
                supply_tokens,
                slot_seconds,
                bandwidth_hz,
                slots,
            },
        )
}

/// The smallest claim, 1 Hz for one one-second slot, costs 6 micro-tokens (1e6 / 180,000
/// rounded up), not 0.
#[test]
fn the_smallest_claim_costs_more_than_zero() {
    assert_eq!(documented_cost(1, 1, 1), 6);
    run(Case {
        members: 2,
        supply_tokens: 1,
        slot_seconds: 1,
        bandwidth_hz: 1,
        slots: 1,
    })
    .unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn every_claim_costs_the_documented_amount_and_never_zero(c in case()) {
        run(c)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The long run: `cargo test -p unlicensed-pool --test quotes -- --ignored`.
    #[test]
    #[ignore]
    fn soak_every_claim_costs_the_documented_amount_and_never_zero(c in case()) {
        run(c)?;
    }
}
