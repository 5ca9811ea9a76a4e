//! auction-clearing against the real bandwidth-market, through the suite.

use auction_clearing::ContractError;
use cosmwasm_std::{coins, Binary, Uint128};
use cw_multi_test::Executor;
use spectrum_testing::auction_clearing::{
    auction_err, auction_setup, salt, AuctionEnv, AUCTION_FUNDS,
};
use spectrum_testing::suite::{Suite, NATIVE_DENOM};
use spectrum_testing::Route;
use spectrum_types::auction_clearing::{
    commitment, AuctionKind, AuctionStatus, AuctionsResponse, BidStatus, ExecuteMsg, Outcome,
    QueryMsg, ReceiveMsg,
};
use spectrum_types::error::CommonError;
use spectrum_types::PaymentError;

#[test]
fn vickrey_winner_pays_second_price_and_gets_refund() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 80, 1, 50);
    e.commit(id, "bob", 30, 1, 30);
    e.commit(id, "carol", 25, 1, 20);
    // bids are hidden before the reveal window ends
    let a = e.suite.auction.clone();
    assert_eq!(
        e.suite.auction_bid_of(&a, id, &e.suite.addr("alice")).price,
        None
    );
    e.suite.market_advance_seconds(100);
    for (w, p) in [("alice", 50), ("bob", 30), ("carol", 20)] {
        e.reveal(id, w, 1, p);
    }
    e.suite.market_advance_seconds(100);
    assert_eq!(
        e.suite.auction_bid_of(&a, id, &e.suite.addr("alice")).price,
        Some(Uint128::new(50))
    );
    assert_eq!(e.suite.auction_clear_all(&a, id), 1);

    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 30);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS);
    assert_eq!(e.balance("carol"), AUCTION_FUNDS);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 30);
    assert_eq!(e.units_held("alice"), 1);
    assert_eq!(e.units_held("bob"), 0);
    let alice = e.suite.auction_bid_of(&a, id, &e.suite.addr("alice"));
    assert_eq!(alice.status, BidStatus::Executed);
    assert_eq!((alice.charged.u128(), alice.refunded.u128()), (30, 50));
    assert_eq!(
        e.suite.auction_bid_of(&a, id, &e.suite.addr("bob")).status,
        BidStatus::Cancelled
    );
    assert_eq!(
        e.suite
            .auction_bid_of(&a, id, &e.suite.addr("nobody"))
            .status,
        BidStatus::Unknown
    );
    let auction = e.suite.auction_get(&a, id);
    assert_eq!(auction.outcome, Some(Outcome::Settled));
    assert_eq!(auction.clearing_price, Some(Uint128::new(30)));
    e.assert_settled(id);
}

#[test]
fn vickrey_lone_bidder_pays_min_price() {
    let mut e = auction_setup();
    let id = e.sealed_round(AuctionKind::Vickrey, 1, &[("alice", 100, 1, 70)]);
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 10);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 10);
    e.assert_settled(id);
}

#[test]
fn vickrey_multi_unit_k_highest_win_and_pay_the_next_price_ties_to_earlier_commit() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 2);
    e.commit(id, "alice", 50, 1, 50);
    e.commit(id, "bob", 40, 1, 40);
    e.commit(id, "carol", 90, 1, 40);
    e.commit(id, "dave", 10, 1, 10);
    e.suite.market_advance_seconds(100);
    for (w, p) in [("carol", 40), ("dave", 10), ("alice", 50), ("bob", 40)] {
        e.reveal(id, w, 1, p);
    }
    e.suite.market_advance_seconds(100);
    let a = e.suite.auction.clone();
    e.suite.auction_clear_all(&a, id);
    // alice and bob (earlier commit than carol at 40) win; all pay the third price, 40
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 40);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS - 40);
    assert_eq!(e.balance("carol"), AUCTION_FUNDS);
    assert_eq!(e.balance("dave"), AUCTION_FUNDS);
    assert_eq!(e.units_held("alice"), 1);
    assert_eq!(e.units_held("bob"), 1);
    assert_eq!(e.units_held("carol"), 0);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 80);
    assert_eq!(
        e.suite
            .auction_bid_of(&a, id, &e.suite.addr("carol"))
            .status,
        BidStatus::Cancelled
    );
    e.assert_settled(id);
}

