"""Benchmarks on a real local wasmd node, with the real compiled contracts (scripts/bench).

1. Gas of every execute message of every contract at a small and a large existing state
   (bandwidth-market here, the other contracts in bench_contracts.py), flagging any
   message whose gas grows with the state.
2. Allocation throughput of the market (the Bandcoin paper's Fig. 2): serial, parallel,
   explicit bulk (1 to 1,000 consumer keys per transaction) and committed bulk (Merkle
   batches of 1 to 1,000,000 keys per transaction): allocations committed per second,
   gas per allocation, p50/p95 broadcast-to-commit latency.
3. The targets of issue 9, each printed as met or not met.

Writes docs/benchmarks.md, docs/bench/*.csv and docs/bench/throughput.png.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import node_profile

from spectrum_py.encodings import MerkleTree, pack_keys
from spectrum_py.benchlib import GROWTH_FLOOR, GROWTH_FRACTION, Bench, growth_table
from spectrum_py.txclient import Account, build_tx, msg_execute, msg_send, submit

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUT = DOCS / "bench"
MARKET = "bandwidth-market"
# The Bandcoin paper's figures on Hyperledger Sawtooth (§6.4, Fig. 2), allocations per second.
PAPER_SERIAL = (0.5, 1.0)
PAPER_BULK = (10_000, 13_000)
# A burst of transactions of distinct signers is broadcast from this many threads, as that
# many clients would: one sequential client lets a block boundary fall inside the burst.
BROADCASTERS = 8
# wasmd stores a contract's keys under 0x03 ‖ its 32-byte address.
CONTRACT_STORE_PREFIX = 33


# ---- consumer keys and Merkle batches ------------------------------------------------------


def consumer_keys(tag: str, n: int) -> list[bytes]:
    """n distinct 33-byte keys in compressed secp256k1 form (prefix 0x02 and 32 bytes).
    The market checks the form only; deriving a million real points in pure Python would
    take hours and cost the contract exactly the same."""
    return [b"\x02" + hashlib.sha256(f"{tag}:{i}".encode()).digest() for i in range(n)]


def b64(data: bytes) -> str:
    import base64
    return base64.b64encode(data).decode()


def packed(keys: list[bytes]) -> dict:
    """Recipients for an explicit bulk purchase: the keys packed into one base64 string."""
    return {"packed_consumers": {"keys": b64(pack_keys(keys))}}


def listed(keys: list[bytes]) -> dict:
    """Recipients for an explicit bulk purchase: one base64 string per key."""
    return {"consumers": {"consumers": [b64(k) for k in keys]}}


# ---- the market under test --------------------------------------------------------------------


def offer_terms(price: int = 1, units: int = 10**15, vd: str = "1", rd: str = "1", reservations=()) -> dict:
    return {"band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
            "location": "9q8yy", "unit_price": str(price), "max_allocations": units,
            "allocation_duration": 3_600, "volume_discount": vd, "reservation_discount": rd,
            "reservations": list(reservations), "qos": {"latency_class": "low", "data_cap_mb": "500"}}


class Market:
    """A market instance configured as scripts/deploy.py does (Bandcoin payments,
    reputation gate and recorder), with approved providers."""

    def __init__(self, b: Bench, address: str | None = None):
        self.b = b
        self.addr = address or b.instantiate(b.admin, "bandwidth_market", {
            "admin": b.admin.address, "payment": {"cw20": {"contract": b.band}},
            "reputation_gate": {"contract": b.d["node_reputation"], "min_score": "0.3"},
            "epoch_seconds": 3_600, "reputation_recorder": b.d["node_reputation"]})
        if address is None:
            b.execute(b.admin, b.d["node_reputation"], {"add_reporter": {"address": self.addr}})

    def approve(self, providers: list[Account]) -> None:
        self.b.execute_many(self.b.admin, self.addr, [{"approve_provider": {"provider": p.address}} for p in providers])

    def post_offer(self, provider: Account, **terms) -> tuple[int, int]:
        res = self.b.execute(provider, self.addr, {"post_offer": offer_terms(**terms)})
        offer_id = int(res.attr("wasm", "offer_id"))
        return offer_id, self.version(offer_id)

    def version(self, offer_id: int) -> int:
        return int(self.b.query(self.addr, {"offer": {"offer_id": offer_id}})["version"])

    def price(self, offer_id: int, units: int, epoch: int | None = None) -> int:
        q = {"offer_id": offer_id, "units": units}
        if epoch is not None:
            q["epoch"] = epoch
        return int(self.b.query(self.addr, {"quote": q})["price"])

    def allocate_msg(self, buyer: Account, offer_id: int, version: int, recipients: dict, price: int, **extra) -> bytes:
        hook = {"allocate": {"offer_id": offer_id, "version": version, "recipients": recipients,
                             "price": str(price), **extra}}
        return self.b.send_msg(buyer, self.addr, price, hook)

    def direct_allocate_msg(self, buyer: Account, offer_id: int, version: int, recipients: dict, price: int) -> bytes:
        """An allocate executed on the market itself, paid from the buyer's Bandcoin allowance."""
        return msg_execute(buyer.address, self.addr, {"allocate": {"offer_id": offer_id, "version": version,
                                                                   "recipients": recipients, "price": str(price)}})

    def allow(self, buyers: list[Account]) -> None:
        """Each buyer lets the market take Bandcoin from its balance (the allowance route)."""
        txs = [build_tx(buyer, self.b.chain_id, [msg_execute(buyer.address, self.b.band, {
            "increase_allowance": {"spender": self.addr, "amount": str(10**15)}})], 300_000) for buyer in buyers]
        run_and_check(self.b, txs, "allowances")

    def committed_msg(self, buyer: Account, offer_id: int, version: int, root: bytes, count: int, price: int) -> bytes:
        hook = {"allocate_committed": {"offer_id": offer_id, "version": version, "root": b64(root),
                                       "count": count, "price": str(price)}}
        return self.b.send_msg(buyer, self.addr, price, hook)


# ---- 1. gas of every market message at a small and a large state ------------------------------


