//! Recording interactions: who may, eq. 5/6 through the contract, suspension, selection.

use cosmwasm_std::{Addr, Decimal};
use spectrum_testing::node_reputation::{reputation_err, OPERATOR_INTERVAL_SECONDS};
use spectrum_testing::Suite;
use spectrum_types::node_reputation::{NodeKind, NodeStatus};

use crate::d;
use node_reputation::ContractError;

/// A suite with the market, auction, lease and pool registered as reporters.
fn suite_with_reporters() -> Suite {
    let mut suite = Suite::builder().build();
    suite.register_suite_reporters();
    suite
}

fn market(suite: &Suite) -> Addr {
    suite.market.clone()
}

#[test]
fn reporter_records_and_pair_follows_eq5() {
    let mut suite = suite_with_reporters();
    let (op, node) = (suite.addr("operator"), suite.addr("edge"));
    let m = market(&suite);
    for (positive, q) in [(true, "0.9"), (true, "0.8"), (true, "0.7"), (false, "0.6")] {
        suite
            .record_interaction(&m, &op, &node, positive, d(q))
            .unwrap();
    }
    let pair = suite.reputation_pair(&op, &node);
    assert_eq!((pair.positive, pair.negative), (3, 1));
    assert_eq!(pair.quality, d("0.75"));
    assert_eq!(pair.trusted, d("0.5625"));
    assert_eq!(pair.untrusted, d("0.1875"));
    assert_eq!(pair.indefinite, d("0.25"));
    assert_eq!(pair.last_operator_record_at, None);

    // rep = 0.5625 + 0.5·0.25 = 0.6875 with one rater.
    let n = suite.reputation_node(&node);
    assert_eq!(n.raters, 1);
    assert_eq!(n.reputation, d("0.6875"));
    assert_eq!(n.score, d("0.6875"));
    // Never applied: scored but not qualified.
    let q = suite.reputation_qualification(&node);
    assert_eq!(
        (q.qualified, q.status, q.score),
        (false, NodeStatus::Unknown, d("0.6875"))
    );

    // A second operator, fully untrusting: N = 2, score = 0.6875 / 2.
    let op2 = suite.addr("operator-2");
    let lease = suite.lease.clone();
    suite
        .record_interaction(&lease, &op2, &node, false, Decimal::one())
        .unwrap();
    let n = suite.reputation_node(&node);
    assert_eq!(n.raters, 2);
    assert_eq!(n.score, d("0.34375"));
    // A pair nobody recorded is fully indefinite.
    let none = suite.reputation_pair(&node, &op);
    assert_eq!(none.indefinite, Decimal::one());
    assert_eq!((none.positive, none.negative), (0, 0));
}

#[test]
fn unknown_reporter_is_refused_and_changes_nothing() {
    let mut suite = suite_with_reporters();
    let (op, node, stranger) = (suite.addr("operator"), suite.addr("edge"), suite.addr("x"));
    let err = reputation_err(suite.record_interaction(&stranger, &op, &node, true, d("1")));
    assert_eq!(
        err,
        ContractError::UnknownReporter {
            sender: stranger.to_string()
        }
    );
    // An operator that applied but is not approved cannot record for itself either.
    suite.reputation_apply(&op, NodeKind::Operator).unwrap();
    let err = reputation_err(suite.record_interaction(&op, &op.clone(), &node, true, d("1")));
    assert!(matches!(err, ContractError::UnknownReporter { .. }));
    // An approved operator cannot record in another operator's name.
    let op2 = suite.addr("operator-2");
    suite.approve_node_votes_only(&op);
    let err = reputation_err(suite.record_interaction(&op, &op2, &node, true, d("1")));
    assert!(matches!(err, ContractError::UnknownReporter { .. }));
    let n = suite.reputation_node(&node);
    assert_eq!((n.positive, n.negative, n.raters), (0, 0, 0));
}

#[test]
fn quality_outside_unit_interval_is_refused() {
    let mut suite = suite_with_reporters();
    let (op, node, m) = (suite.addr("operator"), suite.addr("edge"), market(&suite));
    let err =
        reputation_err(suite.record_interaction(&m, &op, &node, true, d("1.000000000000000001")));
    assert_eq!(
        err,
        ContractError::QualityOutOfRange {
            quality: d("1.000000000000000001")
        }
    );
    assert_eq!(suite.reputation_pair(&op, &node).positive, 0);
    // The bounds themselves are fine.
    suite
        .record_interaction(&m, &op, &node, true, d("0"))
        .unwrap();
    suite
        .record_interaction(&m, &op, &node, true, d("1"))
        .unwrap();
    assert_eq!(suite.reputation_pair(&op, &node).quality, d("0.5"));
}

