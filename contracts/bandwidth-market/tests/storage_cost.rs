//! Storage cost of grants, measured with a storage that counts writes, priced with
//! wasmd's default KV gas (2000 per write + 30 per byte of key and value). The benchmark
//! issue measures real gas on a node; this pins the layout that makes it cheap:
//! explicit bulk writes one small record per grant, committed bulk writes the same
//! whatever the number of keys.

use std::cell::Cell;
use std::marker::PhantomData;

use bandwidth_market::contract::execute;
use cosmwasm_std::testing::{message_info, mock_env, MockApi, MockQuerier, MockStorage};
use cosmwasm_std::{coins, Binary, Decimal, Env, OwnedDeps, Record, Storage, Uint128};
use spectrum_testing::bandwidth_market::{instantiate_native, offer_terms};
use spectrum_types::bandwidth_market::{AllocateCommittedMsg, AllocateMsg, ExecuteMsg, Recipients};
use spectrum_types::pricing::volume_price;

#[derive(Default)]
struct Counting {
    inner: MockStorage,
    reads: Cell<u64>,
    steps: Cell<u64>,
    writes: Cell<u64>,
    bytes: Cell<u64>,
}

impl Storage for Counting {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.reads.set(self.reads.get() + 1);
        self.inner.get(key)
    }
    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: cosmwasm_std::Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        Box::new(
            self.inner
                .range(start, end, order)
                .inspect(|_| self.steps.set(self.steps.get() + 1)),
        )
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.writes.set(self.writes.get() + 1);
        self.bytes
            .set(self.bytes.get() + key.len() as u64 + value.len() as u64);
        self.inner.set(key, value)
    }
    fn remove(&mut self, key: &[u8]) {
        self.inner.remove(key)
    }
}

type Deps = OwnedDeps<Counting, MockApi, MockQuerier>;

const DENOM: &str = "ustake";

fn setup() -> (Deps, Env) {
    let mut deps = OwnedDeps {
        storage: Counting::default(),
        api: MockApi::default(),
        querier: MockQuerier::default(),
        custom_query_type: PhantomData,
    };
    let env = mock_env();
    let admin = instantiate_native(&mut deps, &env, DENOM, None);
    let provider = deps.api.addr_make("provider");
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&admin, &[]),
        ExecuteMsg::ApproveProvider {
            provider: provider.to_string(),
        },
    )
    .unwrap();
    let mut terms = offer_terms();
    terms.max_allocations = 10_000_000;
    terms.unit_price = Uint128::new(1);
    terms.volume_discount = "0.999999".parse().unwrap();
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&provider, &[]),
        ExecuteMsg::PostOffer(terms),
    )
    .unwrap();
    (deps, env)
}

fn price(units: u64) -> Uint128 {
    volume_price(
        Uint128::new(1),
        units,
        "0.999999".parse::<Decimal>().unwrap(),
    )
    .unwrap()
}

/// (writes, bytes) of one execute.
fn measure(deps: &mut Deps, env: &Env, msg: ExecuteMsg, paid: Uint128) -> (u64, u64) {
    let buyer = deps.api.addr_make("buyer");
    let (w, b) = (deps.storage.writes.get(), deps.storage.bytes.get());
    execute(
        deps.as_mut(),
        env.clone(),
        message_info(&buyer, &coins(paid.u128(), DENOM)),
        msg,
    )
    .unwrap();
    (deps.storage.writes.get() - w, deps.storage.bytes.get() - b)
}

fn gas(writes: u64, bytes: u64) -> u64 {
    2000 * writes + 30 * bytes
}

fn keys(n: usize, salt: u8) -> Vec<Binary> {
    (0..n)
        .map(|i| {
            let mut k = vec![2u8; 33];
            k[1] = salt;
            k[2..10].copy_from_slice(&(i as u64).to_be_bytes());
            Binary::from(k)
        })
        .collect()
}

fn bulk(n: usize, salt: u8) -> (ExecuteMsg, Uint128) {
    let p = price(n as u64);
    (
        ExecuteMsg::Allocate(AllocateMsg {
            offer_id: 1,
            version: 1,
            epoch: None,
            epoch_to: None,
            recipients: Recipients::Consumers {
                consumers: keys(n, salt),
            },
            price: p,
        }),
        p,
    )
}

#[test]
fn explicit_bulk_writes_one_small_record_per_grant() {
    let (mut deps, env) = setup();
    let (msg, p) = bulk(1, 1);
    let (w1, b1) = measure(&mut deps, &env, msg, p);
    let (msg, p) = bulk(1000, 2);
    let (w1000, b1000) = measure(&mut deps, &env, msg, p);
    // exactly one more write per extra grant
    assert_eq!(w1000 - w1, 999);
    let per_grant_gas = (gas(w1000, b1000) - gas(w1, b1)) / 999;
    // one write of a grant's own record (the holder index entry: key of the holder and
    // grant id, the purchase id as value) costs 2000 + 30 · ~50 bytes
    let one_record_write = gas(1, 2 + 1 + 2 + 34 + 8 + 4);
    eprintln!("per grant {per_grant_gas} gas, one record write {one_record_write} gas");
    assert!(
        per_grant_gas * 2 <= one_record_write * 3,
        "per grant {per_grant_gas} vs one write {one_record_write}"
    );
}

#[test]
fn committed_bulk_storage_does_not_depend_on_the_number_of_keys() {
    let (mut deps, env) = setup();
    let committed = |count: u64| {
        let p = price(count);
        (
            ExecuteMsg::AllocateCommitted(AllocateCommittedMsg {
                offer_id: 1,
                version: 1,
                epoch: None,
                epoch_to: None,
                root: Binary::from(vec![9u8; 32]),
                count,
                price: p,
            }),
            p,
        )
    };
    let (msg, p) = committed(1);
    let (w1, b1) = measure(&mut deps, &env, msg, p);
    let (msg, p) = committed(1_000_000);
    let (wm, bm) = measure(&mut deps, &env, msg, p);
    assert_eq!(w1, wm);
    let (g1, gm) = (gas(w1, b1), gas(wm, bm));
    eprintln!("committed bulk: 1 key {g1} gas, 1,000,000 keys {gm} gas");
    assert!(gm.abs_diff(g1) * 100 <= g1 * 5);
}

/// A spot purchase of 1 unit by an address reads 3 entries (the config, the offer, its spot
/// counters) and takes one iterator step (the last allocation record, for the next grant
/// id), and writes 4 (the spot counters, the holder index entry, the offer index entry, the
/// allocation record): each is needed by the purchase or by a query users have
/// (grants_by_holder, grants_by_offer, grant, the offer's capacity). docs/benchmarks.md
/// ("Where the gas of an allocate goes") has the node's figures.
#[test]
fn a_single_purchase_reads_three_entries_and_the_last_allocation_and_writes_four() {
    let (mut deps, env) = setup();
    let p = price(1);
    let one = ExecuteMsg::Allocate(AllocateMsg {
        offer_id: 1,
        version: 1,
        epoch: None,
        epoch_to: None,
        recipients: Recipients::Units { units: 1 },
        price: p,
    });
    // The first purchase finds no allocation before it; the others find the last one.
    measure(&mut deps, &env, one.clone(), p);
    for _ in 0..2 {
        let (reads, steps) = (deps.storage.reads.get(), deps.storage.steps.get());
        let (writes, _) = measure(&mut deps, &env, one.clone(), p);
        assert_eq!(deps.storage.reads.get() - reads, 3);
        assert_eq!(deps.storage.steps.get() - steps, 1);
        assert_eq!(writes, 4);
    }
}