def market_gas(b: Bench, size: str, n: int) -> None:
    """Fills a fresh market with n offers and n grants, then sends every execute message once."""
    print(f"\n  [{MARKET}: {n:,} offers and {n:,} grants]", flush=True)
    m = Market(b)
    provider, provider2, buyer, house = b.accounts(f"m{size}", 4)
    b.mint([buyer, house], 10**15)
    m.approve([provider])
    m.allow([buyer])
    # The existing state: n offers of one provider and n explicit grants (1,000 keys per purchase).
    b.fill(provider, m.addr, [{"post_offer": offer_terms(price=1_000, vd="0.9")} for _ in range(n)], per_tx=250)
    offer_id, version = m.post_offer(provider, price=1, vd="1")
    keys = consumer_keys(f"fill-{size}", n)
    fills = [m.allocate_msg(buyer, offer_id, version, packed(keys[i:i + 1000]), len(keys[i:i + 1000]))
             for i in range(0, n, 1000)]
    for i in range(0, len(fills), 5):
        b.tx(buyer, fills[i:i + 5])

    rec = lambda msg, res, note="": b.record(MARKET, msg, size, res, note)  # noqa: E731
    rec("update_config", b.execute(b.admin, m.addr, {"update_config": {"max_bulk_consumers": 1_000}}))
    rec("approve_provider", b.execute(b.admin, m.addr, {"approve_provider": {"provider": provider2.address}}))
    rec("remove_provider", b.execute(b.admin, m.addr, {"remove_provider": {"provider": provider2.address}}))
    rec("post_offer", b.execute(provider, m.addr, {"post_offer": offer_terms(price=1_000, vd="0.9")}))
    ahead = int(b.query(m.addr, {"current_epoch": {}})["epoch"]) + 2
    target, _ = m.post_offer(provider, price=1_000, vd="0.9", rd="0.5",
                             reservations=[{"epoch": ahead, "price": "1000", "capacity": 100}])
    rec("update_offer", b.execute(provider, m.addr, {"update_offer": {"offer_id": target, "terms": offer_terms(
        price=1_000, vd="0.9", rd="0.5", reservations=[{"epoch": ahead + 1, "price": "900", "capacity": 50}])}}))
    version_t = m.version(target)
    p1 = m.price(target, 1)
    res = b.tx(buyer, [m.allocate_msg(buyer, target, version_t, {"units": {"units": 1}}, p1)])
    rec("receive: allocate 1 unit (Bandcoin)", res)
    grant_id = int(res.attr("wasm", "grant_id") or res.attr("wasm", "first_grant_id"))
    p3 = m.price(target, 3)
    rec("receive: allocate 3 units, vd 0.9 (Bandcoin)", b.tx(buyer, [m.allocate_msg(buyer, target, version_t, {"units": {"units": 3}}, p3)]))
    pr = m.price(target, 2, epoch=ahead)
    rec("receive: allocate 2 units reserved (Bandcoin)", b.tx(buyer, [m.allocate_msg(
        buyer, target, version_t, {"units": {"units": 2}}, pr, epoch=ahead)]), "2 epochs ahead, rd 0.5")
    ten = consumer_keys(f"ten-{size}", 10)
    p10 = m.price(offer_id, 10)
    rec("receive: allocate 10 consumer keys (Bandcoin)", b.tx(buyer, [m.allocate_msg(
        buyer, offer_id, version, listed(ten), p10)]))
    rec("allocate 10 packed consumer keys (allowance)", b.tx(buyer, [m.direct_allocate_msg(
        buyer, offer_id, version, packed(consumer_keys(f"ten-packed-{size}", 10)), p10)]))
    root = MerkleTree(consumer_keys(f"batch-{size}", 1000)).root
    rec("receive: allocate_committed 1,000 keys (Bandcoin)", b.tx(buyer, [m.committed_msg(
        buyer, offer_id, version, root, 1000, m.price(offer_id, 1000))]))
    rec("set_clearing_house", b.execute(provider, m.addr, {"set_clearing_house": {"offer_id": offer_id, "clearing_house": house.address}}))
    awards = [{"consumer": buyer.address, "units": 2, "unit_price": "1"}]
    rec("receive: settle_auction 1 award (Bandcoin)", b.pay(house, m.addr, 2, {"settle_auction": {"offer_id": offer_id, "awards": awards}}))
    rec("rate_grant", b.execute(buyer, m.addr, {"rate_grant": {"grant_id": grant_id, "positive": True, "quality": 90}}),
        "records the rating in node-reputation")
    rec("update_ownership: transfer", b.execute(b.admin, m.addr, {"update_ownership": {"transfer_ownership": {"new_owner": provider2.address}}}))
    rec("update_ownership: accept", b.execute(provider2, m.addr, {"update_ownership": "accept_ownership"}))
    # Native-coin payments are another market instance (payment is fixed at instantiate).
    native = b.instantiate(b.admin, "bandwidth_market", {"admin": b.admin.address, "payment": {"native": {"denom": "ustake"}}})
    b.execute(b.admin, native, {"approve_provider": {"provider": provider.address}})
    nres = b.execute(provider, native, {"post_offer": offer_terms(price=1_000)})
    nid = int(nres.attr("wasm", "offer_id"))
    nver = int(b.query(native, {"offer": {"offer_id": nid}})["version"])
    rec("allocate 1 unit (native coin)", b.execute(buyer, native, {"allocate": {
        "offer_id": nid, "version": nver, "recipients": {"units": {"units": 1}}, "price": "1000"}}, [("ustake", 1000)]),
        "a market paid in ustake, no gate")


def single_allocate_gas(b: Bench, m: Market, native: tuple[str, int], buyer: Account, offer_id: int, version: int) -> dict:
    """Gas of an allocate of one unit, paid in Bandcoin (cw20 send, then the market), from a
    Bandcoin allowance (the market, which takes the price with TransferFrom) and in the
    native coin (one contract call)."""
    bandcoin = b.tx(buyer, [m.allocate_msg(buyer, offer_id, version, {"units": {"units": 1}}, m.price(offer_id, 1))])
    addr, nid = native
    coin_msg = {"allocate": {"offer_id": nid, "version": 1, "recipients": {"units": {"units": 1}}, "price": "1"}}
    b.execute(buyer, addr, coin_msg, [("ustake", 1)])  # not the market's first purchase
    coin = b.execute(buyer, addr, coin_msg, [("ustake", 1)])
    allowance = b.tx(buyer, [m.direct_allocate_msg(buyer, offer_id, version, {"units": {"units": 1}}, m.price(offer_id, 1))])
    return {"paid in Bandcoin": bandcoin.gas_used, "paid from a Bandcoin allowance": allowance.gas_used,
            "paid in the native coin": coin.gas_used}


