//! Issue 20: the cheaper purchase routes and the 0.3.0 and 0.4.0 storage layouts.
//!
//! - The allowance route pays the provider with one `TransferFrom` buyer → provider: the
//!   tokens never pass through the market, and a short allowance refuses the purchase.
//! - A spot purchase writes only the offer's spot counters ("spot"), which the offer,
//!   quote and purchases read in place of the record's; new terms reset them.
//! - State written by 0.2.0 and by 0.3.0 (tests/fixtures/state-0.2.0.json and
//!   state-0.3.0.json: the raw store of a market after offers, spot, packed-key, reserved,
//!   committed and auction purchases, written by that version's code; 0.3.0's last purchase
//!   is one of packed keys) migrates to this version and answers every query exactly as the
//!   same history replayed by this version does, before and after further purchases.

use bandwidth_market::contract::{execute, migrate, query};
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{coins, Addr, Binary, Env, OwnedDeps, Storage, Uint128};
use spectrum_testing::bandwidth_market::{
    allocate_units, instantiate_native, market_err, market_setup, offer_terms,
};
use spectrum_testing::Route;
use spectrum_types::bandwidth_market::{
    AccessTarget, AllocateCommittedMsg, AllocateMsg, Award, ExecuteMsg, Holder, MigrateMsg,
    QueryMsg, Recipients, ReservationUpdate,
};

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

// ---- the allowance route -------------------------------------------------------------------

#[test]
fn allowance_purchase_is_one_transfer_from_buyer_to_provider() {
    let mut e = market_setup();
    let price = e
        .suite
        .market_quote(&e.market, e.offer, None, None, 3)
        .unwrap()
        .price;
    e.suite.bandcoin_allow(&e.buyer, &e.market, 10_000).unwrap();
    let resp = e
        .suite
        .market_allocate_from_allowance(
            &e.market,
            &e.buyer,
            allocate_units(e.offer, 1, 3, price.u128()),
        )
        .unwrap();
    // One cw20 call, a TransferFrom from the buyer straight to the provider.
    let actions: Vec<(String, String, String)> = resp
        .events
        .iter()
        .filter(|ev| ev.ty == "wasm")
        .filter_map(|ev| {
            let get = |k: &str| {
                ev.attributes
                    .iter()
                    .find(|a| a.key == k)
                    .map(|a| a.value.clone())
            };
            let action = get("action")?;
            if action.starts_with("transfer") || action == "send" {
                Some((action, get("from")?, get("to")?))
            } else {
                None
            }
        })
        .collect();
    assert_eq!(
        actions,
        vec![(
            "transfer_from".to_string(),
            e.buyer.to_string(),
            e.provider.to_string()
        )]
    );
    assert_eq!(
        e.suite.bandcoin_balance(&e.buyer),
        1_000_000 - price.u128(),
        "the buyer paid the price"
    );
    assert_eq!(e.suite.bandcoin_balance(&e.provider), price.u128());
    assert_eq!(e.suite.bandcoin_balance(&e.market), 0);
    assert_eq!(
        e.suite.market_offer(&e.market, e.offer).allocations_left,
        97
    );
}

#[test]
fn allowance_short_of_the_price_refuses_the_purchase_and_changes_nothing() {
    let mut e = market_setup();
    e.suite.bandcoin_allow(&e.buyer, &e.market, 999).unwrap();
    let before = e.snapshot(&e.market, e.offer);
    let r = e.suite.market_allocate_from_allowance(
        &e.market,
        &e.buyer,
        allocate_units(e.offer, 1, 1, 1000),
    );
    let msg = format!("{:?}", r.unwrap_err());
    assert!(
        msg.contains("No allowance") || msg.contains("allowance"),
        "{msg}"
    );
    assert_eq!(e.snapshot(&e.market, e.offer), before);
    // A wrong quoted price is still the market's typed error, before any transfer.
    e.suite.bandcoin_allow(&e.buyer, &e.market, 10_000).unwrap();
    let before = e.snapshot(&e.market, e.offer);
    let e2 = market_err(e.suite.market_allocate_from_allowance(
        &e.market,
        &e.buyer,
        allocate_units(e.offer, 1, 1, 999),
    ));
    assert_eq!(
        e2,
        bandwidth_market::ContractError::PriceMismatch {
            expected: Uint128::new(1000),
            quoted: Uint128::new(999)
        }
    );
    assert_eq!(e.snapshot(&e.market, e.offer), before);
}

