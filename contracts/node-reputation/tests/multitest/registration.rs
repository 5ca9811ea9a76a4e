//! Apply, approve, reject, expire; admin lists.

use cosmwasm_std::Decimal;
use spectrum_testing::node_reputation::{
    reputation_err, reputation_setup_applicant, APPLICATION_EXPIRY_SECONDS,
};
use spectrum_testing::Suite;
use spectrum_types::error::CommonError;
use spectrum_types::node_reputation::{
    AddressesResponse, ApplicationStatus, ApplicationsResponse, ConfigResponse, ExecuteMsg,
    NodeKind, NodeStatus, QueryMsg,
};

use node_reputation::ContractError;

fn applications(suite: &Suite, status: Option<ApplicationStatus>) -> Vec<String> {
    let resp: ApplicationsResponse = suite.reputation_query(&QueryMsg::Applications {
        status,
        start_after: None,
        limit: None,
    });
    resp.applications
        .into_iter()
        .map(|a| a.applicant.to_string())
        .collect()
}

#[test]
fn quorum_of_approvals_qualifies_a_fresh_node_at_phi() {
    let mut suite = Suite::builder().build();
    let node = suite.addr("edge");
    let [a1, a2, _] = <[_; 3]>::try_from(suite.reputation_authorized()).unwrap();

    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    let q = suite.reputation_qualification(&node);
    assert!(!q.qualified);
    assert_eq!(q.status, NodeStatus::Pending);

    suite.reputation_vote(&a1, &node, true).unwrap();
    assert_eq!(
        suite.reputation_application(&node).status,
        ApplicationStatus::Pending
    );
    let res = suite.reputation_vote(&a2, &node, true).unwrap();
    assert!(res.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "decision" && a.value == "approved")));

    let q = suite.reputation_qualification(&node);
    assert!(q.qualified);
    assert_eq!(q.status, NodeStatus::Approved);
    // Nobody rated it yet: it scores φ = 0.5 and passes a gate asking 0.5.
    assert_eq!(q.score, Decimal::percent(50));
    let app = suite.reputation_application(&node);
    assert_eq!(app.approvals, vec![a1, a2]);
    assert_eq!(app.status, ApplicationStatus::Approved);
    let top = suite.top_nodes(None, None);
    assert_eq!(top.nodes.len(), 1);
    assert_eq!(top.nodes[0].address, node);
    assert_eq!(top.nodes[0].score, Decimal::percent(50));
}

#[test]
fn approved_operator_is_qualified_but_not_selectable() {
    let mut suite = Suite::builder().build();
    let op = suite.addr("operator");
    suite.approve_node(&op, NodeKind::Operator);
    assert_eq!(suite.reputation_node(&op).kind, Some(NodeKind::Operator));
    assert!(suite.top_nodes(None, None).nodes.is_empty());
}

#[test]
fn quorum_of_rejections_rejects_and_allows_reapplying() {
    let (mut suite, node, auth) = reputation_setup_applicant();
    suite.reputation_vote(&auth[0], &node, false).unwrap();
    suite.reputation_vote(&auth[1], &node, true).unwrap();
    suite.reputation_vote(&auth[2], &node, false).unwrap();
    assert_eq!(
        suite.reputation_application(&node).status,
        ApplicationStatus::Rejected
    );
    let q = suite.reputation_qualification(&node);
    assert_eq!((q.qualified, q.status), (false, NodeStatus::Rejected));
    // A decided application takes no more votes.
    let err = reputation_err(suite.reputation_vote(&auth[0], &node, true));
    assert!(matches!(
        err,
        ContractError::ApplicationClosed {
            status: ApplicationStatus::Rejected,
            ..
        }
    ));
    // It may apply again, with a fresh application.
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    assert!(suite.reputation_application(&node).rejections.is_empty());
    suite.approve_node_votes_only(&node);
    assert!(suite.reputation_qualification(&node).qualified);
}

#[test]
fn expired_application_counts_as_rejected_and_refuses_votes() {
    let (mut suite, node, auth) = reputation_setup_applicant();
    suite.reputation_vote(&auth[0], &node, true).unwrap();
    let expires_at = suite.reputation_application(&node).expires_at;
    suite
        .app
        .update_block(|b| b.time = b.time.plus_seconds(APPLICATION_EXPIRY_SECONDS));

    assert_eq!(
        suite.reputation_application(&node).status,
        ApplicationStatus::Expired
    );
    let q = suite.reputation_qualification(&node);
    assert_eq!((q.qualified, q.status), (false, NodeStatus::Rejected));
    assert_eq!(
        reputation_err(suite.reputation_vote(&auth[1], &node, true)),
        ContractError::ApplicationExpired {
            applicant: node.to_string(),
            expires_at
        }
    );
    assert_eq!(suite.reputation_application(&node).approvals.len(), 1);
    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Expired)),
        vec![node.to_string()]
    );
    assert!(applications(&suite, Some(ApplicationStatus::Pending)).is_empty());
    // Past expiry the applicant may apply again.
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Pending)),
        vec![node.to_string()]
    );
    assert!(applications(&suite, Some(ApplicationStatus::Expired)).is_empty());
}