#[test]
fn rating_oneself_is_refused() {
    let mut suite = suite_with_reporters();
    let (op, m) = (suite.addr("operator"), market(&suite));
    let err = reputation_err(suite.record_interaction(&m, &op, &op.clone(), true, d("1")));
    assert_eq!(
        err,
        ContractError::SelfRating {
            address: op.to_string()
        }
    );
    suite.approve_node(&op, NodeKind::Operator);
    let err = reputation_err(suite.record_interaction(&op, &op.clone(), &op.clone(), true, d("1")));
    assert!(matches!(err, ContractError::SelfRating { .. }));
    assert_eq!(suite.reputation_node(&op).raters, 0);
}

#[test]
fn approved_operator_records_for_itself_once_per_interval() {
    let mut suite = Suite::builder().build();
    let (op, node) = (suite.addr("operator"), suite.addr("edge"));
    suite.approve_node(&op, NodeKind::Operator);
    suite
        .record_interaction(&op, &op, &node, true, d("0.8"))
        .unwrap();
    let first_at = suite.app.block_info().time.seconds();
    assert_eq!(
        suite.reputation_pair(&op, &node).last_operator_record_at,
        Some(first_at)
    );
    suite
        .app
        .update_block(|b| b.time = b.time.plus_seconds(OPERATOR_INTERVAL_SECONDS - 1));
    let err = reputation_err(suite.record_interaction(&op, &op, &node, false, d("0.8")));
    assert_eq!(
        err,
        ContractError::RateLimited {
            operator: op.to_string(),
            node: node.to_string(),
            next_allowed_at: first_at + OPERATOR_INTERVAL_SECONDS
        }
    );
    assert_eq!(suite.reputation_pair(&op, &node).negative, 0);
    // Another node is another pair.
    let other = suite.addr("edge-2");
    suite
        .record_interaction(&op, &op, &other, true, d("0.8"))
        .unwrap();
    suite.app.update_block(|b| b.time = b.time.plus_seconds(1));
    suite
        .record_interaction(&op, &op, &node, false, d("0.8"))
        .unwrap();
    let pair = suite.reputation_pair(&op, &node);
    assert_eq!((pair.positive, pair.negative), (1, 1));
}

#[test]
fn node_with_negative_interactions_is_suspended_and_loses_qualification() {
    let mut suite = suite_with_reporters();
    let node = suite.addr("provider");
    suite.approve_node(&node, NodeKind::EdgeNode);
    let m = market(&suite);
    let consumers: Vec<Addr> = (0..3)
        .map(|i| suite.addr(&format!("consumer-{i}")))
        .collect();

    // Each negative, good-quality rating from a new consumer adds a pair with
    // Tru = 0, Ind = 0.1: the pair's term is 0.5·0.1 = 0.05.
    suite
        .record_interaction(&m, &consumers[0], &node, false, d("0.9"))
        .unwrap();
    suite
        .record_interaction(&m, &consumers[1], &node, false, d("0.9"))
        .unwrap();
    // Below the threshold (0.3) but only 2 interactions (< 3): still qualified.
    let q = suite.reputation_qualification(&node);
    assert_eq!(q.score, d("0.05"));
    assert!(q.qualified);
    assert_eq!(suite.top_nodes(None, None).nodes[0].score, d("0.05"));

    let res = suite
        .record_interaction(&m, &consumers[2], &node, false, d("0.9"))
        .unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "suspended" && a.value == node.as_str())));
    let q = suite.reputation_qualification(&node);
    assert_eq!(
        (q.qualified, q.status, q.score),
        (false, NodeStatus::Suspended, d("0.05"))
    );
    assert!(suite.top_nodes(None, None).nodes.is_empty());

    // Good ratings alone do not bring qualification back.
    suite
        .record_interaction(&m, &consumers[0], &node, true, d("1"))
        .unwrap();
    suite.assert_reputation_status(&node, NodeStatus::Suspended);

    // Re-application and a quorum of approvals do; the history is kept.
    let before = suite.reputation_node(&node);
    suite.approve_node(&node, NodeKind::EdgeNode);
    let after = suite.reputation_node(&node);
    assert_eq!(after.status, NodeStatus::Approved);
    assert_eq!(
        (after.positive, after.negative),
        (before.positive, before.negative)
    );
    assert_eq!(after.score, before.score);
    assert_eq!(suite.top_nodes(None, None).nodes[0].address, node);
    // Still below the threshold: its next interaction suspends it again.
    suite
        .record_interaction(&m, &consumers[1], &node, false, d("0.9"))
        .unwrap();
    assert!(!suite.reputation_qualification(&node).qualified);
}

