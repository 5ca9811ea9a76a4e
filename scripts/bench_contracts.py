"""Gas of the auction, lease, pool and reputation contracts on a real local wasmd node
(issue 9, items 1 and 3; the market is scripts/bench.py).

Item 1: for each contract, fresh instances per state size are filled with many-message
transactions, then every execute message is sent once as its own single-message
transaction and its gas recorded at the "small" and at the "large" state (the same labels
at both sizes, so the report pairs them and flags growth):

- node-reputation: n interactions with one approved node from n distinct operators;
- auction-clearing: n other auctions in the contract;
- spectrum-lease: n leases overlapping the window of the measured request (at most 1,000);
- unlicensed-pool: n members (the contract's ceiling is 100), every one of them holding a claim.

Item 3 (`Bench.scale` rows): clearing a Vickrey auction with 10, 100 and 500 bids (every
page), a lease request against 10 and 1,000 overlapping leases, a pool claim with 2 and 20
members, recording an interaction and a gated contract's Qualification query of a node
with 10 and 10,000 interactions.

Every instance is configured as scripts/deploy.py configures the deployment: payments in
Bandcoin, the reputation gate on (min_score 0.3) against a node-reputation instance made
here (φ 0.5, threshold 0.3, quorum 1, the validator its one authorized node), in which the
benchmark's providers, bidders, MNOs, MOs and pool members apply and are approved. The
native-coin paths (`commit`, `bid`, `request_lease`, `revoke_lease` with funds) need an
instance paid in ustake (payment is fixed at instantiate): they are measured on such an
instance, without the large state, as scripts/bench.py does for the market.

Run alone: `python3 scripts/bench_contracts.py [--small 10] [--large 10000]` with CHAIN_ID,
NODE and LOCALNET_HOME set as for scripts/deploy.py.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import statistics
import time
from pathlib import Path

from spectrum_py.encodings import commitment
from spectrum_py.benchlib import Bench, b64json, growth_table
from spectrum_py.txclient import Account, Committed, bech32, build_tx, msg_execute, submit

ROOT = Path(__file__).resolve().parent.parent
REP, AUCTION, LEASE, POOL = "node-reputation", "auction-clearing", "spectrum-lease", "unlicensed-pool"
MAX_LEASES = 1_000          # the large state for leases
CLEAR_BIDS = (10, 100, 500)  # item 3: bids per cleared auction
POOL_MEMBERS = (2, 20)       # item 3: members of the pool
MAX_POOL_MEMBERS = 100       # the pool's ceiling (MAX_MEMBERS_LIMIT)
BANDCOIN = 10**15            # minted to every account that pays in Bandcoin
OFFER_BAND = {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}
LICENSE_BAND = {"from_hz": 3_500_000_000, "to_hz": 3_600_000_000}
BUCKET = 5                   # spectrum-lease bucket_seconds, as deployed


# ---- small helpers ------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def addr_of(tag: str) -> str:
    """A valid address nobody signs for (operators and nodes that are only rated)."""
    return bech32("wasm", hashlib.sha256(f"bench-addr:{tag}".encode()).digest()[:20])


def attrs(res: Committed, key: str) -> list[str]:
    """Every value of `key` in the transaction's wasm events, in order."""
    return [a["value"] for ev in res.events if ev.get("type") == "wasm"
            for a in ev.get("attributes", []) if a.get("key") == key]


def wait_until(b: Bench, t: int) -> None:
    """Waits until the latest block time is at least `t` (the next block is later)."""
    while b.now() < t:
        time.sleep(0.2)


def submit_all(b: Bench, txs: list[bytes], what: str) -> list[Committed]:
    """Broadcasts pre-signed transactions together; raises if any failed."""
    results = submit(b.rpc, txs)
    b.seen_height = max([b.seen_height] + [r.height for r in results])
    failed = [r.log for r in results if r.code != 0]
    if failed:
        raise RuntimeError(f"{what}: {len(failed)} of {len(results)} failed, first: {failed[0]}")
    return results


def ownership(b: Bench, contract: str, name: str, size: str, new_owner: Account) -> None:
    """Records the cw-ownable transfer and its acceptance (the instance changes admin)."""
    b.record(name, "update_ownership: transfer", size, b.execute(
        b.admin, contract, {"update_ownership": {"transfer_ownership": {"new_owner": new_owner.address, "expiry": None}}}))
    b.record(name, "update_ownership: accept", size, b.execute(new_owner, contract, {"update_ownership": "accept_ownership"}))