# Issue 20's targets: gas of an allocate of 1 unit, code not pinned (as on the chains operators use).
# BEFORE_0_2_0: the same walk on the 0.2.0 market (commit a609843), for the before/after note.
ROUTE_TARGETS = {"paid in the native coin": 170_000, "paid from a Bandcoin allowance": 200_000,
                 "paid in Bandcoin": 230_000}


def route_breakdown(b: Bench, m: Market, native: tuple[str, int], buyer: Account, offer_id: int,
                    version: int) -> dict:
    """Where the gas of an allocate of 1 unit goes on each payment route, code not pinned:
    the node's gas meter walked charge by charge (scripts/gas_breakdown.py)."""
    import gas_breakdown
    addr, nid = native
    routes = {
        "paid in the native coin": lambda: [msg_execute(buyer.address, addr, {"allocate": {
            "offer_id": nid, "version": 1, "recipients": {"units": {"units": 1}}, "price": "1"}}, [("ustake", 1)])],
        "paid from a Bandcoin allowance": lambda: [m.direct_allocate_msg(buyer, offer_id, version, {"units": {"units": 1}}, 1)],
        "paid in Bandcoin": lambda: [m.allocate_msg(buyer, offer_id, version, {"units": {"units": 1}}, 1)],
    }
    out = {}
    for name, msgs in routes.items():
        # The purchase every buyer but a market's first pays: one that follows another (the
        # next grant id is read from the last allocation record, which the first finds
        # missing). It also keeps the walk's figures steady when one of its probes succeeds.
        b.tx(buyer, msgs())
        t = time.time()
        w = gas_breakdown.walk(b, buyer, msgs)
        out[name] = w
        print(f"    {name}: {w.total:,} gas, {len(w.charges)} charges, {w.probes} probes, {time.time() - t:.0f}s", flush=True)
        print("      charges: " + ", ".join(f"{d} {g:,}{' (ante)' if a else ''}" for d, g, a in w.charges), flush=True)
        for row in gas_breakdown.rows(name, w):
            print("      " + row, flush=True)
    return out


def breakdown_markdown(walks: dict) -> list[str]:
    import gas_breakdown
    before_path = DOCS / "bench" / "breakdown-0.2.0.json"
    before = ({k: gas_breakdown.from_json(v) for k, v in json.loads(before_path.read_text()).items()}
              if before_path.exists() else {})
    lines = ["## Where the gas of an allocate goes (code not pinned)", "",
             "An allocate of 1 unit on each payment route, on a market whose code is not pinned (as on the chains "
             "operators use). Read from the node's own gas meter: the transaction is sent with a gas limit just below "
             "each charge in turn, and the node names the charge that runs out (`out of gas in location: …`), so every "
             "charge is found with its amount and the parts sum exactly to the gas used (scripts/gas_breakdown.py; "
             "`scripts/bench --breakdown-only` prints it alone). Inside a contract call wasmd meters the VM's execution "
             "and the contract's own store reads and writes together: one figure per call. The store reads and writes "
             "outside it are wasmd's (contract and code info) and the bank's (balances, for attached coins). "
             "Before: the same walk on the 0.2.0 market (commit a609843, [breakdown-0.2.0.json](bench/breakdown-0.2.0.json)).", "",
             "| route | part | count | gas | count before | gas before |", "|---|---|---:|---:|---:|---:|"]
    for name, w in walks.items():
        lines += gas_breakdown.rows(name, w, before.get(name))
    lines += ["", "| route | before (0.2.0) | gas | target | |", "|---|---:|---:|---:|---|"]
    for name, w in walks.items():
        target = ROUTE_TARGETS[name]
        was = f"{before[name].total:,}" if name in before else ""
        lines.append(f"| allocate 1 unit {name} | {was} | {w.total:,} | ≤ {target:,} | "
                     f"{'met' if w.total <= target else '**not met**'} |")
    return lines + [""] + route_notes(walks) + [""]


# The position of the market's own contract call among a route's calls (the others are the token's).
MARKET_CALL = {"paid in the native coin": 0, "paid from a Bandcoin allowance": 0, "paid in Bandcoin": 1}
TOKEN_CALLS = {"paid from a Bandcoin allowance": "its `TransferFrom` buyer → provider",
               "paid in Bandcoin": "its `Send` into the market and the market's `Transfer` to the provider"}


