//! Invariants: every score stays within its bounds, and a pair's values (and a node's
//! sums) depend only on the multiset of interactions, not on their order.

use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env, MockApi};
use cosmwasm_std::{from_json, Addr, Decimal, Uint128};
use proptest::prelude::*;
use spectrum_types::node_reputation::{
    ExecuteMsg, InstantiateMsg, NodeResponse, PairResponse, QueryMsg,
};

use crate::contract::{execute, instantiate};
use crate::query::query;
use crate::score::{eq5, node_score};

/// (operator index, node index, positive, quality in 1e-18 units)
type Interaction = (usize, usize, bool, u128);

const ONE: u128 = 1_000_000_000_000_000_000;

fn quality() -> impl Strategy<Value = u128> {
    prop_oneof![Just(0u128), Just(ONE), 0..=ONE]
}

fn interactions(max: usize) -> impl Strategy<Value = Vec<Interaction>> {
    prop::collection::vec((0..4usize, 0..3usize, any::<bool>(), quality()), 0..max)
}

/// Runs `list` through a fresh contract (recorded by a reporter) and returns every
/// node's and pair's view.
fn run(list: &[Interaction], phi: Decimal) -> (Vec<NodeResponse>, Vec<PairResponse>) {
    let api = MockApi::default();
    let ops: Vec<Addr> = (0..4).map(|i| api.addr_make(&format!("op{i}"))).collect();
    let nodes: Vec<Addr> = (0..3).map(|i| api.addr_make(&format!("node{i}"))).collect();
    let reporter = api.addr_make("reporter");
    let admin = api.addr_make("admin");
    let mut deps = mock_dependencies();
    instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&admin, &[]),
        InstantiateMsg {
            admin: None,
            quorum: 1,
            application_expiry_seconds: 60,
            phi,
            threshold: Decimal::percent(30),
            min_interactions: 1,
            operator_interval_seconds: 0,
            authorized: vec![],
            reporters: vec![reporter.to_string()],
        },
    )
    .unwrap();
    for &(o, n, positive, q) in list {
        execute(
            deps.as_mut(),
            mock_env(),
            message_info(&reporter, &[]),
            ExecuteMsg::RecordInteraction {
                operator: ops[o].to_string(),
                node: nodes[n].to_string(),
                positive,
                quality: Decimal::new(Uint128::new(q)),
            },
        )
        .unwrap();
    }
    let node_views = nodes
        .iter()
        .map(|n| {
            from_json(
                query(
                    deps.as_ref(),
                    mock_env(),
                    QueryMsg::Node {
                        address: n.to_string(),
                    },
                )
                .unwrap(),
            )
            .unwrap()
        })
        .collect();
    let mut pairs = vec![];
    for o in &ops {
        for n in &nodes {
            pairs.push(
                from_json(
                    query(
                        deps.as_ref(),
                        mock_env(),
                        QueryMsg::Pair {
                            operator: o.to_string(),
                            node: n.to_string(),
                        },
                    )
                    .unwrap(),
                )
                .unwrap(),
            );
        }
    }
    (node_views, pairs)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn pair_values_stay_in_bounds_and_ignore_order(
        (list, shuffled) in prop::collection::vec((any::<bool>(), quality()), 0..40)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        let fold = |l: &[(bool, u128)]| {
            let (mut p, mut n, mut s) = (0u64, 0u64, Decimal::zero());
            for &(pos, q) in l {
                if pos { p += 1 } else { n += 1 }
                s += Decimal::new(Uint128::new(q));
            }
            eq5(p, n, s).unwrap()
        };
        let a = fold(&list);
        let b = fold(&shuffled);
        prop_assert_eq!(a, b);
        prop_assert!(a.quality <= Decimal::one());
        prop_assert_eq!(a.trusted + a.untrusted + a.indefinite, Decimal::one());
        prop_assert!(a.trusted <= a.quality);
        if list.iter().all(|&(pos, _)| pos) {
            prop_assert_eq!(a.untrusted, Decimal::zero());
        }
    }

    #[test]
    fn node_score_stays_in_unit_interval(
        terms in prop::collection::vec((0..=ONE, 0..=ONE), 0..20),
        phi in 0..=ONE,
    ) {
        // Each pair has Tru + Ind <= 1.
        let mut tru = Decimal::zero();
        let mut ind = Decimal::zero();
        for &(t, i) in &terms {
            let t = t.min(ONE - i);
            tru += Decimal::new(Uint128::new(t));
            ind += Decimal::new(Uint128::new(i));
        }
        let phi = Decimal::new(Uint128::new(phi));
        let (rep, score) = node_score(tru, ind, terms.len() as u64, phi).unwrap();
        prop_assert!(score <= Decimal::one());
        prop_assert!(rep <= Decimal::from_ratio(terms.len() as u128, 1u128));
        if terms.is_empty() {
            prop_assert_eq!(score, phi);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn contract_scores_are_bounded_and_order_independent(
        (list, shuffled) in interactions(30)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        phi in prop_oneof![Just(0u64), Just(100), 0..=100u64],
    ) {
        let phi = Decimal::percent(phi);
        let (nodes_a, pairs_a) = run(&list, phi);
        let (nodes_b, pairs_b) = run(&shuffled, phi);
        prop_assert_eq!(&nodes_a, &nodes_b);
        prop_assert_eq!(&pairs_a, &pairs_b);
        for n in &nodes_a {
            prop_assert!(n.score <= Decimal::one());
            prop_assert!(n.reputation <= Decimal::from_ratio(n.raters as u128, 1u128) || n.raters == 0);
            prop_assert!(n.raters <= 4);
            // The incremental sums equal the sums recomputed from the pairs.
            let mine: Vec<&PairResponse> = pairs_a.iter().filter(|p| p.node == n.address).collect();
            let rated: Vec<_> = mine.iter().filter(|p| p.positive + p.negative > 0).collect();
            prop_assert_eq!(rated.len() as u64, n.raters);
            let tru: Decimal = rated.iter().map(|p| p.trusted).sum();
            let ind: Decimal = rated.iter().map(|p| p.indefinite).sum();
            prop_assert_eq!(tru, n.trusted_sum);
            prop_assert_eq!(ind, n.indefinite_sum);
            if n.raters == 0 {
                prop_assert_eq!(n.score, phi);
            }
        }
        for p in &pairs_a {
            prop_assert_eq!(p.trusted + p.untrusted + p.indefinite, Decimal::one());
        }
    }
}