def p50_ms(fn, runs: int = 20) -> float:
    """Median wall time of `fn` in milliseconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def rep_config(b: Bench, reporters: list[str]) -> dict:
    """node-reputation's instantiate message as deployed, the validator its authorized node."""
    return {"admin": b.admin.address, "quorum": 1, "application_expiry_seconds": 86_400, "phi": "0.5",
            "threshold": "0.3", "min_interactions": 3, "operator_interval_seconds": 1,
            "authorized": [b.admin.address], "reporters": reporters}


class Gate:
    """A node-reputation instance used as the reputation gate (min_score 0.3) and rating
    recorder of the instances under test; accounts qualify by applying and being approved."""

    def __init__(self, b: Bench):
        self.b = b
        self.addr = b.instantiate(b.admin, "node_reputation", rep_config(b, []))
        self.approved: set[str] = set()

    def msg(self) -> dict:
        return {"contract": self.addr, "min_score": "0.3"}

    def qualify(self, accts: list[Account]) -> None:
        """Every account applies (pre-signed, broadcast together); the validator approves."""
        fresh = [a for a in dict((a.address, a) for a in accts).values() if a.address not in self.approved]
        if not fresh:
            return
        apply = {"apply": {"kind": "edge_node", "metadata": "benchmark account"}}
        submit_all(self.b, [build_tx(a, self.b.chain_id, [msg_execute(a.address, self.addr, apply)], 400_000)
                            for a in fresh], "apply")
        self.b.execute_many(self.b.admin, self.addr, [{"approve": {"applicant": a.address}} for a in fresh])
        self.approved.update(a.address for a in fresh)

    def reporter(self, contract: str) -> None:
        """Registers a contract whose ratings are recorded here."""
        self.b.execute(self.b.admin, self.addr, {"add_reporter": {"address": contract}})


# ---- node-reputation ----------------------------------------------------------------------


def reputation_gas(b: Bench, size: str, n: int, target: Account, loser: Account, operator: Account,
                   new_owner: Account) -> None:
    """A fresh instance with n interactions about `target` (an approved edge node) from n
    distinct operators, recorded by the validator as a reporter; then every message once."""
    print(f"\n  [{REP}: {n:,} interactions with one node]", flush=True)
    rep = b.instantiate(b.admin, "node_reputation", rep_config(b, [b.admin.address]))
    rec = lambda msg, res, note="": b.record(REP, msg, size, res, note)  # noqa: E731
    rec("apply", b.execute(target, rep, {"apply": {"kind": "edge_node", "metadata": "edge node, 40 cores"}}))
    rec("approve (deciding vote, quorum 1)", b.execute(b.admin, rep, {"approve": {"applicant": target.address}}))
    b.execute(loser, rep, {"apply": {"kind": "edge_node", "metadata": "rejected"}})
    rec("reject (deciding vote, quorum 1)", b.execute(b.admin, rep, {"reject": {"applicant": loser.address}}))
    b.execute(operator, rep, {"apply": {"kind": "operator", "metadata": "operator"}})
    b.execute(b.admin, rep, {"approve": {"applicant": operator.address}})

    fill = [{"record_interaction": {"operator": addr_of(f"op-{size}-{i}"), "node": target.address,
                                    "positive": i % 4 != 0, "quality": "0.9"}} for i in range(n)]
    b.fill(b.admin, rep, fill)
    note = "the validator is a registered reporter (in the deployment: the market, auction, lease and pool)"
    new_pair = b.execute(b.admin, rep, {"record_interaction": {
        "operator": addr_of(f"op-{size}-new"), "node": target.address, "positive": True, "quality": "0.8"}})
    rec("record_interaction (reporter, new pair)", new_pair, note)
    rec("record_interaction (reporter, existing pair)", b.execute(b.admin, rep, {"record_interaction": {
        "operator": addr_of(f"op-{size}-0"), "node": target.address, "positive": True, "quality": "0.7"}}), note)
    rec("record_interaction (approved operator, own rating)", b.execute(operator, rep, {"record_interaction": {
        "operator": operator.address, "node": target.address, "positive": True, "quality": "0.95"}}))
    other = addr_of(f"admin-{size}")
    rec("add_authorized", b.execute(b.admin, rep, {"add_authorized": {"address": other}}))
    rec("remove_authorized", b.execute(b.admin, rep, {"remove_authorized": {"address": other}}))
    rec("add_reporter", b.execute(b.admin, rep, {"add_reporter": {"address": other}}))
    rec("remove_reporter", b.execute(b.admin, rep, {"remove_reporter": {"address": other}}))
    rec("update_config", b.execute(b.admin, rep, {"update_config": {"threshold": "0.3", "min_interactions": 3}}))

    b.scale(REP, "record_interaction (new pair) about a node with n interactions", n, new_pair)
    gated_query(b, rep, target, n)
    ownership(b, rep, REP, size, new_owner)