#[test]
fn unrevealed_commitment_forfeits_the_penalty_to_the_provider() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 1000, 1, 50);
    e.commit(id, "bob", 30, 1, 30);
    e.suite.market_advance_seconds(100);
    e.reveal(id, "bob", 1, 30);
    e.suite.market_advance_seconds(100);
    let a = e.suite.auction.clone();
    e.suite.auction_clear_all(&a, id);
    // default penalty 10% of alice's deposit; bob alone pays min_price 10
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 100);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS - 10);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 110);
    let alice = e.suite.auction_bid_of(&a, id, &e.suite.addr("alice"));
    assert_eq!(alice.status, BidStatus::Cancelled);
    assert_eq!(alice.forfeited.u128(), 100);
    e.assert_settled(id);
}

#[test]
fn propshare_shares_follow_the_paper_formula_with_largest_remainder() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Propshare, 10);
    let a = e.suite.auction.clone();
    for (w, p) in [("alice", 100), ("bob", 200), ("carol", 300)] {
        let who = e.suite.addr(w);
        e.suite.auction_bid(Route::Cw20, &a, id, &who, p).unwrap();
    }
    e.suite.market_advance_seconds(100);
    e.suite.auction_clear_all(&a, id);
    // floor(100·10/600)=1, floor(200·10/600)=3, floor(300·10/600)=5; leftover 1 unit to
    // the largest remainder (alice: 1000 mod 600 = 400)
    assert_eq!(e.units_held("alice"), 2);
    assert_eq!(e.units_held("bob"), 3);
    assert_eq!(e.units_held("carol"), 5);
    // each pays units · floor(bid / units): 2·50, 3·66, 5·60
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 100);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS - 198);
    assert_eq!(e.balance("carol"), AUCTION_FUNDS - 300);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 598);
    assert_eq!(
        e.suite
            .auction_bid_of(&a, id, &e.suite.addr("bob"))
            .refunded
            .u128(),
        2
    );
    e.assert_settled(id);
}

#[test]
fn propshare_small_bid_without_share_is_cancelled_and_refunded() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Propshare, 2);
    let a = e.suite.auction.clone();
    for (w, p) in [("alice", 1000), ("bob", 1000), ("carol", 10)] {
        let who = e.suite.addr(w);
        e.suite.auction_bid(Route::Cw20, &a, id, &who, p).unwrap();
    }
    e.suite.market_advance_seconds(100);
    e.suite.auction_clear_all(&a, id);
    // shares 0.995, 0.995, 0.00995: floors 0; remainders tie alice/bob, earlier bid first
    assert_eq!(e.units_held("alice"), 1);
    assert_eq!(e.units_held("bob"), 1);
    assert_eq!(e.balance("carol"), AUCTION_FUNDS);
    assert_eq!(
        e.suite
            .auction_bid_of(&a, id, &e.suite.addr("carol"))
            .status,
        BidStatus::Cancelled
    );
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 2000);
    e.assert_settled(id);
}

#[test]
fn uniform_winners_pay_the_highest_losing_unit_price() {
    let mut e = auction_setup();
    let id = e.sealed_round(
        AuctionKind::Uniform,
        5,
        &[
            ("alice", 150, 3, 50),
            ("bob", 120, 3, 40),
            ("carol", 60, 2, 30),
        ],
    );
    let a = e.suite.auction.clone();
    // alice 3 units, bob 2 of 3; the highest losing unit is bob's third at 40
    assert_eq!(e.units_held("alice"), 3);
    assert_eq!(e.units_held("bob"), 2);
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 120);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS - 80);
    assert_eq!(e.balance("carol"), AUCTION_FUNDS);
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 200);
    assert_eq!(
        e.suite.auction_get(&a, id).clearing_price,
        Some(Uint128::new(40))
    );
    e.assert_settled(id);
}