def route_notes(walks: dict) -> list[str]:
    """Why a route's target is or is not met, from its breakdown."""
    import gas_breakdown
    out = []
    for name, w in walks.items():
        target, s = ROUTE_TARGETS[name], w.summary()
        runs = [g for d, g, _ in w.charges if d == gas_breakdown.INSIDE_VM]
        market = runs[MARKET_CALL[name]]
        floor = w.total - market
        if w.total <= target:
            out.append(f"- {name}: {w.total:,} ≤ {target:,}, met; the market's own run (execution and its store "
                       f"reads and writes) is {market:,} of it.")
            continue
        token = sum(runs) - market
        out.append(
            f"- {name}: {w.total:,} > {target:,}, **not met**"
            + (", and not reachable by the market" if target - floor < 5_000 else "") + ": everything but the "
            f"market's own run costs {floor:,} (fixed cost {s['fixed']:,}; {s['instance_count']} contract instances "
            f"{s['instances']:,}; the Bandcoin token's runs {token:,}, {TOKEN_CALLS[name]}; wasmd's and the bank's "
            f"store access {s['reads'] + s['writes'] + s['other_store']:,}; events {s['events']:,}), so the target "
            f"leaves the market {target - floor:,} for its run, which is {market:,} "
            + ("(less than the one write of the purchase's allocation record). " if target - floor < 5_000 else
               f"({(market - (target - floor)) / market:.0%} less would be needed; most of the run is the store access "
               f"of one grant: reads of config, offer and spot counters and one iterator step to the last allocation "
               f"record, writes of the allocation record, holder index, offer index and spot counters, each needed "
               f"by a query users have: grant, grants_by_holder, grants_by_offer, the offer's capacity). ")
            + f"What would meet it is one contract instance less (60,000 unpinned): the tokens can only move through "
            f"the token contract's own code, so it is called at least once, and the market must run to grant.")
    out.append(
        "- The market's own run is 3 store reads, one iterator step and 4 writes (pinned by "
        "contracts/bandwidth-market/tests/storage_cost.rs), each write 2,000 + 30 a byte of its key (with wasmd's "
        "33-byte contract prefix) and value, each read 1,000 + 3 a byte (an iterator step 30 + 3 a byte, charged "
        "twice by the node). Since 0.4.0 the allocation record is written in a compact binary form (about 120 bytes "
        "for a purchase of units against 249 of JSON; contracts/bandwidth-market/src/record.rs), the consumer keys "
        "of an explicit bulk purchase are kept apart, raw (33 bytes a key against 44 of base64), and the next grant "
        "id is read from the last allocation record in one iterator step instead of a grant sequence read and "
        "written by every purchase. Records written by 0.2.0 and 0.3.0 are JSON and read as they are.")
    if "paid in Bandcoin" in walks and walks["paid in Bandcoin"].total > ROUTE_TARGETS["paid in Bandcoin"]:
        out.append(
            "- Bandcoin `Send`: the tokens arrive in the market, which pays the provider with a `Transfer` (2,000 "
            "instance, the token already being loaded in the transaction, plus its run and wasmd's reads: the third "
            "figure of that route's runs). A settlement in which the market keeps the price and the provider "
            "withdraws later would save that call, but paper 002 has the funds of a purchase move from the buyer "
            "to the provider atomically, and the market would hold users' funds between purchases: not done. "
            "A buyer who wants the cheaper Bandcoin route uses the allowance.")
    return out


def native_market(b: Bench, provider: Account) -> tuple[str, int]:
    """A market paid in ustake (no gate), with one offer at 1 ustake a unit."""
    addr = b.instantiate(b.admin, "bandwidth_market", {"admin": b.admin.address, "payment": {"native": {"denom": "ustake"}}})
    b.execute(b.admin, addr, {"approve_provider": {"provider": provider.address}})
    res = b.execute(provider, addr, {"post_offer": offer_terms(price=1)})
    return addr, int(res.attr("wasm", "offer_id"))


def storage_write_of_grant(b: Bench, m: Market, buyer: Account, offer_id: int, version: int) -> dict:
    """Gas of one explicit grant: the marginal gas of a key in a 1,000-key purchase, against
    the SDK's cost of writing what one grant stores (2,000 + 30 per byte of key and value,
    the store's default write costs), measured from the contract's raw state."""
    before = b.raw_state(m.addr)
    keys = consumer_keys("marginal", 1000)
    gas = {}
    for k in (1, 1000):
        chunk = keys[:k] if k == 1 else keys[1:1000]
        gas[k] = b.tx(buyer, [m.direct_allocate_msg(buyer, offer_id, version, packed(chunk),
                                                    m.price(offer_id, len(chunk)))]).gas_used
    # Time in the VM alone: the node runs a 1,000-key purchase in simulation (no block, no
    # commit to the store), best of three.
    probe = packed(consumer_keys("simulated", 1000))
    tx = build_tx(buyer, b.chain_id, [m.direct_allocate_msg(buyer, offer_id, version, probe, 1000)], 10**9)
    buyer.sequence -= 1
    seconds = []
    for _ in range(3):
        t = time.perf_counter()
        b.rpc.simulate(tx)
        seconds.append(time.perf_counter() - t)
    after = b.raw_state(m.addr)
    new = {k: v for k, v in after.items() if k not in before}
    # Entries written once per key (their key contains the consumer key) are the grant's record.
    per_key = [(k, v) for k, v in new.items() if any(key in k for key in keys[:3])]
    # In the chain's store a contract's key is prefixed with 0x03 and its 32-byte address.
    write = sum(2_000 + 30 * (CONTRACT_STORE_PREFIX + len(k) + len(v)) for k, v in per_key) / 3
    marginal = (gas[1000] - gas[1]) / (999 - 1)
    return {"marginal_gas_per_grant": round(marginal), "record_write_gas": round(write),
            "record_entries_per_grant": len(per_key) / 3, "ratio": marginal / write,
            "simulated_us_per_grant": round(min(seconds) / 1000 * 1e6)}


# ---- 2. throughput --------------------------------------------------------------------------------


def summarise(mode: str, per_tx: int, results: list, allocations: int, started: float) -> dict:
    ended = max(r.committed_at for r in results)
    lat = sorted(r.latency for r in results)
    return {"mode": mode, "allocations_per_tx": per_tx, "transactions": len(results), "allocations": allocations,
            "seconds": round(ended - started, 3), "allocations_per_second": round(allocations / (ended - started), 1),
            "gas_per_allocation": round(sum(r.gas_used for r in results) / allocations),
            "p50_latency_s": round(statistics.median(lat), 3),
            "p95_latency_s": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 3)}


def gas_limit(keys: int) -> int:
    """The gas limit of an allocate of `keys` grants (a limit only; gas used is measured)."""
    return 400_000 + 12_000 * keys


def run_and_check(b: Bench, txs: list[bytes], what: str, workers: int = 1, idle: bool = False) -> tuple[list, float]:
    """Submits `txs` and checks every one committed; with `idle`, first waits for the node to be
    idle (Bench.quiesce), so that the timed run does not pay for the background work of the
    writes before it."""
    if idle:
        print(f"    node idle after {b.quiesce():.1f} s", flush=True)
    started = time.perf_counter()
    results = submit(b.rpc, txs, workers=workers)
    b.seen_height = max(r.height for r in results)
    failed = [r.log for r in results if r.code != 0]
    if failed:
        raise RuntimeError(f"{what}: {len(failed)} failed, first: {failed[0]}")
    return results, started