def gated_query(b: Bench, rep: str, target: Account, n: int) -> None:
    """Item 3, querying reputation: a query has no gas of its own, so the gas is that of a
    pool claim whose reputation gate asks this instance's Qualification of `target` (the
    claim's only other work is fixed: a sole member), and the wall time of the RPC queries."""
    pool = b.instantiate(b.admin, "unlicensed_pool", pool_config(b, [target.address], {"contract": rep, "min_score": "0.3"}))
    b.execute(b.admin, pool, {"start_round": {}})
    claim = b.execute(target, pool, {"claim": {"bandwidth_hz": 180000, "slots": 1}})
    qual = p50_ms(lambda: b.query(rep, {"qualification": {"address": target.address}}))
    node = p50_ms(lambda: b.query(rep, {"node": {"address": target.address}}))
    b.scale(REP, "gated claim: Qualification of a node with n interactions", n, claim,
            f"unlicensed-pool claim of a sole member gated on this node; RPC query p50: "
            f"qualification {qual:.1f} ms, node {node:.1f} ms")


# ---- auction-clearing -----------------------------------------------------------------------


def salt_of(bidder: Account, auction_id: int) -> bytes:
    return hashlib.sha256(f"salt:{bidder.address}:{auction_id}".encode()).digest()


class Auctions:
    """A fresh market (Bandcoin, provider approved) with one offer whose clearing house is a
    fresh auction-clearing instance, gated like the deployment."""

    def __init__(self, b: Bench, gate: Gate, provider: Account, payment: dict | None = None, market: str | None = None):
        self.b, self.provider = b, provider
        self.market = market or b.instantiate(b.admin, "bandwidth_market", {
            "admin": b.admin.address, "payment": {"cw20": {"contract": b.band}}, "epoch_seconds": 3_600})
        if market is None:
            b.execute(b.admin, self.market, {"approve_provider": {"provider": provider.address}})
        self.addr = b.instantiate(b.admin, "auction_clearing", {
            "admin": b.admin.address, "payment": payment or {"cw20": {"contract": b.band}},
            "market": self.market, "reputation_gate": gate.msg()})
        offer = {"band": OFFER_BAND, "bandwidth_hz": 10_000_000, "location": "9q8yy", "unit_price": "1",
                 "max_allocations": 1_000_000, "allocation_duration": 3_600, "volume_discount": "1",
                 "reservation_discount": "1"}
        self.offer_id = int(b.execute(provider, self.market, {"post_offer": offer}).attr("wasm", "offer_id"))
        b.execute(provider, self.market, {"set_clearing_house": {"offer_id": self.offer_id, "clearing_house": self.addr}})

    def params(self, kind: str, k: int, bid_end: int, reveal_end: int | None, min_price: int = 10) -> dict:
        epoch = self.b.query(self.market, {"current_epoch": {}})["epoch"]
        return {"offer_id": self.offer_id, "kind": kind, "max_allocations": k, "band": OFFER_BAND,
                "bandwidth_hz": 10_000_000, "epoch": epoch, "min_price": str(min_price), "bid_end": bid_end,
                "reveal_end": reveal_end, "clearing_time": reveal_end or bid_end}

    def create(self, kind: str, k: int, bid_end: int, reveal_end: int | None, min_price: int = 10) -> tuple[int, Committed]:
        res = self.b.execute(self.provider, self.addr, {"create_auction": self.params(kind, k, bid_end, reveal_end, min_price)})
        return int(res.attr("wasm", "auction_id")), res

    def commit_msg(self, bidder: Account, auction_id: int, price: int, deposit: int) -> bytes:
        c = b64(commitment(auction_id, bidder.address, 1, price, salt_of(bidder, auction_id)))
        return self.b.send_msg(bidder, self.addr, deposit, {"commit": {"auction_id": auction_id, "commitment": c}})

    def reveal_msg(self, bidder: Account, auction_id: int, price: int) -> bytes:
        return msg_execute(bidder.address, self.addr, {"reveal": {
            "auction_id": auction_id, "units": 1, "price": str(price), "salt": b64(salt_of(bidder, auction_id))}})

    def clear(self, who: Account, auction_id: int) -> list[Committed]:
        """Sends `clear` until the auction is done; every transaction's result."""
        out = []
        while True:
            out.append(self.b.execute(who, self.addr, {"clear": {"auction_id": auction_id}}))
            if self.b.query(self.addr, {"get_auction": {"auction_id": auction_id}})["phase"] == "done":
                return out