#[test]
fn uniform_undersubscribed_pays_min_price() {
    let mut e = auction_setup();
    let id = e.sealed_round(AuctionKind::Uniform, 5, &[("alice", 150, 2, 50)]);
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 20);
    assert_eq!(e.units_held("alice"), 2);
    e.assert_settled(id);
}

#[test]
fn settlement_failure_marks_bids_error_and_refunds_all_escrow() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 80, 1, 50);
    e.commit(id, "bob", 30, 1, 30);
    e.commit(id, "carol", 500, 1, 20);
    e.suite.market_advance_seconds(100);
    e.reveal(id, "alice", 1, 50);
    e.reveal(id, "bob", 1, 30);
    e.suite.market_advance_seconds(100);
    // the provider revokes the delegation
    let (m, p, off) = (e.suite.market.clone(), e.provider.clone(), e.offer_id);
    e.suite
        .market_set_clearing_house(&m, &p, off, None)
        .unwrap();
    let a = e.suite.auction.clone();
    e.suite.auction_clear_all(&a, id);
    for w in ["alice", "bob", "carol"] {
        assert_eq!(e.balance(w), AUCTION_FUNDS, "{w} refunded in full");
        assert_eq!(
            e.suite.auction_bid_of(&a, id, &e.suite.addr(w)).status,
            BidStatus::Error
        );
    }
    assert_eq!(e.suite.bandcoin_balance(&e.provider), 0);
    assert_eq!(e.units_held("alice"), 0);
    assert_eq!(e.suite.auction_get(&a, id).outcome, Some(Outcome::Failed));
    e.assert_settled(id);
}

#[test]
fn replace_and_withdraw_refund_exactly() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 80, 1, 50);
    e.commit(id, "alice", 60, 1, 40);
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 60);
    let (a, alice) = (e.suite.auction.clone(), e.suite.addr("alice"));
    e.suite
        .auction_execute(&a, &alice, &ExecuteMsg::Withdraw { auction_id: id })
        .unwrap();
    assert_eq!(e.balance("alice"), AUCTION_FUNDS);
    assert_eq!(
        e.suite.auction_bid_of(&a, id, &alice).status,
        BidStatus::Unknown
    );
    assert_eq!(e.suite.auction_get(&a, id).bid_count, 0);
    // the open kind too
    let id2 = e.create(AuctionKind::Propshare, 4);
    e.suite
        .auction_bid(Route::Cw20, &a, id2, &alice, 100)
        .unwrap();
    e.suite
        .auction_bid(Route::Cw20, &a, id2, &alice, 70)
        .unwrap();
    assert_eq!(e.balance("alice"), AUCTION_FUNDS - 70);
    assert_eq!(e.suite.auction_get(&a, id2).escrow.u128(), 70);
}

#[test]
fn list_auctions_filters_by_status() {
    let mut e = auction_setup();
    let v = e.create(AuctionKind::Vickrey, 1);
    let p = e.create(AuctionKind::Propshare, 1);
    e.suite.market_advance_seconds(150);
    let a = e.suite.auction.clone();
    e.suite.auction_clear_all(&a, p);
    let list = |e: &AuctionEnv, status| -> Vec<u64> {
        let r: AuctionsResponse = e
            .suite
            .app
            .wrap()
            .query_wasm_smart(
                &e.suite.auction,
                &QueryMsg::ListAuctions {
                    status,
                    start_after: None,
                    limit: None,
                },
            )
            .unwrap();
        r.auctions.iter().map(|a| a.auction_id).collect()
    };
    assert_eq!(list(&e, Some(AuctionStatus::Active)), vec![v]);
    assert_eq!(list(&e, Some(AuctionStatus::Cleared)), vec![p]);
    assert_eq!(list(&e, Some(AuctionStatus::Inactive)), Vec::<u64>::new());
    assert_eq!(list(&e, None), vec![v, p]);
}