#[test]
fn applications_filter_by_status() {
    let mut suite = Suite::builder().build();
    let (a, b, c) = (suite.addr("a"), suite.addr("b"), suite.addr("c"));
    let auth = suite.reputation_authorized();
    suite.approve_node(&a, NodeKind::EdgeNode);
    suite.reputation_apply(&b, NodeKind::EdgeNode).unwrap();
    suite.reputation_vote(&auth[0], &b, false).unwrap();
    suite.reputation_vote(&auth[1], &b, false).unwrap();
    suite.reputation_apply(&c, NodeKind::Operator).unwrap();

    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Approved)),
        vec![a.to_string()]
    );
    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Rejected)),
        vec![b.to_string()]
    );
    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Pending)),
        vec![c.to_string()]
    );
    let mut all = vec![a.to_string(), b.to_string(), c.to_string()];
    all.sort();
    assert_eq!(applications(&suite, None), all);
}

#[test]
fn applying_twice_is_refused_and_changes_nothing() {
    let mut suite = Suite::builder().build();
    let node = suite.addr("edge");
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    let before = suite.reputation_application(&node);
    let err = reputation_err(suite.reputation_apply(&node, NodeKind::Operator));
    assert_eq!(
        err,
        ContractError::AlreadyApplied {
            applicant: node.to_string(),
            expires_at: before.expires_at
        }
    );
    assert_eq!(suite.reputation_application(&node), before);

    // Once approved, applying again is refused too.
    suite.approve_node_votes_only(&node);
    let err = reputation_err(suite.reputation_apply(&node, NodeKind::EdgeNode));
    assert_eq!(
        err,
        ContractError::AlreadyApproved {
            applicant: node.to_string()
        }
    );
    assert!(suite.reputation_qualification(&node).qualified);
}

#[test]
fn approval_by_a_node_that_is_not_authorized_is_refused() {
    let mut suite = Suite::builder().build();
    let node = suite.addr("edge");
    let outsider = suite.addr("outsider");
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    let err = reputation_err(suite.reputation_vote(&outsider, &node, true));
    assert_eq!(
        err,
        ContractError::NotAuthorized {
            sender: outsider.to_string()
        }
    );
    let err = reputation_err(suite.reputation_vote(&outsider, &node, false));
    assert!(matches!(err, ContractError::NotAuthorized { .. }));
    let app = suite.reputation_application(&node);
    assert!(app.approvals.is_empty() && app.rejections.is_empty());
}

#[test]
fn approving_twice_is_refused_and_changes_nothing() {
    let (mut suite, node, auth) = reputation_setup_applicant();
    suite.reputation_vote(&auth[0], &node, true).unwrap();
    let before = suite.reputation_application(&node);
    for approve in [true, false] {
        let err = reputation_err(suite.reputation_vote(&auth[0], &node, approve));
        assert_eq!(
            err,
            ContractError::AlreadyVoted {
                voter: auth[0].to_string(),
                applicant: node.to_string()
            }
        );
    }
    assert_eq!(suite.reputation_application(&node), before);
    suite.assert_reputation_status(&node, NodeStatus::Pending);
}

#[test]
fn metadata_longer_than_the_bound_is_refused() {
    let mut suite = Suite::builder().build();
    let node = suite.addr("edge");
    let err = reputation_err(suite.reputation_execute(
        &node,
        &ExecuteMsg::Apply {
            kind: NodeKind::EdgeNode,
            metadata: "x".repeat(513),
        },
    ));
    assert_eq!(err, ContractError::MetadataTooLong { len: 513, max: 512 });
    suite.assert_reputation_status(&node, NodeStatus::Unknown);
}

#[test]
fn only_the_admin_manages_authorized_nodes_and_reporters() {
    let mut suite = Suite::builder().build();
    let admin = suite.admin.clone();
    let stranger = suite.addr("stranger");
    let newcomer = suite.addr("authorized-4");
    let add_newcomer = ExecuteMsg::AddAuthorized {
        address: newcomer.to_string(),
    };

    let err = reputation_err(suite.reputation_execute(&stranger, &add_newcomer));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Ownership(_))
    ));
    suite.reputation_execute(&admin, &add_newcomer).unwrap();
    let err = reputation_err(suite.reputation_execute(&admin, &add_newcomer));
    assert_eq!(
        err,
        ContractError::AlreadyAuthorized {
            address: newcomer.to_string()
        }
    );
    let auth: AddressesResponse = suite.reputation_query(&QueryMsg::Authorized {
        start_after: None,
        limit: None,
    });
    assert_eq!(auth.addresses.len(), 4);
    assert!(auth.addresses.contains(&newcomer));

    let first = suite.reputation_authorized()[0].clone();
    suite
        .reputation_execute(
            &admin,
            &ExecuteMsg::RemoveAuthorized {
                address: first.to_string(),
            },
        )
        .unwrap();
    let node = suite.addr("edge");
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    assert!(matches!(
        reputation_err(suite.reputation_vote(&first, &node, true)),
        ContractError::NotAuthorized { .. }
    ));

    let market = suite.market.clone();
    assert!(matches!(
        reputation_err(suite.reputation_execute(
            &stranger,
            &ExecuteMsg::AddReporter {
                address: market.to_string()
            }
        )),
        ContractError::Common(CommonError::Ownership(_))
    ));
    suite.register_suite_reporters();
    let reporters: AddressesResponse = suite.reputation_query(&QueryMsg::Reporters {
        start_after: None,
        limit: None,
    });
    assert_eq!(reporters.addresses.len(), 4);
    let remove_market = ExecuteMsg::RemoveReporter {
        address: market.to_string(),
    };
    suite.reputation_execute(&admin, &remove_market).unwrap();
    assert_eq!(
        reputation_err(suite.reputation_execute(&admin, &remove_market)),
        ContractError::ReporterNotFound {
            address: market.to_string()
        }
    );
    let config: ConfigResponse = suite.reputation_query(&QueryMsg::Config {});
    assert_eq!((config.authorized_count, config.reporter_count), (3, 3));
}