def auction_gas(b: Bench, gate: Gate, size: str, n: int, provider: Account, bidders: list[Account],
                new_owner: Account) -> None:
    """n auctions in a fresh instance, then every message once on a sealed (Vickrey) and an
    open (PROPSHARE) auction with three bidders, through clearing and settlement."""
    print(f"\n  [{AUCTION}: {n:,} auctions]", flush=True)
    ac = Auctions(b, gate, provider)
    far = b.now() + 86_400
    filler = {"create_auction": ac.params("vickrey", 1, far, far + 1)}
    b.fill(provider, ac.addr, [filler] * n)
    rec = lambda msg, res, note="": b.record(AUCTION, msg, size, res, note)  # noqa: E731
    rec("update_config", b.execute(b.admin, ac.addr, {"update_config": {"unrevealed_penalty": "0.1"}}))
    bid_end = b.now() + 20  # time for nine transactions on a busy machine
    vickrey, res = ac.create("vickrey", 2, bid_end, bid_end + 10)
    rec("create_auction", res, "queries the gate, the market's offer and epoch")
    propshare, _ = ac.create("propshare", 2, bid_end, None)
    b0, b1, b2 = bidders[:3]
    prices = {b0.address: 120, b1.address: 90, b2.address: 60}
    rec("receive: commit (Bandcoin)", b.tx(b0, [ac.commit_msg(b0, vickrey, prices[b0.address], 150)]))
    rec("receive: commit replacing a commit (Bandcoin)", b.tx(b0, [ac.commit_msg(b0, vickrey, prices[b0.address], 200)]),
        "refunds the replaced deposit")
    b.tx(b1, [ac.commit_msg(b1, vickrey, prices[b1.address], 150)])
    b.tx(b2, [ac.commit_msg(b2, vickrey, prices[b2.address], 150)])
    rec("withdraw", b.execute(b2, ac.addr, {"withdraw": {"auction_id": vickrey}}))
    rec("receive: bid (Bandcoin)", b.pay(b0, ac.addr, 300, {"bid": {"auction_id": propshare, "price": "300"}}))
    b.pay(b1, ac.addr, 200, {"bid": {"auction_id": propshare, "price": "200"}})
    wait_until(b, bid_end)
    rec("reveal", b.tx(b0, [ac.reveal_msg(b0, vickrey, prices[b0.address])]))
    b.tx(b1, [ac.reveal_msg(b1, vickrey, prices[b1.address])])
    rec("clear (propshare, 2 bids: shares, settlement, refunds)", one(ac.clear(b2, propshare)),
        "settles into the market (cw20 send) in the same transaction")
    wait_until(b, bid_end + 10)
    rec("clear (vickrey, 2 revealed bids: rank, settlement, refunds)", one(ac.clear(b2, vickrey)),
        "settles into the market (cw20 send) in the same transaction")
    native_auction_gas(b, gate, size, ac, provider, b2)
    ownership(b, ac.addr, AUCTION, size, new_owner)


def one(results: list[Committed]) -> Committed:
    if len(results) != 1:
        raise RuntimeError(f"expected clearing in one transaction, took {len(results)}")
    return results[0]


def native_auction_gas(b: Bench, gate: Gate, size: str, ac: Auctions, provider: Account, bidder: Account) -> None:
    """`commit` and `bid` with attached ustake: an auction instance paid in the native coin
    (settling into the same market's second offer; not cleared here)."""
    native = Auctions(b, gate, provider, payment={"native": {"denom": "ustake"}}, market=ac.market)
    end = b.now() + 600
    sealed, _ = native.create("vickrey", 1, end, end + 1)
    open_, _ = native.create("propshare", 1, end, None)
    note = "an instance paid in ustake, without the large state"
    c = b64(commitment(sealed, bidder.address, 1, 50, salt_of(bidder, sealed)))
    b.record(AUCTION, "commit (native ustake)", size,
             b.execute(bidder, native.addr, {"commit": {"auction_id": sealed, "commitment": c}}, [("ustake", 80)]), note)
    b.record(AUCTION, "bid (native ustake)", size,
             b.execute(bidder, native.addr, {"bid": {"auction_id": open_, "price": "50"}}, [("ustake", 50)]), note)