// ---- paging ----

/// Runs the same PROPSHARE and UNIFORM auctions on native auction contracts clearing
/// `page` bids per transaction; returns (calls, per-bidder (units, charged, refunded)).
fn run_native(page: u32, kind: AuctionKind) -> (usize, Vec<(u64, u128, u128)>, u128) {
    let names: Vec<String> = (0..23).map(|i| format!("n{i}")).collect();
    let mut b = Suite::builder();
    for n in &names {
        b = b.with_native(n, AUCTION_FUNDS);
    }
    let mut s = b.build();
    let market = s.deploy_native_market();
    let auction = s.deploy_native_auction(&market, Some(page));
    let provider = s.addr("provider");
    let offer_id = s.auction_offer(&market, &auction, &provider);
    let params = s.auction_params(offer_id, kind, 7);
    let id = s.auction_create(&auction, &provider, params).unwrap();
    let price = |i: usize| 10 + ((i * 37) % 11) as u128 * 5;
    for (i, n) in names.iter().enumerate() {
        let who = s.addr(n);
        if kind == AuctionKind::Propshare {
            s.app
                .execute_contract(
                    who,
                    auction.clone(),
                    &ExecuteMsg::Bid {
                        auction_id: id,
                        price: Uint128::new(price(i)),
                    },
                    &coins(price(i), NATIVE_DENOM),
                )
                .unwrap();
        } else {
            let units = 1 + (i % 3) as u64;
            s.auction_commit(
                Route::Native,
                &auction,
                id,
                &who,
                price(i) * 3 + 7,
                units,
                price(i),
            )
            .unwrap();
        }
    }
    if kind != AuctionKind::Propshare {
        s.market_advance_seconds(100);
        for (i, n) in names.iter().enumerate() {
            let who = s.addr(n);
            s.auction_reveal(&auction, id, &who, 1 + (i % 3) as u64, price(i))
                .unwrap();
        }
    }
    s.market_advance_seconds(200);
    let calls = s.auction_clear_all(&auction, id);
    assert_eq!(s.native_balance(&auction), 0);
    let out = names
        .iter()
        .map(|n| {
            let b = s.auction_bid_of(&auction, id, &s.addr(n));
            (b.units_won, b.charged.u128(), b.refunded.u128())
        })
        .collect();
    (calls, out, s.native_balance(&provider))
}

#[test]
fn paged_clearing_gives_the_same_outcome_as_one_pass() {
    for kind in [AuctionKind::Propshare, AuctionKind::Uniform] {
        let (one_calls, one, one_paid) = run_native(500, kind);
        let (paged_calls, paged, paged_paid) = run_native(7, kind);
        assert_eq!(one_calls, 1, "{kind:?}: small auction clears in one call");
        assert!(paged_calls > 3, "{kind:?}: paged over {paged_calls} calls");
        assert_eq!(one, paged, "{kind:?}");
        assert_eq!(one_paid, paged_paid);
        assert_eq!(one.iter().map(|b| b.0).sum::<u64>(), 7);
    }
}

// ---- bad input: typed errors, escrow intact ----

fn sealed_with_alice(e: &mut AuctionEnv) -> u64 {
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 100, 1, 50);
    id
}

fn assert_escrow(e: &AuctionEnv, id: u64, escrow: u128) {
    let a = e.suite.auction.clone();
    assert_eq!(e.suite.auction_get(&a, id).escrow.u128(), escrow);
    assert_eq!(e.suite.bandcoin_balance(&a), escrow);
}