// ---- spot counters stored apart --------------------------------------------------------------

#[test]
fn spot_counters_follow_purchases_settlements_and_new_terms() {
    let mut e = market_setup();
    let (market, offer, buyer, provider) = (
        e.market.clone(),
        e.offer,
        e.buyer.clone(),
        e.provider.clone(),
    );
    e.buy(Route::Cw20, 1, 2, 2000).unwrap();
    assert_eq!(e.suite.market_offer(&market, offer).allocations_left, 98);
    // Only 98 are left: 99 is refused with the counters of the spot entry.
    let quote = e.suite.market_quote(&market, offer, None, None, 99);
    assert!(quote.is_err());
    // An auction settlement draws on the same counters.
    let house = e.suite.addr("clearinghouse");
    e.suite
        .market_execute(
            &market,
            &provider,
            &ExecuteMsg::SetClearingHouse {
                offer_id: offer,
                clearing_house: Some(house.to_string()),
            },
        )
        .unwrap();
    e.suite
        .market_send(
            &market,
            &house,
            1800,
            &spectrum_types::bandwidth_market::ReceiveMsg::SettleAuction {
                offer_id: offer,
                awards: vec![Award {
                    consumer: buyer.to_string(),
                    units: 2,
                    unit_price: Uint128::new(900),
                }],
            },
        )
        .unwrap();
    let o = e.suite.market_offer(&market, offer);
    assert_eq!(o.allocations_left, 96);
    assert_eq!(o.clearing_house, Some(house));
    // New terms reset the spot units to the new maximum.
    let mut terms = offer_terms();
    terms.max_allocations = 50;
    e.suite
        .market_execute(
            &market,
            &provider,
            &ExecuteMsg::UpdateOffer {
                offer_id: offer,
                terms,
            },
        )
        .unwrap();
    assert_eq!(e.suite.market_offer(&market, offer).allocations_left, 50);
    e.buy(Route::Cw20, 2, 1, 1000).unwrap();
    assert_eq!(e.suite.market_offer(&market, offer).allocations_left, 49);
    // A later epoch starts again at the maximum.
    e.suite.market_advance_seconds(3600);
    assert_eq!(e.suite.market_offer(&market, offer).allocations_left, 50);
}

// ---- migration from 0.2.0 and 0.3.0 ------------------------------------------------------------

fn run(deps: &mut Deps, env: &Env, who: &Addr, paid: u128, msg: ExecuteMsg) {
    let funds = if paid == 0 {
        vec![]
    } else {
        coins(paid, "ustake")
    };
    execute(deps.as_mut(), env.clone(), message_info(who, &funds), msg).unwrap();
}

fn keys() -> Binary {
    Binary::from(
        (0..3u8)
            .flat_map(|i| {
                let mut k = vec![2u8; 33];
                k[1] = i;
                k
            })
            .collect::<Vec<u8>>(),
    )
}

/// The buyer allocates on version 1 of `offer_id`, paying exactly `price`.
fn buy(
    deps: &mut Deps,
    env: &Env,
    offer_id: u64,
    epoch: Option<u64>,
    recipients: Recipients,
    price: u128,
) {
    let buyer = deps.api.addr_make("buyer");
    let msg = ExecuteMsg::Allocate(AllocateMsg {
        offer_id,
        version: 1,
        epoch,
        epoch_to: None,
        recipients,
        price: Uint128::new(price),
    });
    run(deps, env, &buyer, price, msg);
}