def clear_scaling(b: Bench, gate: Gate, provider: Account, bidders: list[Account], sizes: list[int]) -> None:
    """Item 3: Vickrey auctions (k = 5) with each size of revealed bids, cleared to the end.
    Bidder i commits to every auction with more than i bidders in one transaction and later
    reveals; the transactions are signed in advance and broadcast together."""
    print(f"\n  [{AUCTION}: clearing {', '.join(map(str, sizes))} bids]", flush=True)
    ac = Auctions(b, gate, provider)
    ids = list(range(1, len(sizes) + 1))  # a fresh instance numbers auctions from 1
    price = lambda i: 100 + (i * 7_919) % 1_000  # noqa: E731  distinct enough, not ordered by bidder
    commits, reveals = [], []
    for i, bidder in enumerate(bidders[:max(sizes)]):
        mine = [a for a, n in zip(ids, sizes) if i < n]
        commits.append(build_tx(bidder, b.chain_id, [ac.commit_msg(bidder, a, price(i), price(i) + 50) for a in mine],
                                600_000 * len(mine)))
        reveals.append(build_tx(bidder, b.chain_id, [ac.reveal_msg(bidder, a, price(i)) for a in mine], 400_000 * len(mine)))
    messages = sum(sizes)
    bid_end = b.now() + 8 + messages // 50  # commits of 500 bidders take about 6 s here
    reveal_end = bid_end + 8 + messages // 60
    msgs = [{"create_auction": ac.params("vickrey", 5, bid_end, reveal_end)}] * len(sizes)
    created = b.execute_many(provider, ac.addr, msgs)
    assert attrs(created[0], "auction_id") == [str(a) for a in ids], attrs(created[0], "auction_id")
    t = time.perf_counter()
    submit_all(b, commits, "commits")
    print(f"    {len(commits)} commit transactions committed in {time.perf_counter() - t:.1f} s, "
          f"{bid_end - b.now()} s before bid_end", flush=True)
    wait_until(b, bid_end)
    t = time.perf_counter()
    submit_all(b, reveals, "reveals")
    print(f"    {len(reveals)} reveal transactions committed in {time.perf_counter() - t:.1f} s, "
          f"{reveal_end - b.now()} s before reveal_end", flush=True)
    wait_until(b, reveal_end)
    for auction_id, n in zip(ids, sizes):
        results = ac.clear(provider, auction_id)
        pages = ", ".join(f"{r.gas_used:,}" for r in results)
        b.scale(AUCTION, "clear: vickrey k=5, n revealed bids, all pages", n, sum(r.gas_used for r in results),
                f"{len(results)} transaction(s) of at most 500 bids (max_bids_per_tx): {pages}")


# ---- spectrum-lease -------------------------------------------------------------------------


