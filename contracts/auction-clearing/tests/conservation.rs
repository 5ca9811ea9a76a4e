//! Proptest: for every auction, the escrow taken in equals what the provider received
//! plus the refunds plus the forfeits, and nothing stays in the contract once cleared.

use cosmwasm_std::{Addr, Uint128};
use cw_multi_test::Executor;
use proptest::prelude::*;
use spectrum_testing::suite::Suite;
use spectrum_testing::Route;
use spectrum_types::auction_clearing::{AuctionKind, AuctionStatus, BidStatus, Outcome};

const FUNDS: u128 = 1_000_000;

#[derive(Debug, Clone)]
struct BidPlan {
    units: u64,
    price: u128,
    extra_deposit: u128,
    reveal: bool,
}

fn bid_plan() -> impl Strategy<Value = BidPlan> {
    (1u64..4, 10u128..200, 0u128..100, prop::bool::weighted(0.8)).prop_map(
        |(units, price, extra_deposit, reveal)| BidPlan {
            units,
            price,
            extra_deposit,
            reveal,
        },
    )
}

fn kind() -> impl Strategy<Value = AuctionKind> {
    prop_oneof![
        Just(AuctionKind::Vickrey),
        Just(AuctionKind::Propshare),
        Just(AuctionKind::Uniform)
    ]
}

fn run(kind: AuctionKind, max_allocations: u64, plans: Vec<BidPlan>, revoke: bool, page: u32) {
    let names: Vec<String> = (0..plans.len()).map(|i| format!("b{i}")).collect();
    let mut b = Suite::builder();
    for n in &names {
        b = b.with_bandcoin(n, FUNDS);
    }
    let mut s = b.build();
    s.auction_use_market();
    let (market, auction) = (s.market.clone(), s.auction.clone());
    s.app
        .execute_contract(
            s.admin.clone(),
            auction.clone(),
            &spectrum_types::auction_clearing::ExecuteMsg::UpdateConfig {
                market: None,
                reputation_gate: None,
                remove_reputation_gate: false,
                max_bids_per_tx: Some(page.max(max_allocations as u32)),
                max_bids_per_auction: None,
                unrevealed_penalty: None,
            },
            &[],
        )
        .unwrap();
    let provider = s.addr("provider");
    let offer_id = s.auction_offer(&market, &auction, &provider);
    let mut params = s.auction_params(offer_id, kind, max_allocations);
    params.min_price = Uint128::new(10);
    let id = s.auction_create(&auction, &provider, params).unwrap();
    let addrs: Vec<Addr> = names.iter().map(|n| s.addr(n)).collect();
    let sealed = kind != AuctionKind::Propshare;
    let units_of = |p: &BidPlan| {
        if kind == AuctionKind::Vickrey {
            1
        } else {
            p.units.min(max_allocations)
        }
    };
    for (p, who) in plans.iter().zip(&addrs) {
        if sealed {
            let deposit = p.price * units_of(p) as u128 + p.extra_deposit;
            s.auction_commit(
                Route::Cw20,
                &auction,
                id,
                who,
                deposit,
                units_of(p),
                p.price,
            )
            .unwrap();
        } else {
            s.auction_bid(Route::Cw20, &auction, id, who, p.price)
                .unwrap();
        }
    }
    if sealed {
        s.market_advance_seconds(100);
        for (p, who) in plans.iter().zip(&addrs) {
            if p.reveal {
                s.auction_reveal(&auction, id, who, units_of(p), p.price)
                    .unwrap();
            }
        }
    }
    let escrow_in = s.auction_get(&auction, id).escrow.u128();
    assert_eq!(s.bandcoin_balance(&auction), escrow_in);
    if revoke {
        s.market_set_clearing_house(&market, &provider, offer_id, None)
            .unwrap();
    }
    s.market_advance_seconds(200);
    s.auction_clear_all(&auction, id);

    let a = s.auction_get(&auction, id);
    let provider_got = s.bandcoin_balance(&provider);
    let spent: u128 = addrs.iter().map(|w| FUNDS - s.bandcoin_balance(w)).sum();
    assert_eq!(a.status, AuctionStatus::Cleared);
    assert_eq!(
        s.bandcoin_balance(&auction),
        0,
        "nothing stays in the contract"
    );
    assert_eq!(a.escrow, Uint128::zero());
    assert_eq!(
        escrow_in,
        provider_got + a.refunded.u128(),
        "escrow in = provider received + refunds"
    );
    assert_eq!(provider_got, a.settled_amount.u128() + a.forfeited.u128());
    assert_eq!(spent, provider_got);
    assert!(a.units_awarded <= max_allocations);
    let units_won: u64 = addrs
        .iter()
        .map(|w| s.auction_bid_of(&auction, id, w))
        .inspect(|b| assert_ne!(b.status, BidStatus::Pending))
        .map(|b| b.units_won)
        .sum();
    assert_eq!(units_won, a.units_awarded);
    if revoke {
        // a revoked delegation never sells: ERROR (everything refunded) or no sale
        // (only unrevealed penalties reach the provider)
        assert!(a.outcome != Some(Outcome::Settled));
        assert_eq!(a.settled_amount, Uint128::zero());
        if a.outcome == Some(Outcome::Failed) {
            assert_eq!(provider_got, 0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn escrow_is_conserved_and_nothing_stays_in_the_contract(
        kind in kind(),
        max_allocations in 1u64..5,
        plans in prop::collection::vec(bid_plan(), 0..7),
        revoke in prop::bool::weighted(0.2),
        page in 1u32..4,
    ) {
        run(kind, max_allocations, plans, revoke, page);
    }
}