/// The clearing house settles an auction of offer 2: `units` to the buyer at 900 each.
fn settle(deps: &mut Deps, env: &Env, units: u64) {
    let buyer = deps.api.addr_make("buyer");
    let house = deps.api.addr_make("house");
    let awards = vec![Award {
        consumer: buyer.to_string(),
        units,
        unit_price: Uint128::new(900),
    }];
    let paid = u128::from(units) * 900;
    run(
        deps,
        env,
        &house,
        paid,
        ExecuteMsg::SettleAuction {
            offer_id: 2,
            awards,
        },
    );
}

/// The history the fixtures were written with (by the 0.2.0 and 0.3.0 code), replayed;
/// the 0.3.0 fixture's history ends with [`last_0_3_0_purchase`].
fn history(deps: &mut Deps, env: &Env) {
    let admin = deps.api.addr_make("admin");
    let provider = deps.api.addr_make("provider");
    let buyer = deps.api.addr_make("buyer");
    let house = deps.api.addr_make("house");
    instantiate_native(deps, env, "ustake", Some(3600));
    run(
        deps,
        env,
        &admin,
        0,
        ExecuteMsg::ApproveProvider {
            provider: provider.to_string(),
        },
    );
    let mut terms = offer_terms();
    terms.qos.insert("latency_class".into(), "low".into());
    terms.reservation_discount = "0.5".parse().unwrap();
    terms.reservations = vec![ReservationUpdate {
        epoch: 2,
        price: Uint128::new(1000),
        capacity: 10,
    }];
    run(deps, env, &provider, 0, ExecuteMsg::PostOffer(terms));
    run(
        deps,
        env,
        &provider,
        0,
        ExecuteMsg::PostOffer(offer_terms()),
    );
    buy(deps, env, 1, None, Recipients::Units { units: 2 }, 2000);
    buy(
        deps,
        env,
        1,
        None,
        Recipients::PackedConsumers { keys: keys() },
        3000,
    );
    buy(deps, env, 1, Some(2), Recipients::Units { units: 1 }, 250);
    run(
        deps,
        env,
        &buyer,
        4000,
        ExecuteMsg::AllocateCommitted(AllocateCommittedMsg {
            offer_id: 2,
            version: 1,
            epoch: None,
            epoch_to: None,
            root: Binary::from(vec![7u8; 32]),
            count: 4,
            price: Uint128::new(4000),
        }),
    );
    run(
        deps,
        env,
        &provider,
        0,
        ExecuteMsg::SetClearingHouse {
            offer_id: 2,
            clearing_house: Some(house.to_string()),
        },
    );
    settle(deps, env, 2);
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The last purchase of the 0.3.0 fixture: two packed keys on offer 1, so that the last
/// allocation record held its keys when 0.3.0 wrote it.
fn last_0_3_0_purchase(deps: &mut Deps, env: &Env) {
    let keys: Vec<u8> = (0..66u8)
        .map(|i| match i {
            1 => 4,
            34 => 2,
            _ => 3,
        })
        .collect();
    let keys = Recipients::PackedConsumers { keys: keys.into() };
    buy(deps, env, 1, None, keys, 2000);
}

/// A version's fixture: its raw store, and the same history replayed by this version.
struct Fixture {
    version: &'static str,
    rows: &'static str,
    history: fn(&mut Deps, &Env),
}

const FIXTURES: [Fixture; 2] = [
    Fixture {
        version: "0.2.0",
        rows: include_str!("fixtures/state-0.2.0.json"),
        history,
    },
    Fixture {
        version: "0.3.0",
        rows: include_str!("fixtures/state-0.3.0.json"),
        history: |deps, env| {
            history(deps, env);
            last_0_3_0_purchase(deps, env);
        },
    },
];

/// A market whose store is the fixture's.
fn state_of(f: &Fixture) -> Deps {
    let mut deps = mock_dependencies();
    let rows: Vec<(String, String)> = cosmwasm_std::from_json(f.rows).unwrap();
    for (k, v) in rows {
        deps.storage.set(&unhex(&k), &unhex(&v));
    }
    deps
}

/// The allocation records in the store: (first grant id, written as JSON).
fn allocation_records(deps: &Deps) -> Vec<(u64, bool)> {
    let ns = b"\x00\x06allocs";
    deps.storage
        .range(None, None, cosmwasm_std::Order::Ascending)
        .filter(|(k, _)| k.len() == ns.len() + 8 && k.starts_with(ns))
        .map(|(k, v)| {
            let id = u64::from_be_bytes(k[ns.len()..].try_into().unwrap());
            (id, v[0] == b'{')
        })
        .collect()
}

/// Every query a user has, as JSON text.
fn answers(deps: &Deps, env: &Env) -> Vec<String> {
    let buyer = deps.api.addr_make("buyer");
    let provider = deps.api.addr_make("provider");
    let key = |i: u8| {
        let mut k = vec![2u8; 33];
        k[1] = i;
        Binary::from(k)
    };
    let mut qs = vec![
        QueryMsg::Config {},
        QueryMsg::Ownership {},
        QueryMsg::CurrentEpoch {},
        QueryMsg::Offers {
            provider: provider.to_string(),
            start_after: None,
            limit: None,
        },
        QueryMsg::GrantsByHolder {
            holder: Holder::Address {
                address: buyer.to_string(),
            },
            start_after: None,
            limit: None,
        },
        QueryMsg::Batch { batch_id: 1 },
        QueryMsg::Quote {
            offer_id: 1,
            epoch: None,
            epoch_to: None,
            units: 1,
            buyer: None,
        },
        QueryMsg::Quote {
            offer_id: 1,
            epoch: Some(2),
            epoch_to: None,
            units: 1,
            buyer: None,
        },
        QueryMsg::VerifyAccess {
            target: AccessTarget::Grant { grant_id: 3 },
            pubkey: key(0),
            challenge: Binary::from(b"c".to_vec()),
            signature: Binary::from(vec![0u8; 64]),
        },
    ];
    for offer_id in 1..=2 {
        qs.push(QueryMsg::Offer { offer_id });
        qs.push(QueryMsg::GrantsByOffer {
            offer_id,
            start_after: None,
            limit: None,
        });
    }
    for grant_id in 1..=12 {
        qs.push(QueryMsg::Grant { grant_id });
    }
    for i in 0..3 {
        qs.push(QueryMsg::GrantsByHolder {
            holder: Holder::Key { pubkey: key(i) },
            start_after: None,
            limit: None,
        });
    }
    qs.into_iter()
        .map(|q| match query(deps.as_ref(), env.clone(), q.clone()) {
            Ok(bin) => String::from_utf8(bin.to_vec()).unwrap(),
            Err(e) => format!("{q:?}: {e}"),
        })
        .collect()
}

/// More history on top: a spot purchase, a packed-key purchase, new terms, a reserved
/// purchase and a settlement, on offers written by either version.
fn more(deps: &mut Deps, env: &Env) {
    let buyer = deps.api.addr_make("buyer");
    let provider = deps.api.addr_make("provider");
    buy(deps, env, 1, None, Recipients::Units { units: 1 }, 1000);
    let more_keys = Binary::from(vec![3u8; 33]);
    buy(
        deps,
        env,
        2,
        None,
        Recipients::PackedConsumers { keys: more_keys },
        1000,
    );
    buy(deps, env, 1, Some(2), Recipients::Units { units: 1 }, 250);
    settle(deps, env, 1);
    let mut terms = offer_terms();
    terms.max_allocations = 40;
    run(
        deps,
        env,
        &provider,
        0,
        ExecuteMsg::UpdateOffer { offer_id: 2, terms },
    );
    let msg = ExecuteMsg::Allocate(AllocateMsg {
        offer_id: 2,
        version: 2,
        epoch: None,
        epoch_to: None,
        recipients: Recipients::Units { units: 3 },
        price: Uint128::new(3000),
    });
    run(deps, env, &buyer, 3000, msg);
}

#[test]
fn state_written_by_0_2_0_and_0_3_0_migrates_and_answers_as_this_version_does() {
    let env = mock_env();
    let this_version = env!("CARGO_PKG_VERSION");
    for f in &FIXTURES {
        let mut old = state_of(f);
        let mut replayed = mock_dependencies();
        (f.history)(&mut replayed, &env);
        assert!(old.storage.get(b"grant_seq").is_some(), "{}", f.version);

        let resp = migrate(old.as_mut(), env.clone(), MigrateMsg {}).unwrap();
        let attrs: Vec<(String, String)> = resp
            .attributes
            .iter()
            .map(|a| (a.key.clone(), a.value.clone()))
            .collect();
        assert!(attrs.contains(&("previous_version".into(), f.version.into())));
        assert!(attrs.contains(&("new_version".into(), this_version.into())));
        assert_eq!(
            cw2::get_contract_version(&old.storage).unwrap().version,
            this_version
        );
        // The config is in the short form (0.2.0's is rewritten by migrate).
        let config = String::from_utf8(old.storage.get(b"config").unwrap()).unwrap();
        assert!(config.contains("\"es\":3600"), "{config}");
        // The grant sequence is gone; the last allocation record is rewritten in the
        // compact form, the others keep the JSON their version wrote.
        assert!(old.storage.get(b"grant_seq").is_none());
        let records = allocation_records(&old);
        let (last, others) = records.split_last().unwrap();
        assert!(!last.1, "{}: the last record is compact", f.version);
        assert!(others.iter().all(|(_, json)| *json), "{}", f.version);

        let (a, b) = (answers(&old, &env), answers(&replayed, &env));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{}", f.version);
        }
        // The answers are real: grants, an offer with its counters, the batch.
        assert!(a.iter().any(|s| s.contains("\"allocations_left\":")));
        assert!(a.iter().any(|s| s.contains("\"count\":4")));

        // Further purchases get the ids the grant sequence would have given.
        more(&mut old, &env);
        more(&mut replayed, &env);
        let (a, b) = (answers(&old, &env), answers(&replayed, &env));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{}", f.version);
        }
        assert_eq!(old.storage.get(b"grant_seq"), None);
        assert!(allocation_records(&old).len() > records.len());
    }
}