#[test]
fn top_nodes_orders_by_score_and_paginates() {
    let mut suite = suite_with_reporters();
    let m = market(&suite);
    let op = suite.addr("operator");
    let nodes: Vec<Addr> = (0..5).map(|i| suite.addr(&format!("edge-{i}"))).collect();
    // Node i gets one positive interaction of quality 0.2·i: score 0.2i + 0.5(1 − 0.2i).
    for (i, node) in nodes.iter().enumerate() {
        suite.approve_node(node, NodeKind::EdgeNode);
        suite
            .record_interaction(&m, &op, node, true, Decimal::percent(20 * i as u64))
            .unwrap();
    }
    // An unapproved node with a perfect record is not selectable.
    let outsider = suite.addr("outsider");
    suite
        .record_interaction(&m, &op, &outsider, true, d("1"))
        .unwrap();

    let page = suite.top_nodes(None, Some(2));
    assert_eq!(
        page.nodes
            .iter()
            .map(|n| n.address.clone())
            .collect::<Vec<_>>(),
        vec![nodes[4].clone(), nodes[3].clone()]
    );
    assert_eq!(page.nodes[0].score, d("0.9"));
    assert_eq!(page.nodes[1].score, d("0.8"));
    let rest = suite.top_nodes(Some(&nodes[3]), Some(30));
    assert_eq!(
        rest.nodes
            .iter()
            .map(|n| n.address.clone())
            .collect::<Vec<_>>(),
        vec![nodes[2].clone(), nodes[1].clone(), nodes[0].clone()]
    );
    assert_eq!(rest.nodes[2].score, d("0.5"));

    // A change of score moves the node in the index.
    suite
        .record_interaction(&m, &op, &nodes[0], true, d("1"))
        .unwrap();
    let top = suite.top_nodes(None, Some(1));
    assert_eq!(top.nodes[0].address, nodes[4]);
    let all = suite.top_nodes(None, None);
    assert_eq!(all.nodes.len(), 5);
    let scores: Vec<Decimal> = all.nodes.iter().map(|n| n.score).collect();
    let mut sorted = scores.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(scores, sorted);
    // nodes[0]: quality mean 0.5, Tru 0.5, Ind 0.5: 0.75.
    assert!(all
        .nodes
        .iter()
        .any(|n| n.address == nodes[0] && n.score == d("0.75")));
}

#[test]
fn shared_gate_helper_passes_fresh_node_and_refuses_suspended_one() {
    use spectrum_types::gate::{GateError, ReputationGate};
    let mut suite = suite_with_reporters();
    let node = suite.addr("provider");
    let gate = ReputationGate {
        contract: suite.reputation.clone(),
        min_score: Decimal::percent(50),
    };
    // Unknown: refused.
    let err = gate.ensure_qualified(&suite.app.wrap(), &node).unwrap_err();
    assert!(matches!(err, GateError::NotQualified { ref status, .. } if status == "unknown"));
    // Freshly approved: scores φ = 0.5 and passes a gate asking 0.5.
    suite.approve_node(&node, NodeKind::EdgeNode);
    assert_eq!(gate.ensure_qualified(&suite.app.wrap(), &node), Ok(()));
    // Suspended after bad interactions: refused with its status.
    let m = market(&suite);
    for i in 0..3 {
        let consumer = suite.addr(&format!("consumer-{i}"));
        suite
            .record_interaction(&m, &consumer, &node, false, d("1"))
            .unwrap();
    }
    let err = gate.ensure_qualified(&suite.app.wrap(), &node).unwrap_err();
    assert_eq!(
        err,
        GateError::NotQualified {
            address: node.to_string(),
            status: "suspended".to_string(),
            score: Decimal::zero(),
            min_score: Decimal::percent(50),
        }
    );
}

#[test]
fn removed_reporter_can_no_longer_record() {
    let mut suite = suite_with_reporters();
    let (op, node, m) = (suite.addr("operator"), suite.addr("edge"), market(&suite));
    suite
        .record_interaction(&m, &op, &node, true, d("1"))
        .unwrap();
    let admin = suite.admin.clone();
    suite
        .reputation_execute(
            &admin,
            &spectrum_types::node_reputation::ExecuteMsg::RemoveReporter {
                address: m.to_string(),
            },
        )
        .unwrap();
    let err = reputation_err(suite.record_interaction(&m, &op, &node, true, d("1")));
    assert_eq!(
        err,
        ContractError::UnknownReporter {
            sender: m.to_string()
        }
    );
    assert_eq!(suite.reputation_pair(&op, &node).positive, 1);
}