#[test]
fn reveal_not_matching_the_commitment_is_refused() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    e.suite.market_advance_seconds(100);
    let (a, alice) = (e.suite.auction.clone(), e.suite.addr("alice"));
    let err = auction_err(e.suite.auction_reveal(&a, id, &alice, 1, 40));
    assert_eq!(
        err,
        ContractError::CommitmentMismatch {
            auction_id: id,
            bidder: alice.to_string()
        }
    );
    assert_escrow(&e, id, 100);
}

#[test]
fn reveal_and_commit_outside_their_windows_are_refused() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    let (a, alice, bob) = (
        e.suite.auction.clone(),
        e.suite.addr("alice"),
        e.suite.addr("bob"),
    );
    let now = e.suite.app.block_info().time.seconds();
    // reveal too early
    let err = auction_err(e.suite.auction_reveal(&a, id, &alice, 1, 50));
    assert!(matches!(err, ContractError::OutsideWindow { ref action, .. } if action == "reveal"));
    // commit too late
    e.suite.market_advance_seconds(100);
    let err = auction_err(
        e.suite
            .auction_commit(Route::Cw20, &a, id, &bob, 100, 1, 50),
    );
    assert_eq!(
        err,
        ContractError::OutsideWindow {
            action: "commit".into(),
            opens: now,
            closes: now + 100,
            now: now + 100
        }
    );
    // reveal too late
    e.suite.market_advance_seconds(100);
    let err = auction_err(e.suite.auction_reveal(&a, id, &alice, 1, 50));
    assert!(matches!(err, ContractError::OutsideWindow { ref action, .. } if action == "reveal"));
    assert_escrow(&e, id, 100);
    assert_eq!(e.balance("bob"), AUCTION_FUNDS);
}

#[test]
fn bid_below_min_price_is_refused() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    e.commit(id, "alice", 100, 1, 5);
    e.suite.market_advance_seconds(100);
    let (a, alice) = (e.suite.auction.clone(), e.suite.addr("alice"));
    let err = auction_err(e.suite.auction_reveal(&a, id, &alice, 1, 5));
    assert_eq!(
        err,
        ContractError::BelowMinPrice {
            price: Uint128::new(5),
            min_price: Uint128::new(10)
        }
    );
    let p = e.create(AuctionKind::Propshare, 1);
    let err = auction_err(e.suite.auction_bid(Route::Cw20, &a, p, &alice, 9));
    assert_eq!(
        err,
        ContractError::BelowMinPrice {
            price: Uint128::new(9),
            min_price: Uint128::new(10)
        }
    );
    assert_escrow(&e, id, 100);
    assert_eq!(e.suite.auction_get(&a, p).escrow.u128(), 0);
}

#[test]
fn deposit_below_the_revealed_bid_is_refused() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Uniform, 5);
    e.commit(id, "alice", 100, 3, 50);
    e.suite.market_advance_seconds(100);
    let (a, alice) = (e.suite.auction.clone(), e.suite.addr("alice"));
    let err = auction_err(e.suite.auction_reveal(&a, id, &alice, 3, 50));
    assert_eq!(
        err,
        ContractError::DepositTooSmall {
            deposit: Uint128::new(100),
            required: Uint128::new(150)
        }
    );
    assert_escrow(&e, id, 100);
}

#[test]
fn clearing_before_the_clearing_time_is_refused() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    e.suite.market_advance_seconds(150);
    let a = e.suite.auction.clone();
    let err = auction_err(e.suite.auction_clear(&a, id));
    assert!(matches!(err, ContractError::ClearingTooEarly { auction_id, .. } if auction_id == id));
    assert_escrow(&e, id, 100);
}

