//! A short run of the simulation's logic (the full experiment is the `simulate` example,
//! which is not part of `cargo test`).

#[allow(dead_code)]
#[path = "../examples/simulate.rs"]
mod simulate;

use simulate::{convergence_slot, pool_run, random_sharing, Strategy};

const W: u64 = 540_000_000;

#[test]
fn random_sharing_fills_the_band_every_slot() {
    let trace = random_sharing(8, 7);
    assert_eq!(trace.usage.len(), 8);
    for row in &trace.usage {
        assert_eq!(row.iter().sum::<u64>(), W);
    }
}

#[test]
fn pool_brings_a_greedy_operator_back_to_the_fair_share() {
    let strategies = [
        Strategy::GreedyThenBalancing { slots: 3, tau: 4 },
        Strategy::Balancing { tau: 4 },
    ];
    let trace = pool_run(&strategies, 20);
    // While greedy, A takes the whole band.
    assert_eq!(trace.usage[0], vec![W, 0]);
    // The supply stays 1800 tokens and the shares settle at W/2.
    for row in &trace.balances {
        assert_eq!(row.iter().sum::<u128>(), 1_800_000_000);
    }
    let slot = convergence_slot(&trace).expect("did not converge in 20 slots");
    assert!((3..20).contains(&slot), "converged at {slot}");
    let last = trace.usage.last().unwrap();
    assert!(last.iter().all(|u| u.abs_diff(W / 2) * 20 <= W / 2));
}