def throughput(b: Bench, m: Market, native: tuple[str, int], buyers: list[Account], offers: list[tuple[int, int]],
               serial_n: int, rounds: int, explicit: list[int], committed: list[int], concurrent: int,
               repeat: int) -> list[dict]:
    rows = []
    offer_id, version = offers[0]
    print("\n  [serial: one allocate per transaction, each after the previous committed]", flush=True)
    results, started = [], time.perf_counter()
    for _ in range(serial_n):
        tx = build_tx(buyers[0], b.chain_id, [m.allocate_msg(buyers[0], offer_id, version, {"units": {"units": 1}}, 1)], gas_limit(1))
        results += run_and_check(b, [tx], "serial")[0]
    rows.append(summarise("serial", 1, results, serial_n, started))
    print(f"    {rows[-1]}", flush=True)

    print(f"\n  [parallel: {len(buyers)} buyers on {len(offers)} providers' offers, one allocate each per round]", flush=True)
    results, started = [], time.perf_counter()
    for _ in range(rounds):
        txs = [build_tx(buyer, b.chain_id, [m.allocate_msg(buyer, *offers[i % len(offers)], {"units": {"units": 1}}, 1)], gas_limit(1))
               for i, buyer in enumerate(buyers)]
        results += run_and_check(b, txs, "parallel", workers=BROADCASTERS)[0]
    rows.append(summarise("parallel", 1, results, rounds * len(buyers), started))
    print(f"    {rows[-1]}", flush=True)

    # Explicit bulk, paid from a Bandcoin allowance, the keys packed into one string: the
    # market decodes one value. The largest size is repeated and the median run kept, as
    # are the same purchases with one string per key, paid through the token's Send
    # (cw20-base decodes the hook and encodes it again) and paid in the native coin. Each
    # run starts on an idle node (Bench.quiesce): the runs of a median are independent, and
    # none pays for the compaction of what the runs or the state-filling before it wrote.
    routes = {
        "explicit bulk": lambda buyer, keys: m.direct_allocate_msg(buyer, offer_id, version, packed(keys), len(keys)),
        "explicit bulk (key list)": lambda buyer, keys: m.direct_allocate_msg(buyer, offer_id, version, listed(keys), len(keys)),
        "explicit bulk (Bandcoin Send)": lambda buyer, keys: m.allocate_msg(buyer, offer_id, version, packed(keys), len(keys)),
        "explicit bulk (native coin)": lambda buyer, keys: msg_execute(buyer.address, native[0], {"allocate": {
            "offer_id": native[1], "version": 1, "recipients": packed(keys), "price": str(len(keys))}},
            [("ustake", len(keys))]),
    }
    runs = [("explicit bulk", k) for k in explicit[:-1]]
    runs += [(mode, explicit[-1]) for mode in routes]
    for mode, k in runs:
        reps = []
        for rep in range(repeat if k == explicit[-1] else 1):
            print(f"\n  [{mode}: {concurrent} transactions of {k:,} consumer keys, broadcast together]", flush=True)
            txs = []
            for j in range(concurrent):
                keys = consumer_keys(f"{mode}-{k}-{rep}-{j}", k)
                buyer = buyers[j % len(buyers)]
                txs.append(build_tx(buyer, b.chain_id, [routes[mode](buyer, keys)], gas_limit(k)))
            results, started = run_and_check(b, txs, f"{mode} {k}", workers=BROADCASTERS, idle=True)
            reps.append(summarise(mode, k, results, k * concurrent, started))
            print(f"    {reps[-1]}", flush=True)
        reps.sort(key=lambda r: r["allocations_per_second"])
        row = reps[len(reps) // 2]
        if len(reps) > 1:
            row["runs_per_second"] = " / ".join(f"{r['allocations_per_second']:.0f}" for r in reps)
        rows.append(row)

    for k in committed:
        print(f"\n  [committed bulk: {concurrent} Merkle batches of {k:,} keys, broadcast together]", flush=True)
        txs, check = [], None
        for j in range(concurrent):
            keys = consumer_keys(f"committed-{k}-{j}", k)
            tree = MerkleTree(keys)
            root, proof = tree.root, tree.proof(k // 2)
            check = check or (keys[k // 2], k // 2, proof)
            buyer = buyers[j % len(buyers)]
            txs.append(build_tx(buyer, b.chain_id, [m.committed_msg(buyer, offer_id, version, root, k, k)], gas_limit(1)))
        results, started = run_and_check(b, txs, f"committed {k}", workers=BROADCASTERS, idle=True)
        rows.append(summarise("committed bulk", k, results, k * concurrent, started))
        # The first batch's commitment is real: the market verifies a key's proof against it.
        batch_id = int(results[0].attr("wasm", "batch_id"))
        key, index, proof = check
        verdict = b.query(m.addr, {"verify_grant": {"batch_id": batch_id, "pubkey": b64(key), "index": index,
                                                    "proof": [b64(p) for p in proof]}})
        rows[-1]["proof_verified"] = verdict["valid"]
        print(f"    {rows[-1]}", flush=True)
    return rows


def sustained(b: Bench, m: Market, offer: tuple[int, int], n: int, out: Path) -> tuple[dict, node_profile.Split | None]:
    """A stream of `n` 1,000-key purchases from as many buyers, broadcast together: the node
    commits them block after block, so the figure is the rate it sustains rather than one
    burst's time including its wait for the next block. When the bench node's profiler is
    on (BENCH_PPROF), the node's CPU profile over the stream is split into the parts of a
    grant's time (scripts/node_profile.py)."""
    buyers = b.accounts("tp-stream", n)
    b.mint(buyers, 10**12)
    m.allow(buyers)
    txs = [build_tx(buyer, b.chain_id, [m.direct_allocate_msg(buyer, *offer, packed(consumer_keys(f"stream-{j}", 1000)), 1000)],
                    gas_limit(1000)) for j, buyer in enumerate(buyers)]
    pprof, window = os.environ.get("BENCH_PPROF"), max(10, n // 8)
    # The node goes idle before the profile starts, so that the profile holds the stream only.
    print(f"    node idle after {b.quiesce():.1f} s", flush=True)
    capture = node_profile.capture(pprof, window, out) if pprof else None
    results, started = run_and_check(b, txs, f"stream of {n}", workers=BROADCASTERS)
    row = summarise("explicit bulk, sustained stream", 1000, results, 1000 * n, started)
    row["blocks"] = len({r.height for r in results})
    if capture is None:
        return row, None
    capture.join()
    if not out.exists():
        print("    the node's profiler did not answer: no split", flush=True)
        return row, None
    if max(r.committed_at for r in results) - started > window:
        print(f"    the stream outlasted the {window} s profile: no split", flush=True)
        return row, None
    return row, node_profile.split(out, 1000 * n, window)


# ---- report ----------------------------------------------------------------------------------------


LOAD_AT_START = f"{os.getloadavg()[0]:.1f}"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.system()} {platform.release()}"


def node_settings() -> str:
    """The settings of the node measured that differ from wasmd's defaults for its store and
    Go runtime, read from the running node (its app.toml and its process environment), and
    the node's peak resident memory so far."""
    home = Path(os.environ["LOCALNET_HOME"])
    app = (home / "config" / "app.toml").read_text()
    found = {k: re.search(rf"^{k} = (.*)$", app, re.M) for k in ("iavl-cache-size", "iavl-disable-fastnode")}
    settings = [f"`{k} = {m.group(1)}`" for k, m in found.items() if m]
    try:
        proc = Path(f"/proc/{(home / 'node.pid').read_text().strip()}")
        environ = (proc / "environ").read_bytes().split(b"\0")
        gogc = next((e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"GOGC=")), "100 (Go's default)")
        peak_kib = int(re.search(r"^VmHWM:\s+(\d+) kB", (proc / "status").read_text(), re.M).group(1))
        peak = f"; the node's peak resident memory over the run: {peak_kib / 1024:,.0f} MiB"
    except (OSError, AttributeError):
        gogc, peak = "unknown", ""
    return ", ".join(settings + [f"`GOGC={gogc}`"]) + peak


def write_csv(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", newline="") as f:
        w = csv.DictWriter(f, keys)
        w.writeheader()
        w.writerows(rows)


def plot(csv_path: Path, png_path: Path) -> None:
    subprocess.run(["cargo", "run", "--quiet", "--release", "-p", "spectrum-integration-tests", "--example", "bench_plot",
                    "--", str(csv_path), str(png_path)], check=True, cwd=ROOT)


def targets(gas_rows: list[dict], tp: list[dict], single_gas: dict, grant: dict,
            walks: dict, stream: dict, split: node_profile.Split | None) -> list[tuple[str, str, bool]]:
    """Issue 9's and issue 20's targets: (target, measured, met)."""
    best = lambda mode: max((r for r in tp if r["mode"] == mode), key=lambda r: r["allocations_per_second"])  # noqa: E731
    serial, parallel = best("serial"), best("parallel")
    explicit, committed = best("explicit bulk"), best("committed bulk")
    grows = [f"{r['contract']} {r['message']}" for r in gas_rows if r["grows"]]
    bulk_1000 = next(r for r in tp if r["mode"] == "explicit bulk" and r["allocations_per_tx"] == 1000)
    pinned = {k: v for k, v in single_gas.items() if k.endswith("code pinned")}
    out = [
        ("explicit bulk ≥ 25,000 grant records committed per second (1,000 keys per tx, median of 3)",
         f"{bulk_1000['allocations_per_second']:,.0f}/s from an allowance (runs: {bulk_1000.get('runs_per_second', '')}); medians of the other routes: "
         + "; ".join(f"{r['mode'].split('(')[1].rstrip(')')} {r['allocations_per_second']:,.0f}/s" for r in tp
                     if r["mode"].startswith("explicit bulk (")) + stream_text(stream, split),
         bulk_1000["allocations_per_second"] >= 25_000),
        ("committed bulk ≥ 1,000,000 allocations per second",
         f"{committed['allocations_per_second']:,.0f}/s ({committed['allocations_per_tx']:,} keys per tx)",
         committed["allocations_per_second"] >= 1_000_000),
        ("bulk/serial ratio ≥ 10,000",
         f"committed {committed['allocations_per_second'] / serial['allocations_per_second']:,.0f}×, "
         f"explicit {explicit['allocations_per_second'] / serial['allocations_per_second']:,.0f}×",
         committed["allocations_per_second"] / serial["allocations_per_second"] >= 10_000),
        ("(issue 9) single allocate ≤ 150,000 gas with the code pinned (unpinned: issue 20's rows below)",
         ", ".join(f"{k.removeprefix('allocate 1 unit ').removesuffix(', code pinned')} {v:,}"
                   for k, v in pinned.items()), max(pinned.values()) <= 150_000),
        ("gas per explicit grant ≤ 1.5× one storage write of its record",
         f"{grant['marginal_gas_per_grant']:,} vs {grant['record_write_gas']:,} ({grant['ratio']:.2f}×)",
         grant["ratio"] <= 1.5),
        ("no execute message whose gas grows with the state",
         "none grows" if not grows else "grows: " + "; ".join(grows), not grows),
    ]
    out += [(f"allocate 1 unit {name}, code not pinned ≤ {ROUTE_TARGETS[name]:,} gas", f"{w.total:,}",
             w.total <= ROUTE_TARGETS[name]) for name, w in walks.items()]
    out.append(("(for reference) bulk/parallel ratio",
                f"committed {committed['allocations_per_second'] / parallel['allocations_per_second']:,.0f}×, "
                f"explicit {explicit['allocations_per_second'] / parallel['allocations_per_second']:,.0f}×", True))
    return out


def stream_text(stream: dict, split: node_profile.Split | None) -> str:
    text = (f"; a sustained stream of {stream['transactions']} purchases ({stream['blocks']} blocks): "
            f"{stream['allocations_per_second']:,.0f}/s")
    if split:
        text += f", the node's consensus path {split.consensus_us:.1f} µs of CPU a grant"
    return text


def time_markdown(stream: dict, split: node_profile.Split | None) -> list[str]:
    """Where a grant's time goes in the node (issue 20, item 3)."""
    per_block = stream["allocations"] / stream["blocks"]
    lines = ["## Where the time of an explicit grant goes", "",
             f"A stream of {stream['transactions']} purchases of 1,000 keys each, from as many buyers and paid from "
             f"allowances, broadcast together: the node committed {stream['allocations']:,} grants in "
             f"{stream['seconds']} s over {stream['blocks']} blocks ({per_block:,.0f} grants a block), "
             f"{stream['allocations_per_second']:,.0f} a second. A burst of 16 (the runs above) lands in one block "
             "and also waits for it (up to the 300 ms `timeout_commit`); a stream keeps the node busy block after block."]
    if not split:
        return lines + ["", "(No CPU profile: the bench node's profiler was off or the stream outlasted it.)", ""]
    lines += ["", "The node's own CPU profile over the stream (Go's profiler on loopback, "
              "`scripts/node_profile.py`), per grant committed. The consensus path runs one block after another, so "
              "its time bounds the rate; the rest runs beside it, on the machine's other core or taking turns with it:", ""]
    lines += node_profile.markdown(split)
    lines += ["", f"At {split.consensus_us:.1f} µs of CPU a grant the consensus path allows at most {split.ceiling:,.0f} "
              "grants a second, however short the wait between blocks. The bursts of 16 cost less a grant: their blocks "
              "are smaller, and the garbage collector and the database's compaction, which share the machine's two "
              "cores with the consensus path, catch up between bursts. Each grant is one new entry in the contract store "
              "(the holder index that `grants_by_holder` reads; the keys themselves are one record per purchase), and "
              "the entry of a random consumer key lands at a random place of the IAVL tree: the tree's insert, the "
              "hashing and saving of its new nodes at commit and the compaction of what they write are the store's "
              "share; the VM's is the contract's.", ""]
    return lines


def markdown(args, gas_rows, scaling, tp, tgts, single_gas, grant, baseline, started_at, seconds, walks,
             stream, split) -> str:
    lines = ["# Benchmarks", "",
             "Generated by `scripts/bench` (do not edit by hand): a fresh single-node wasmd "
             f"{os.environ.get('WASMD_VERSION', '')} chain on this machine (300 ms blocks, 10^10 block gas), "
             "the artifacts of `scripts/build` deployed by `scripts/deploy`, every figure from committed transactions.", "",
             f"- Machine: {machine()}",
             f"- Node (set by `scripts/localnet` for every use: demo, end-to-end test, benchmark): {node_settings()}",
             f"- Run: {started_at} UTC, {seconds:.0f} s; `{' '.join(['scripts/bench', *args])}`; load average "
             f"(1 min, the machine's {os.cpu_count()} cores shared with other work) at the start {LOAD_AT_START} and the "
             f"end {os.getloadavg()[0]:.1f}: throughput figures vary with it, gas does not",
             f"- A bank transfer (the SDK's fixed cost of a transaction: signature, fees, size) costs {baseline:,} gas.",
             "", "## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {t} | {m} | {'met' if ok else '**not met**'} |" for t, m, ok in tgts]
    lines += ["", "## Throughput of allocations (the paper's Fig. 2)", "",
              f"The paper (Hyperledger Sawtooth): serial {PAPER_SERIAL[0]}–{PAPER_SERIAL[1]} allocations/s, "
              f"bulk {PAPER_BULK[0]:,}–{PAPER_BULK[1]:,} allocations/s.", "",
              "![throughput](bench/throughput.png)", "",
              "| mode | allocations per tx | txs | allocations | seconds | allocations/s | gas/allocation | p50 latency s | p95 latency s |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['mode']} | {r['allocations_per_tx']:,} | {r['transactions']} | {r['allocations']:,} | {r['seconds']} | "
              f"{r['allocations_per_second']:,.1f} | {r['gas_per_allocation']:,} | {r['p50_latency_s']} | {r['p95_latency_s']} |" for r in tp]
    lines += ["", "Explicit bulk is paid from a Bandcoin allowance (the buyer executes `allocate` on the market, "
              "which moves the price from the buyer to the provider with one `TransferFrom`), the consumer keys packed into one base64 string "
              "(`packed_consumers`). The largest size is also bought with one base64 string per key (`consumers`), "
              "paid through the token's `Send` (cw20-base decodes the hook and encodes it again) and paid in the "
              "native coin. Each 1,000-key figure is the median of its runs:", ""]
    lines += [f"- {r['mode']}: {r['runs_per_second']} allocations/s" for r in tp if r.get("runs_per_second")]
    lines += ["", "## Gas of a single allocate and of an explicit grant", ""]
    lines += [f"- {k}: {v:,} gas" for k, v in single_gas.items()]
    lines += [f"- One explicit grant: {grant['marginal_gas_per_grant']:,} gas at the margin of a 1,000-key purchase; "
              f"writing its record ({grant['record_entries_per_grant']:g} store {'entry' if grant['record_entries_per_grant'] == 1 else 'entries'}) costs {grant['record_write_gas']:,} gas "
              f"(2,000 + 30 per byte, the key with its 33-byte contract prefix): {grant['ratio']:.2f}×.",
              f"- Time of a 1,000-key purchase in the VM alone (the node's simulation: no block, no commit): "
              f"{grant['simulated_us_per_grant']} µs per grant, that is at most "
              f"{1e6 / max(1, grant['simulated_us_per_grant']):,.0f} grants per second before the store's commit.", ""]
    lines += time_markdown(stream, split)
    lines += breakdown_markdown(walks)
    lines += ["## Gas of every execute message, small and large state", "",
              f"Growth is flagged when the large state costs more than {GROWTH_FRACTION:.0%} and more than "
              f"{GROWTH_FLOOR:,} gas above the small one.", "",
              "| contract | message | small | large | grows | note |", "|---|---|---:|---:|---|---|"]
    for r in gas_rows:
        lines.append(f"| {r['contract']} | {r['message']} | {r.get('small', 0):,} | {r.get('large', 0):,} | "
                     f"{'**yes**' if r['grows'] else 'no'} | {r.get('note', '')} |")
    if scaling:
        lines += ["", "## Gas against the size that drives it", "", "| contract | what | n | gas | note |", "|---|---|---:|---:|---|"]
        lines += [f"| {r.contract} | {r.message} | {int(r.size):,} | {r.gas:,} | {r.note} |" for r in scaling]
    lines += ["", "Raw figures: [gas.csv](bench/gas.csv), [scaling.csv](bench/scaling.csv), [throughput.csv](bench/throughput.csv).", ""]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description="Benchmarks on the local wasmd node (see docs/benchmarks.md)")
    p.add_argument("--small", type=int, default=10, help="items in the small state")
    p.add_argument("--large", type=int, default=10_000, help="items in the large state")
    p.add_argument("--serial", type=int, default=20, help="serial allocates")
    p.add_argument("--rounds", type=int, default=5, help="rounds of the parallel workload")
    p.add_argument("--buyers", type=int, default=16, help="buyers (and concurrent transactions)")
    p.add_argument("--repeat", type=int, default=3, help="runs of the 1,000-key explicit bulk (the median is kept)")
    p.add_argument("--stream", type=int, default=96, help="purchases of 1,000 keys in the sustained stream")
    p.add_argument("--max-committed", type=int, default=1_000_000, help="largest committed batch")
    p.add_argument("--skip-contracts", action="store_true", help="only the market (no auction, lease, pool, reputation)")
    p.add_argument("--breakdown-only", action="store_true",
                   help="only the gas breakdown of an allocate on each payment route (printed, no files written)")
    args = p.parse_args()
    argv = [a for a in os.sys.argv[1:]]
    started_at, t0 = time.strftime("%Y-%m-%d %H:%M", time.gmtime()), time.time()
    chain_id = os.environ.get("CHAIN_ID", "spectrum-bench")
    deployment = json.loads((ROOT / "deployments" / f"{chain_id}.json").read_text())
    b = Bench(deployment, chain_id, os.environ.get("NODE", "tcp://127.0.0.1:26657"))
    baseline = b.tx(b.admin, [msg_send(b.admin.address, b.minter.address, "ustake", 1)]).gas_used

    if args.breakdown_only:
        m = Market(b, b.d["bandwidth_market"])
        provider, buyer = b.accounts("bd-provider", 1)[0], b.accounts("bd-buyer", 1)[0]
        b.mint([buyer], 10**15)
        m.approve([provider])
        offer = m.post_offer(provider, price=1)
        native = native_market(b, provider)
        m.allow([buyer])
        walks = route_breakdown(b, m, native, buyer, *offer)
        print("\n".join(breakdown_markdown(walks)))
        if os.environ.get("BENCH_BREAKDOWN_JSON"):
            Path(os.environ["BENCH_BREAKDOWN_JSON"]).write_text(json.dumps(
                {name: {"total": w.total, "charges": w.charges} for name, w in walks.items()}, indent=1))
        return

    print("\n[1] Gas of every execute message, small and large state", flush=True)
    for size, n in (("small", args.small), ("large", args.large)):
        market_gas(b, size, n)
    if not args.skip_contracts:
        import bench_contracts
        bench_contracts.run(b, small=args.small, large=args.large)

    print("\n[2] The single allocate and the explicit grant", flush=True)
    m = Market(b, b.d["bandwidth_market"])
    providers = b.accounts("tp-provider", 4)
    buyers = b.accounts("tp-buyer", args.buyers)
    b.mint(buyers, 10**15)
    m.approve(providers)
    offers = [m.post_offer(p, price=1) for p in providers]
    native = native_market(b, providers[0])
    m.allow(buyers)
    single_gas = {f"allocate 1 unit {k}": v for k, v in single_allocate_gas(b, m, native, buyers[0], *offers[0]).items()}
    print("\n  [where the gas of an allocate goes, code not pinned]", flush=True)
    walks = route_breakdown(b, m, native, buyers[1], *offers[1])
    grant = storage_write_of_grant(b, m, buyers[0], *offers[0])
    print(f"    {grant}", flush=True)
    b.pin_codes([b.codes["bandwidth_market"], b.codes["cw20_base"], b.codes["node_reputation"]])
    single_gas.update({f"allocate 1 unit {k}, code pinned": v
                       for k, v in single_allocate_gas(b, m, native, buyers[0], *offers[0]).items()})
    print(f"    {single_gas}", flush=True)

    print("\n[3] Throughput", flush=True)
    committed = [10**e for e in range(0, 7) if 10**e <= args.max_committed]
    tp = throughput(b, m, native, buyers, offers, args.serial, args.rounds, [1, 10, 100, 1000], committed,
                    args.buyers, args.repeat)
    print(f"\n  [explicit bulk, sustained: a stream of {args.stream} purchases of 1,000 keys]", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        stream, split = sustained(b, m, offers[0], args.stream, Path(tmp) / "node.prof")
    print(f"    {stream}", flush=True)
    if split:
        print("\n".join(f"    {line}" for line in node_profile.markdown(split)), flush=True)

    gas_rows = growth_table(b.rows, "small", "large")
    tgts = targets(gas_rows, tp, single_gas, grant, walks, stream, split)
    OUT.mkdir(parents=True, exist_ok=True)
    write_csv(OUT / "gas.csv", gas_rows)
    write_csv(OUT / "scaling.csv", [r.__dict__ for r in b.scaling])
    write_csv(OUT / "throughput.csv", tp)
    plot(OUT / "throughput.csv", OUT / "throughput.png")
    (DOCS / "benchmarks.md").write_text(markdown(argv, gas_rows, b.scaling, tp, tgts, single_gas, grant, baseline,
                                                 started_at, time.time() - t0, walks, stream, split))
    print("\nTargets:")
    for t, measured, ok in tgts:
        print(f"  [{'met' if ok else 'NOT MET'}] {t}: {measured}")
    print(f"\nwrote {DOCS / 'benchmarks.md'} and {OUT}/ in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