#[test]
fn clearing_twice_and_bidding_on_a_cleared_auction_are_refused() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    e.suite.market_advance_seconds(100);
    e.reveal(id, "alice", 1, 50);
    e.suite.market_advance_seconds(100);
    let a = e.suite.auction.clone();
    e.suite.auction_clear_all(&a, id);
    let err = auction_err(e.suite.auction_clear(&a, id));
    assert_eq!(err, ContractError::AuctionCleared { auction_id: id });
    let bob = e.suite.addr("bob");
    let err = auction_err(
        e.suite
            .auction_commit(Route::Cw20, &a, id, &bob, 100, 1, 50),
    );
    assert_eq!(err, ContractError::AuctionCleared { auction_id: id });
    assert_eq!(e.balance("bob"), AUCTION_FUNDS);
    e.assert_settled(id);
}

#[test]
fn a_fake_cw20_is_refused() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    let fake = e.suite.addr("fakecoin");
    let a = e.suite.auction.clone();
    let msg = ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
        sender: e.suite.addr("bob").to_string(),
        amount: Uint128::new(100),
        msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Commit {
            auction_id: id,
            commitment: commitment(id, "x", 1, Uint128::new(1), &salt("x")),
        })
        .unwrap(),
    });
    let err = auction_err(e.suite.auction_execute(&a, &fake, &msg));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Payment(PaymentError::UnknownToken { .. }))
    ));
    assert_escrow(&e, id, 100);
}

#[test]
fn a_wrong_denom_is_refused() {
    let mut s = Suite::builder().with_native("alice", AUCTION_FUNDS).build();
    let market = s.deploy_native_market();
    let auction = s.deploy_native_auction(&market, None);
    let provider = s.addr("provider");
    let offer_id = s.auction_offer(&market, &auction, &provider);
    let params = s.auction_params(offer_id, AuctionKind::Vickrey, 1);
    let id = s.auction_create(&auction, &provider, params).unwrap();
    let alice = s.addr("alice");
    s.app
        .sudo(cw_multi_test::SudoMsg::Bank(
            cw_multi_test::BankSudo::Mint {
                to_address: alice.to_string(),
                amount: coins(100, "uatom"),
            },
        ))
        .unwrap();
    let msg = ExecuteMsg::Commit {
        auction_id: id,
        commitment: Binary::from(vec![1u8; 32]),
    };
    let err = auction_err(s.app.execute_contract(
        alice.clone(),
        auction.clone(),
        &msg,
        &coins(100, "uatom"),
    ));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Payment(PaymentError::WrongFunds { .. }))
    ));
    // Bandcoin sent to a native auction is a wrong asset too
    assert_eq!(s.native_balance(&auction), 0);
    assert_eq!(s.native_balance(&alice), AUCTION_FUNDS);
    assert_eq!(s.auction_get(&auction, id).escrow.u128(), 0);
}

#[test]
fn create_auction_requires_the_offer_provider_and_the_delegation() {
    let mut e = auction_setup();
    let params = e.suite.auction_params(e.offer_id, AuctionKind::Vickrey, 1);
    let (a, bob) = (e.suite.auction.clone(), e.suite.addr("bob"));
    let err = auction_err(e.suite.auction_create(&a, &bob, params.clone()));
    assert!(matches!(err, ContractError::NotOfferProvider { .. }));
    let (m, p, off) = (e.suite.market.clone(), e.provider.clone(), e.offer_id);
    e.suite
        .market_set_clearing_house(&m, &p, off, None)
        .unwrap();
    let err = auction_err(e.suite.auction_create(&a, &p, params));
    assert_eq!(err, ContractError::NotClearingHouse { offer_id: off });
}