#[test]
fn update_config_validates_and_is_admin_only() {
    let mut suite = Suite::builder().build();
    let admin = suite.admin.clone();
    let upd = |quorum, threshold| ExecuteMsg::UpdateConfig {
        quorum,
        application_expiry_seconds: None,
        threshold,
        min_interactions: Some(7),
        operator_interval_seconds: None,
    };
    assert_eq!(
        reputation_err(suite.reputation_execute(&admin, &upd(Some(0), None))),
        ContractError::InvalidQuorum { quorum: 0, max: 50 }
    );
    assert!(matches!(
        reputation_err(suite.reputation_execute(&admin, &upd(None, Some(Decimal::percent(101))))),
        ContractError::NotAFraction { .. }
    ));
    let stranger = suite.addr("stranger");
    assert!(matches!(
        reputation_err(suite.reputation_execute(&stranger, &upd(Some(1), None))),
        ContractError::Common(CommonError::Ownership(_))
    ));
    suite
        .reputation_execute(&admin, &upd(Some(1), Some(Decimal::percent(40))))
        .unwrap();
    let config: ConfigResponse = suite.reputation_query(&QueryMsg::Config {});
    assert_eq!(config.quorum, 1);
    assert_eq!(config.threshold, Decimal::percent(40));
    assert_eq!(config.min_interactions, 7);
    assert_eq!(config.phi, Decimal::percent(50));
}

#[test]
fn pending_applications_page_in_expiry_order() {
    let mut suite = Suite::builder().build();
    let who: Vec<_> = (0..4).map(|i| suite.addr(&format!("late-{i}"))).collect();
    for w in &who {
        suite.reputation_apply(w, NodeKind::EdgeNode).unwrap();
        suite.app.update_block(|b| b.time = b.time.plus_seconds(10));
    }
    let page = |suite: &Suite, start_after: Option<String>| -> Vec<String> {
        let resp: ApplicationsResponse = suite.reputation_query(&QueryMsg::Applications {
            status: Some(ApplicationStatus::Pending),
            start_after,
            limit: Some(2),
        });
        resp.applications
            .into_iter()
            .map(|a| a.applicant.to_string())
            .collect()
    };
    let first = page(&suite, None);
    assert_eq!(first, vec![who[0].to_string(), who[1].to_string()]);
    let second = page(&suite, Some(first[1].clone()));
    assert_eq!(second, vec![who[2].to_string(), who[3].to_string()]);
    assert!(page(&suite, Some(second[1].clone())).is_empty());
    // Once the first two expire they move to the Expired range.
    suite
        .app
        .update_block(|b| b.time = b.time.plus_seconds(APPLICATION_EXPIRY_SECONDS - 40 + 10));
    assert_eq!(
        page(&suite, None),
        vec![who[2].to_string(), who[3].to_string()]
    );
    assert_eq!(
        applications(&suite, Some(ApplicationStatus::Expired)),
        vec![who[0].to_string(), who[1].to_string()]
    );
}

#[test]
fn rejected_reapplication_leaves_a_suspended_node_unqualified() {
    let mut suite = Suite::builder().build();
    suite.register_suite_reporters();
    let node = suite.addr("edge");
    let auth = suite.reputation_authorized();
    suite.approve_node(&node, NodeKind::EdgeNode);
    let market = suite.market.clone();
    for i in 0..3 {
        let c = suite.addr(&format!("c{i}"));
        suite
            .record_interaction(&market, &c, &node, false, Decimal::one())
            .unwrap();
    }
    suite.assert_reputation_status(&node, NodeStatus::Suspended);
    suite.reputation_apply(&node, NodeKind::EdgeNode).unwrap();
    suite.assert_reputation_status(&node, NodeStatus::Pending);
    suite.reputation_vote(&auth[0], &node, false).unwrap();
    suite.reputation_vote(&auth[1], &node, false).unwrap();
    let q = suite.reputation_qualification(&node);
    assert_eq!((q.qualified, q.status), (false, NodeStatus::Rejected));
    assert_eq!(suite.reputation_node(&node).negative, 3);
    assert!(suite.top_nodes(None, None).nodes.is_empty());
}