#[test]
fn the_0_2_0_fixture_answers_its_counters() {
    let env = mock_env();
    let mut old = state_of(&FIXTURES[0]);
    migrate(old.as_mut(), env.clone(), MigrateMsg {}).unwrap();
    assert!(answers(&old, &env)
        .iter()
        .any(|s| s.contains("\"allocations_left\":95")));
    more(&mut old, &env);
    let a = answers(&old, &env);
    assert!(a.iter().any(|s| s.contains("\"allocations_left\":94")));
    assert!(a.iter().any(|s| s.contains("\"allocations_left\":37")));
}

#[test]
fn migrate_twice_is_harmless_and_a_downgrade_is_refused() {
    let env = mock_env();
    for f in &FIXTURES {
        let mut deps = state_of(f);
        migrate(deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
        let before = answers(&deps, &env);
        migrate(deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
        assert_eq!(answers(&deps, &env), before);
        cw2::set_contract_version(&mut deps.storage, "crates.io:bandwidth-market", "9.0.0")
            .unwrap();
        assert!(migrate(deps.as_mut(), env.clone(), MigrateMsg {}).is_err());
    }
}

#[test]
fn a_grant_sequence_that_does_not_follow_the_last_allocation_is_refused() {
    let env = mock_env();
    let mut deps = state_of(&FIXTURES[1]);
    deps.storage.set(b"grant_seq", b"99");
    // The chain reverts a failed migrate; the error names both ids.
    let err = migrate(deps.as_mut(), env, MigrateMsg {}).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Generic error: the grant sequence (99) does not follow the last allocation (9)"
    );
}