#[test]
fn reputation_gate_refuses_unqualified_bidders_and_providers() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 1);
    let (a, admin, rep) = (
        e.suite.auction.clone(),
        e.suite.admin.clone(),
        e.suite.reputation.clone(),
    );
    let gate = ExecuteMsg::UpdateConfig {
        market: None,
        reputation_gate: Some(spectrum_types::ReputationGateMsg {
            contract: rep.to_string(),
            min_score: cosmwasm_std::Decimal::zero(),
        }),
        remove_reputation_gate: false,
        max_bids_per_tx: None,
        max_bids_per_auction: None,
        unrevealed_penalty: None,
    };
    // only the admin configures
    let alice = e.suite.addr("alice");
    let err = auction_err(e.suite.auction_execute(&a, &alice, &gate));
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Ownership(_))
    ));
    e.suite.auction_execute(&a, &admin, &gate).unwrap();
    let err = auction_err(
        e.suite
            .auction_commit(Route::Cw20, &a, id, &alice, 100, 1, 50),
    );
    assert!(matches!(
        err,
        ContractError::Common(CommonError::Gate(
            spectrum_types::GateError::NotQualified { .. }
        ))
    ));
    let params = e.suite.auction_params(e.offer_id, AuctionKind::Vickrey, 1);
    let p = e.provider.clone();
    let err = auction_err(e.suite.auction_create(&a, &p, params));
    assert!(matches!(err, ContractError::Common(CommonError::Gate(_))));
    assert_eq!(e.balance("alice"), AUCTION_FUNDS);
}

#[test]
fn invalid_auction_parameters_are_refused() {
    let mut e = auction_setup();
    let (a, p) = (e.suite.auction.clone(), e.provider.clone());
    let base = e.suite.auction_params(e.offer_id, AuctionKind::Vickrey, 1);
    let mut no_reveal = base.clone();
    no_reveal.reveal_end = None;
    assert!(matches!(
        auction_err(e.suite.auction_create(&a, &p, no_reveal)),
        ContractError::InvalidTimes { .. }
    ));
    let mut too_many = base.clone();
    too_many.max_allocations = 101;
    assert_eq!(
        auction_err(e.suite.auction_create(&a, &p, too_many)),
        ContractError::InvalidMaxAllocations {
            max_allocations: 101,
            max: 100
        }
    );
    let mut band = base.clone();
    band.bandwidth_hz = 1;
    assert!(matches!(
        auction_err(e.suite.auction_create(&a, &p, band)),
        ContractError::OfferMismatch { .. }
    ));
    let mut prop = e
        .suite
        .auction_params(e.offer_id, AuctionKind::Propshare, 50);
    prop.min_price = Uint128::new(49);
    assert!(matches!(
        auction_err(e.suite.auction_create(&a, &p, prop)),
        ContractError::PropshareMinPrice { .. }
    ));
    let mut early = base;
    early.clearing_time = early.bid_end;
    assert!(matches!(
        auction_err(e.suite.auction_create(&a, &p, early)),
        ContractError::InvalidTimes { .. }
    ));
}

#[test]
fn vickrey_bid_for_more_than_one_unit_is_refused_at_reveal() {
    let mut e = auction_setup();
    let id = e.create(AuctionKind::Vickrey, 3);
    e.commit(id, "alice", 100, 2, 20);
    e.suite.market_advance_seconds(100);
    let (a, alice) = (e.suite.auction.clone(), e.suite.addr("alice"));
    assert_eq!(
        auction_err(e.suite.auction_reveal(&a, id, &alice, 2, 20)),
        ContractError::InvalidUnits { units: 2, max: 1 }
    );
    assert_escrow(&e, id, 100);
}

#[test]
fn migrate_keeps_the_version_and_state() {
    let mut e = auction_setup();
    let id = sealed_with_alice(&mut e);
    let (a, admin) = (e.suite.auction.clone(), e.suite.admin.clone());
    let code_id = e
        .suite
        .app
        .store_code(spectrum_testing::auction_clearing::contract());
    e.suite
        .app
        .migrate_contract(admin, a.clone(), &spectrum_types::MigrateMsg {}, code_id)
        .unwrap();
    assert_escrow(&e, id, 100);
    let v = cw2::query_contract_info(&e.suite.app.wrap(), a.to_string()).unwrap();
    assert_eq!(v.contract, "crates.io:auction-clearing");
}