def align(t: int) -> int:
    """The first bucket boundary at or after t."""
    return -(-t // BUCKET) * BUCKET


def license_terms(policy: str, valid_until: int) -> dict:
    return {"band": LICENSE_BAND, "region_id": "campus-7", "bandwidth_hz": 10_000_000, "valid_until": valid_until,
            "price_per_hz_second": "0.001", "min_duration": BUCKET, "max_duration": 168 * BUCKET, "policy": policy}


def lease_price(bw: int, duration: int) -> int:
    return -(-bw * duration // 1000)  # ceil(0.001 × bandwidth × duration)


class Leases:
    """A spectrum-lease instance as deployed (5-second buckets, gate, recorder)."""

    def __init__(self, b: Bench, gate: Gate, payment: dict | None = None):
        self.b = b
        self.addr = b.instantiate(b.admin, "spectrum_lease", {
            "admin": b.admin.address, "payment": payment or {"cw20": {"contract": b.band}},
            "reputation_gate": gate.msg(), "bucket_seconds": BUCKET, "reputation_recorder": gate.addr})

    def register(self, mno: Account, policy: str) -> tuple[int, Committed]:
        res = self.b.execute(mno, self.addr, {"register_license": {"terms": license_terms(policy, self.b.now() + 864_000)}})
        return int(res.attr("wasm", "license_id")), res

    def request_msg(self, mo: Account, license_id: int, start: int, duration: int, bw: int = 1_000) -> bytes:
        hook = {"request_lease": {"license_id": license_id, "bandwidth_hz": bw, "start": start, "duration": duration}}
        return self.b.send_msg(mo, self.addr, lease_price(bw, duration), hook)

    def request(self, mo: Account, requests: list[tuple[int, int, int]]) -> tuple[list[int], Committed]:
        """(license, start, duration) requests in one transaction; their lease ids."""
        res = self.b.tx(mo, [self.request_msg(mo, *r) for r in requests])
        return [int(x) for x in attrs(res, "lease_id")], res


def lease_gas(b: Bench, gate: Gate, size: str, n: int, mno: Account, mno2: Account, mo: Account,
              new_owner: Account) -> None:
    """n leases of one MO overlapping the window of the measured request on an automatic
    license, then every message once, on a timeline that starts a few buckets ahead."""
    print(f"\n  [{LEASE}: {n:,} overlapping leases]", flush=True)
    lz = Leases(b, gate)
    gate.reporter(lz.addr)
    rec = lambda msg, res, note="": b.record(LEASE, msg, size, res, note)  # noqa: E731
    rec("approve_mno", b.execute(b.admin, lz.addr, {"approve_mno": {"mno": mno2.address}}))
    rec("remove_mno", b.execute(b.admin, lz.addr, {"remove_mno": {"mno": mno2.address}}))
    b.execute(b.admin, lz.addr, {"approve_mno": {"mno": mno.address}})
    rec("update_config", b.execute(b.admin, lz.addr, {"update_config": {
        "reputation_gate": gate.msg(), "reputation_recorder": gate.addr}}))
    auto, res = lz.register(mno, "automatic")
    rec("register_license", res)
    manual, _ = lz.register(mno, "manual")
    retired, _ = lz.register(mno, "automatic")
    rec("retire_license", b.execute(mno, lz.addr, {"retire_license": {"license_id": retired}}))

    window = align(b.now() + 600)
    hook = {"request_lease": {"license_id": auto, "bandwidth_hz": 1_000, "start": window, "duration": 20 * BUCKET}}
    send = {"send": {"contract": lz.addr, "amount": str(lease_price(1_000, 20 * BUCKET)), "msg": b64json(hook)}}
    b.fill(mo, b.band, [send] * n, per_tx=100)
    res = b.tx(mo, [lz.request_msg(mo, auto, window, 20 * BUCKET)])
    rec("receive: request_lease (Bandcoin)", res, "20 buckets, overlapping every existing lease")
    b.scale(LEASE, "receive: request_lease (20 buckets) against n overlapping leases", n, res)
    rec("update_license (price)", b.execute(mno, lz.addr, {"update_license": {"license_id": auto, "price_per_hz_second": "0.001"}}))
    rec("update_license (margin: peak usage check)", b.execute(mno, lz.addr, {"update_license": {
        "license_id": auto, "interference_margin_hz": 100_000}}), "walks the non-empty buckets ahead (bounded by the horizon)")

    t0 = align(b.now() + 15)
    # Leases to approve, reject, terminate and revoke share the filled window (their buckets
    # never empty, whatever the timing); lease a runs at t0, p3 lapses at t0.
    (a, c, d), _ = lz.request(mo, [(auto, t0, 2 * BUCKET), (auto, window, 20 * BUCKET), (auto, window, 20 * BUCKET)])
    (p1, p2, p3), _ = lz.request(mo, [(manual, window, 20 * BUCKET), (manual, window, 20 * BUCKET), (manual, t0, BUCKET)])
    rec("approve_lease", b.execute(mno, lz.addr, {"approve_lease": {"lease_id": p1}}), "pays the escrow to the MNO")
    rec("reject_lease", b.execute(mno, lz.addr, {"reject_lease": {"lease_id": p2}}), "refunds the MO")
    rec("terminate_lease", b.execute(mo, lz.addr, {"terminate_lease": {"lease_id": c}}))
    refund = int(b.query(lz.addr, {"revocation_refund": {"lease_id": d}})["refund"])
    rec("receive: revoke_lease (Bandcoin refund)", b.pay(mno, lz.addr, refund, {"revoke_lease": {"lease_id": d}}))
    wait_until(b, t0)
    rec("report_interference", b.execute(mo, lz.addr, {"report_interference": {
        "lease_id": a, "level_cdbm": -9_050, "location": "hall-3", "time": t0,
        "band": {"from_hz": 3_500_000_000, "to_hz": 3_510_000_000}}}))
    rec("refund_lapsed", b.execute(b.admin, lz.addr, {"refund_lapsed": {"lease_id": p3}}))
    wait_until(b, t0 + BUCKET + 1)  # strictly inside the last bucket, also for the simulation
    rec("revoke_lease (last bucket, no refund)", b.execute(mno, lz.addr, {"revoke_lease": {"lease_id": a}}))
    wait_until(b, t0 + 2 * BUCKET)
    note = "records the rating in node-reputation"
    rec("rate_lease (MO)", b.execute(mo, lz.addr, {"rate_lease": {"lease_id": a, "positive": True, "quality": 90}}), note)
    rec("rate_lease (MNO)", b.execute(mno, lz.addr, {"rate_lease": {"lease_id": a, "positive": True, "quality": 80}}), note)
    native_lease_gas(b, gate, size, mno, mo)
    ownership(b, lz.addr, LEASE, size, new_owner)


def native_lease_gas(b: Bench, gate: Gate, size: str, mno: Account, mo: Account) -> None:
    """`request_lease` and a refunded `revoke_lease` with attached ustake: an instance paid
    in the native coin."""
    lz = Leases(b, gate, {"native": {"denom": "ustake"}})
    b.execute(b.admin, lz.addr, {"approve_mno": {"mno": mno.address}})
    license_id, _ = lz.register(mno, "automatic")
    start = align(b.now() + 600)
    req = {"license_id": license_id, "bandwidth_hz": 1_000, "start": start, "duration": 20 * BUCKET}
    price = lease_price(1_000, 20 * BUCKET)
    note = "an instance paid in ustake, without the large state"
    res = b.execute(mo, lz.addr, {"request_lease": req}, [("ustake", price)])
    b.record(LEASE, "request_lease (native ustake)", size, res, note)
    lease_id = int(res.attr("wasm", "lease_id"))
    refund = int(b.query(lz.addr, {"revocation_refund": {"lease_id": lease_id}})["refund"])
    b.record(LEASE, "revoke_lease (native ustake refund)", size,
             b.execute(mno, lz.addr, {"revoke_lease": {"lease_id": lease_id}}, [("ustake", refund)]), note)


# ---- unlicensed-pool ------------------------------------------------------------------------


def pool_config(b: Bench, members: list[str], gate: dict) -> dict:
    """The deployment's pool (W 540 MHz, M 1,800 tokens, one-second slots, 60-slot rounds)."""
    return {"admin": b.admin.address, "total_bandwidth_hz": 540000000, "initial_supply": "1800000000",
            "slot_seconds": 1, "round_slots": 60, "members": members, "reputation_gate": gate}


CLAIM = {"claim": {"bandwidth_hz": 180000, "slots": 1}}  # 180 kHz for the coming slot: one token
# The other members' claims: 6 kHz for the next 30 slots (one token), so that the measured
# claim always lands in slots that already hold claims, whatever the timing.
PRECLAIM = {"claim": {"bandwidth_hz": 6000, "slots": 30}}


def pool_gas(b: Bench, gate: Gate, size: str, members: list[Account], new_owner: Account) -> None:
    """A pool of len(members) qualified members (up to the ceiling of 100), each holding a
    claim in the round, then every message once."""
    print(f"\n  [{POOL}: {len(members)} members]", flush=True)
    pool = b.instantiate(b.admin, "unlicensed_pool", pool_config(b, [m.address for m in members], gate.msg()))
    rec = lambda msg, res, note="": b.record(POOL, msg, size, res, note)  # noqa: E731
    last = members[-1].address
    rec("remove_member", b.execute(b.admin, pool, {"remove_member": {"address": last}}))
    rec("add_member", b.execute(b.admin, pool, {"add_member": {"address": last}}), "gate query")
    rec("start_round", b.execute(b.admin, pool, {"start_round": {}}), "writes the round only: balances are credited lazily")
    submit_all(b, [build_tx(m, b.chain_id, [msg_execute(m.address, pool, PRECLAIM)], 3_000_000) for m in members[1:]],
               "claims")
    rec("claim (1 slot)", b.execute(members[0], pool, CLAIM),
        "writes the claimant and the round's credit index; gate query")
    ownership(b, pool, POOL, size, new_owner)


def claim_scaling(b: Bench, gate: Gate, members: list[Account], sizes: tuple[int, ...]) -> None:
    """Item 3: a claim in gated pools of each size (members qualified in node-reputation)."""
    for n in sizes:
        pool = b.instantiate(b.admin, "unlicensed_pool", pool_config(b, [m.address for m in members[:n]], gate.msg()))
        b.execute(b.admin, pool, {"start_round": {}})
        b.scale(POOL, "claim (1 slot) with n members", n, b.execute(members[0], pool, CLAIM),
                "members qualified in node-reputation, the gate queried")


# ---- the run --------------------------------------------------------------------------------


def run(b: Bench, small: int = 10, large: int = 10_000) -> None:
    """Every contract's messages at both sizes (item 1) and the item-3 rows."""
    started = time.perf_counter()
    sizes = (("small", small), ("large", large))
    gate = Gate(b)
    print(f"\n  reputation gate and rating recorder: node-reputation {gate.addr}", flush=True)

    # Accounts: everyone who signs, funded once per label, qualified in the gate.
    owners = b.accounts("bc-owner", 8, ustake=10**9)  # new admins, two per contract
    rep_accts = b.accounts("bc-rep", 3, ustake=10**9)
    provider = b.accounts("bc-provider", 1, ustake=10**9)[0]
    bid_sizes = sorted({min(n, large) for n in CLEAR_BIDS})
    bidders = b.accounts("bidder", max(bid_sizes + [3]), ustake=10**9)
    mno, mno2, mo = b.accounts("bc-lease", 3, ustake=10**11)
    members = b.accounts("bc-member", MAX_POOL_MEMBERS, ustake=10**9)
    # Every signer sends a transaction before it is measured (its first one also stores its key).
    gate.qualify(owners + rep_accts + [provider, mno, mo] + bidders + members)
    b.mint([provider, mno, mo] + bidders, BANDCOIN)
    lap(started, "accounts")

    for i, (size, n) in enumerate(sizes):
        reputation_gas(b, size, n, *rep_accts, owners[i])
    lap(started, REP)
    for i, (size, n) in enumerate(sizes):
        auction_gas(b, gate, size, n, provider, bidders, owners[2 + i])
    clear_scaling(b, gate, provider, bidders, bid_sizes)
    lap(started, AUCTION)
    for i, (size, n) in enumerate(sizes):
        lease_gas(b, gate, size, min(n, MAX_LEASES), mno, mno2, mo, owners[4 + i])
    lap(started, LEASE)
    for i, (size, n) in enumerate(sizes):
        pool_gas(b, gate, size, members[:min(n, MAX_POOL_MEMBERS)], owners[6 + i])
    claim_scaling(b, gate, members, POOL_MEMBERS)
    lap(started, POOL)


def lap(started: float, what: str) -> None:
    print(f"\n  -- {what} done at {time.perf_counter() - started:.0f} s", flush=True)


# ---- running alone ----------------------------------------------------------------------------


def table(b: Bench) -> str:
    """The rows as markdown: per-message gas at both sizes, then the item-3 rows."""
    lines = ["| contract | message | small | large | grows | note |", "|---|---|---:|---:|---|---|"]
    for r in growth_table(b.rows, "small", "large"):
        lines.append(f"| {r['contract']} | {r['message']} | {r.get('small', 0):,} | {r.get('large', 0):,} | "
                     f"{'**yes**' if r['grows'] else 'no'} | {r.get('note', '')} |")
    lines += ["", "| contract | what | n | gas | note |", "|---|---|---:|---:|---|"]
    lines += [f"| {r.contract} | {r.message} | {int(r.size):,} | {r.gas:,} | {r.note} |" for r in b.scaling]
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--small", type=int, default=10, help="items in the small state")
    p.add_argument("--large", type=int, default=10_000, help="items in the large state (leases at most 1,000)")
    p.add_argument("--out", type=Path, help="also write the markdown tables to this file")
    args = p.parse_args()
    chain_id = os.environ.get("CHAIN_ID", "spectrum-local")
    deployment = json.loads((ROOT / "deployments" / f"{chain_id}.json").read_text())
    b = Bench(deployment, chain_id, os.environ.get("NODE", deployment["node"]))
    started = time.perf_counter()
    run(b, args.small, args.large)
    out = table(b)
    print("\n" + out + f"\n\nwall time {time.perf_counter() - started:.0f} s")
    if args.out:
        args.out.write_text(out + "\n")


if __name__ == "__main__":
    main()
