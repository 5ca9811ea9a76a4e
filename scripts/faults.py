"""The fault test (scripts/faults): the market on a network of 4 wasmd validators on this
machine while nodes die, lag and come back.

A bounded client sends steady market traffic throughout (allocations, bulk purchases,
sealed-bid auction commits, reveals and clears, unlicensed-pool claims, ratings), one
transaction in flight per signer, and keeps every transaction the network reported
committed. The scenario:

  1. a non-validator full node joins the running network from genesis (block sync) and
     reaches the validators' app hash; then it is killed (kill -9) and stays down;
  2. steady state, all 4 validators up;
  3. kill -9 validator 3: blocks keep committing, throughput at least 50% of steady;
  4. kill -9 validator 2 as well (2 of 4 down): no block commits, a transaction gets a
     timeout (not a false success), the deploy script stops with a clear message, clients
     pointed at a dead node get an error naming it; restart validator 2: commits resume;
  5. validator 3 restarts and catches up within 30 s, with the same app hash;
  6. traffic goes on until the network is 1,000 blocks or more past the full node;
  7. kill -9 every validator, restart them all: the chain resumes from its last height;
  8. the full node restarts, down for 1,000 blocks or more, and catches up by block sync
     (its status says catching_up, its log the switch to consensus) to the same app hash;
  9. every committed transaction is in every node's blocks, its effect in every node's
     state at one height (Bandcoin balances, grants, bids, pool balances, reputation), the
     app hashes agree, total Bandcoin supply equals the sum of all balances, and the
     auction contract holds exactly the open escrow.

It prints the figures and writes docs/faults.md and docs/faults-heights.svg.
Standard library only; run through scripts/faults, which makes and removes the network.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone

from spectrum_py.benchlib import b64json, export_key
from spectrum_py.chain import ROOT, Chain, ChainError
from spectrum_py.encodings import commitment
from deploy import deploy
from spectrum_py.keys import public_key_b64
from spectrum_py.txclient import (Account, NodeDown, Rpc, RpcError, any_msg, build_tx, msg_execute, msg_send,
                      pb_bytes, pb_uint, tx_hash)

LOCALNET = str(ROOT / "scripts" / "localnet")
VALIDATORS = 4
TX_TIMEOUT = 12.0          # a transaction not seen committed by then is "pending" (resolved at the end)
GAS = 4_000_000            # gas of one market transaction (the chain's gas price is 0)
OFFER_PRICE = 1_000        # Bandcoin per unit
BULK_KEYS = 3              # consumer keys per bulk purchase
POOL_CLAIM_HZ = 100_000    # one pool claim: 100 kHz for one 10 s slot
STEADY_S = 20.0
DEGRADED_S = 20.0
GRACE_S = 4.0              # after a kill, before the degraded rate is measured
MIN_GAP_BLOCKS = 1_000     # the full node stays down for at least this many blocks
CATCH_UP_LIMIT_S = 30.0    # a restarted validator catches up within this
FULL_CATCH_UP_LIMIT_S = 90.0
BUDGET_S = 330.0           # the scenario stops its waits so that the whole test stays under 6 min
RESERVE_S = 110.0          # what the test needs after the wait for the gap: kill-all, catch-up, checks
FULL = VALIDATORS          # node 4: the non-validator full node


def pool_claim_msg(hz: int, slots: int) -> dict:
    """The unlicensed pool's Claim: Hz is a plain JSON number (the JSON number rule)."""
    return {"claim": {"bandwidth_hz": hz, "slots": slots}}


def pool_instantiate_msg(admin: str, members: list[str], gate: dict) -> dict:
    # Rounds of 60 slots of 10 s: one round outlives the test, so balances never reset.
    return {"admin": admin, "total_bandwidth_hz": 540_000_000, "initial_supply": "1800000000000",
            "slot_seconds": 10, "round_slots": 60, "members": members, "reputation_gate": gate}


def pool_claim_cost(hz: int, slots: int, slot_seconds: int = 10, token_value_hz_s: int = 180_000) -> int:
    return -(-hz * slot_seconds * slots * 1_000_000 // token_value_hz_s)


def say(text: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {text}", flush=True)


class Failed(Exception):
    pass


def check(cond: bool, what: str) -> None:
    if not cond:
        raise Failed(what)


def cw20_send(sender: Account, token: str, contract: str, amount: int, hook: dict) -> bytes:
    return msg_execute(sender.address, token, {"send": {"contract": contract, "amount": str(amount), "msg": b64json(hook)}})


def msg_instantiate(sender: str, admin: str, code_id: int, label: str, msg: dict) -> bytes:
    body = pb_bytes(1, sender) + pb_bytes(2, admin) + pb_uint(3, code_id) + pb_bytes(4, label) \
        + pb_bytes(5, json.dumps(msg, separators=(",", ":")))
    return any_msg("/cosmwasm.wasm.v1.MsgInstantiateContract", body)


# ---- the network ---------------------------------------------------------------------------


class Net:
    """The nodes of the fault network, which are up, and the heights over time."""

    def __init__(self, offset: int, chain_id: str):
        self.offset = offset
        self.chain_id = chain_id
        self.nodes = list(range(VALIDATORS))
        self.down: set[int] = set()
        self.syncing: set[int] = set()  # up, but not caught up yet: no traffic goes there
        self.lock = threading.Lock()
        self.samples: list[tuple[float, int, int | None]] = []  # (t, node, height)
        self.windows: list[tuple[str, float, float | None]] = []  # fault windows for the plot
        self.t0 = time.time()
        self.stop = threading.Event()

    def url(self, k: int) -> str:
        return f"http://127.0.0.1:{26657 + self.offset + 10 * k}"

    def rpc(self, k: int, timeout: float = 5.0) -> Rpc:
        return Rpc(self.url(k), timeout)

    def live(self) -> list[int]:
        with self.lock:
            return [k for k in self.nodes if k not in self.down and k not in self.syncing]

    def localnet(self, *args: str) -> None:
        out = subprocess.run([LOCALNET, *args], capture_output=True, text=True)
        if out.returncode != 0:
            raise Failed(f"scripts/localnet {' '.join(args)}: {out.stderr.strip() or out.stdout.strip()}")

    def kill(self, k: int) -> None:
        with self.lock:
            self.down.add(k)
        self.localnet("kill", str(k))

    def restart(self, k: int, caught_up: bool = True) -> None:
        """Starts node k; clients use it again at once, or once `ready(k)` says it caught up
        (a node still syncing answers from an old state)."""
        with self.lock:
            if not caught_up:
                self.syncing.add(k)
        self.localnet("start", str(k))
        with self.lock:
            self.down.discard(k)

    def start_all(self, nodes) -> None:
        """Starts these nodes at once (scripts/localnet start K each, in parallel)."""
        procs = {k: subprocess.Popen([LOCALNET, "start", str(k)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for k in nodes}
        for k, p in procs.items():
            out, err = p.communicate()
            if p.returncode != 0:
                raise Failed(f"scripts/localnet start {k}: {err.strip() or out.strip()}")
        with self.lock:
            self.down.difference_update(procs)

    def ready(self, k: int) -> None:
        with self.lock:
            self.syncing.discard(k)

    def height(self, k: int) -> int | None:
        try:
            return int(self.rpc(k, 2.0).call("status")["sync_info"]["latest_block_height"])
        except (RpcError, KeyError, ValueError):
            return None

    def top(self) -> int:
        up = [k for k in self.nodes if k not in self.down]  # syncing nodes too: the highest wins
        return max([h for k in up if (h := self.height(k)) is not None] or [0])

    def sampler(self) -> None:
        while not self.stop.is_set():
            now = time.time() - self.t0
            for k in list(self.nodes):
                h = self.height(k) if k not in self.down else None
                self.samples.append((now, k, h))
            self.stop.wait(0.5)

    def height_at(self, t: float) -> int:
        """The highest height any node reported at or before t (seconds since t0)."""
        return max([h for (s, _, h) in self.samples if s <= t and h is not None] or [0])

    def app_hash_after(self, k: int, h: int) -> str:
        """The app hash after block h, as node k's block h+1 states it."""
        return self.rpc(k, 10).call("block", height=str(h + 1))["block"]["header"]["app_hash"]


# ---- the traffic client ------------------------------------------------------------------


class Client:
    """One signer, one transaction in flight: broadcasts to a live node (the next one when
    a node is down), waits for the commit, records every transaction it sent."""

    def __init__(self, net: Net, account: Account, name: str, prefer: int, log: "Log"):
        self.net, self.a, self.name, self.prefer, self.log = net, account, name, prefer, log

    def node(self) -> int:
        live = self.net.live()
        return live[self.prefer % len(live)] if live else self.prefer % VALIDATORS

    def send(self, msgs: list[bytes], kind: str, info: dict, timeout: float = TX_TIMEOUT) -> dict | None:
        """The committed result (tx_result with events) or None: refused, or not committed in
        `timeout` (then pending: the end of the test finds out whether it committed)."""
        for _ in range(8):
            if not self.net.live():  # every node down or still starting: wait
                time.sleep(0.5)
                continue
            k = self.node()
            rpc = self.net.rpc(k)
            # Same sequence, same messages: the same bytes and hash (RFC 6979 signatures), so a
            # retry after an unknown outcome can only be the very same transaction.
            tx = build_tx(self.a, self.net.chain_id, msgs, GAS)
            h = tx_hash(tx)
            self.log.sent(h, kind, info, self.name, "unknown")
            try:
                rpc.broadcast(tx)
            except NodeDown as e:  # maybe it reached the node before it died: looked up at the end
                self.a.sequence -= 1
                self.log.node_errors.append(str(e))
                time.sleep(0.3)
                continue
            except RpcError as e:
                if "already exists" not in str(e):  # already in the mempool: wait for it below
                    self.a.sequence -= 1
                    m = re.search(r"expected (\d+), got (\d+)", str(e))
                    if m:  # an earlier transaction was dropped, or is still waiting in a mempool
                        self.a.sequence = int(m.group(1))
                        self.log.mark(h, "resequenced", str(e)[:200])
                        continue
                    self.log.mark(h, "refused", f"{str(e)[:300]} (node {k}, sequence {self.a.sequence})")
                    return None
            self.log.mark(h, "pending")
            deadline = time.time() + timeout
            while time.time() < deadline and not self.net.stop.is_set():
                time.sleep(0.25)
                res = lookup(self.net, h, [k] + self.net.live())
                if res is not None:
                    return self.log.committed(h, res)
            return None
        return None


def lookup(net: Net, h: str, nodes: list[int]) -> dict | None:
    """The committed transaction h as the first answering node reports it, or None."""
    for k in dict.fromkeys(nodes):
        try:
            return net.rpc(k, 3).call("tx", hash=base64.b64encode(bytes.fromhex(h)).decode())
        except NodeDown:
            continue
        except RpcError:
            return None
    return None


class Log:
    def __init__(self, net: Net):
        self.net = net
        self.lock = threading.Lock()
        self.txs: dict[str, dict] = {}
        self.node_errors: list[str] = []

    def sent(self, h: str, kind: str, info: dict, who: str, status: str, error: str = "") -> None:
        with self.lock:
            self.txs[h] = {"hash": h, "kind": kind, "info": info, "who": who, "status": status,
                           "error": error, "sent": time.time() - self.net.t0}

    def mark(self, h: str, status: str, error: str = "") -> None:
        with self.lock:
            self.txs[h]["status"], self.txs[h]["error"] = status, error

    def committed(self, h: str, res: dict) -> dict | None:
        r = res["tx_result"]
        with self.lock:
            t = self.txs[h]
            t["height"] = int(res["height"])
            t["seen"] = time.time() - self.net.t0
            if int(r.get("code", 0)) != 0:
                t["status"], t["error"] = "failed", (r.get("log") or "")[:200]
                return None
            t["status"] = "committed"
            t["events"] = r.get("events", [])
        return r

    def of(self, status: str, kind: str | None = None) -> list[dict]:
        with self.lock:
            return [t for t in self.txs.values() if t["status"] == status and (kind is None or t["kind"] == kind)]


def wasm_attr(res: dict, key: str) -> str | None:
    for ev in res.get("events", []):
        if ev.get("type") == "wasm":
            for a in ev.get("attributes", []):
                if a.get("key") == key:
                    return a.get("value")
    return None


# ---- the scenario --------------------------------------------------------------------------


class Faults:
    def __init__(self):
        self.offset = int(os.environ["LOCALNET_PORT_OFFSET"])
        self.chain_id = os.environ["CHAIN_ID"]
        self.net = Net(self.offset, self.chain_id)
        self.log = Log(self.net)
        self.fig: dict = {}
        self.started = time.time()
        self.threads: list[threading.Thread] = []
        self.traffic_stop = threading.Event()

    def left(self) -> float:
        return BUDGET_S - (time.time() - self.started)

    # ---- setup -------------------------------------------------------------------------
    def start_network(self) -> None:
        step("Start 4 validators (equal power, one genesis, persistent peers)")
        subprocess.run([LOCALNET, "start", "--validators", str(VALIDATORS)], check=True)
        threading.Thread(target=self.net.sampler, daemon=True).start()
        say(f"4 validators committing at {time.time() - self.started:.0f}s (height {self.net.top()})")

    def setup(self) -> None:
        step("Deploy with scripts/deploy's code, unchanged, through validator 0")
        chain = Chain.from_env()
        self.deployment = deploy(chain, "validator", redeploy=True, log=lambda line: None)
        d = self.deployment["contracts"]
        self.band, self.market, self.auction, self.rep = d["bandcoin"], d["bandwidth_market"], d["auction_clearing"], d["node_reputation"]
        say(f"deployed 6 codes and contracts in {time.time() - self.started:.0f}s (height {self.net.top()})")

        step("Market participants (fresh keys), qualified in node-reputation, a pool of two operators")
        rpc = self.net.rpc(0, 30)
        self.admin = rpc.sync(export_key("validator"))
        minter = rpc.sync(export_key("exchange"))
        authority = rpc.sync(export_key("authority"))
        names = ["provider", "consumer1", "consumer2", "bulk", "bidder1", "bidder2", "bidder3", "operator1", "operator2", "probe"]
        self.acct = {n: Account.from_label(f"faults:{n}") for n in names}
        self.tx(self.admin, [msg_send(self.admin.address, a.address, "ustake", 10**12) for a in self.acct.values()])
        for a in self.acct.values():
            rpc.sync(a)
        self.minted = {n: 10**9 for n in ["consumer1", "consumer2", "bulk", "bidder1", "bidder2", "bidder3"]}
        gated = ["provider", "bidder1", "bidder2", "bidder3", "operator1", "operator2"]
        # Independent signers in parallel: each group is broadcast at once, then waited for.
        self.txs([(minter, [msg_execute(minter.address, self.band, {"mint": {"recipient": self.acct[n].address, "amount": str(v)}})
                            for n, v in self.minted.items()])]
                 + [(self.acct[n], [msg_execute(self.acct[n].address, self.rep, {"apply": {"kind": "operator", "metadata": n}})])
                    for n in gated])
        self.tx(authority, [msg_execute(authority.address, self.rep, {"approve": {"applicant": self.acct[n].address}}) for n in gated])
        p = self.acct["provider"]
        terms = {"band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
                 "location": "9q8yy", "unit_price": str(OFFER_PRICE), "max_allocations": 1_000_000,
                 "allocation_duration": 3_600, "volume_discount": "0.9", "reservation_discount": "0.5",
                 "qos": {"latency_class": "low", "data_cap_mb": "500"}}
        code = self.deployment["codes"]["unlicensed_pool"]["code_id"]
        gate = {"contract": self.rep, "min_score": "0.3"}
        ops = [self.acct["operator1"].address, self.acct["operator2"].address]
        res, res_pool = self.txs([(p, [msg_execute(p.address, self.market, {"post_offer": terms})]),
                                  (self.admin, [msg_instantiate(self.admin.address, self.admin.address, code, "faults-pool",
                                                                pool_instantiate_msg(self.admin.address, ops, gate))])])
        self.offer_id = int(wasm_attr(res, "offer_id"))
        self.pool = next(a["value"] for ev in res_pool["events"] if ev["type"] == "instantiate"
                         for a in ev["attributes"] if a["key"] == "_contract_address")
        self.txs([(p, [msg_execute(p.address, self.market, {"set_clearing_house": {"offer_id": self.offer_id, "clearing_house": self.auction}})]),
                  (self.admin, [msg_execute(self.admin.address, self.pool, {"start_round": {}})])])
        self.version = int(rpc.smart_query(self.market, {"offer": {"offer_id": self.offer_id}})["version"])
        self.bulk_price = int(rpc.smart_query(self.market, {"quote": {"offer_id": self.offer_id, "units": BULK_KEYS}})["price"])
        self.pool_start = {a["address"]: int(a["balance"]) for a in rpc.smart_query(self.pool, {"balances": {}})["balances"]}
        self.rep_start = int(rpc.smart_query(self.rep, {"node": {"address": p.address}})["positive"])
        say(f"offer {self.offer_id} (unit price {OFFER_PRICE}, {BULK_KEYS} keys cost {self.bulk_price}), "
            f"pool {self.pool[:16]}…, setup done at {time.time() - self.started:.0f}s")

    def tx(self, a: Account, msgs: list[bytes]) -> dict:
        return self.txs([(a, msgs)])[0]

    def txs(self, batch: list[tuple[Account, list[bytes]]]) -> list[dict]:
        """Setup transactions of distinct signers through node 0, broadcast at once and waited
        for; raises unless every one succeeds."""
        rpc = self.net.rpc(0, 30)
        hashes = [rpc.broadcast(build_tx(a, self.chain_id, msgs, GAS * max(1, len(msgs)))) for a, msgs in batch]
        out: dict[str, dict] = {}
        top = 0
        for _ in range(600):
            time.sleep(0.1)
            for h in hashes:
                if h not in out and (res := lookup(self.net, h, [0])):
                    r = res["tx_result"]
                    check(int(r.get("code", 0)) == 0, f"setup transaction refused: {r.get('log')}")
                    out[h] = r
                    top = max(top, int(res["height"]))
            if len(out) == len(hashes):
                # A block's results are visible a moment before its state: wait for the state.
                for _ in range(100):
                    if int(rpc.call("abci_info")["response"].get("last_block_height", 0)) >= top:
                        break
                    time.sleep(0.05)
                return [out[h] for h in hashes]
        raise Failed(f"setup transactions not committed in 60s: {[h for h in hashes if h not in out]}")

    # ---- traffic --------------------------------------------------------------------------
    def client(self, name: str, prefer: int) -> Client:
        return Client(self.net, self.acct[name], name, prefer, self.log)

    def loop(self, fn) -> None:
        def run():
            deadline = time.time() + BUDGET_S + 60
            while not self.traffic_stop.is_set() and time.time() < deadline:
                try:
                    fn()
                except Exception as e:  # a worker must not die silently
                    self.log.node_errors.append(f"worker: {type(e).__name__}: {e}")
                    time.sleep(0.5)
        t = threading.Thread(target=run, daemon=True)
        t.start()
        self.threads.append(t)

    def allocate_msg(self, a: Account) -> bytes:
        hook = {"allocate": {"offer_id": self.offer_id, "version": self.version,
                             "recipients": {"units": {"units": 1}}, "price": str(OFFER_PRICE)}}
        return cw20_send(a, self.band, self.market, OFFER_PRICE, hook)

    def start_traffic(self) -> None:
        c1 = self.client("consumer1", 0)
        self.loop(lambda: c1.send([self.allocate_msg(c1.a)], "allocate", {"buyer": "consumer1"}))

        c2 = self.client("consumer2", 1)

        def allocate_and_rate():
            res = c2.send([self.allocate_msg(c2.a)], "allocate", {"buyer": "consumer2"})
            if res is not None:
                gid = int(wasm_attr(res, "grant_id") or wasm_attr(res, "first_grant_id"))
                c2.send([msg_execute(c2.a.address, self.market, {"rate_grant": {"grant_id": gid, "positive": True, "quality": 90}})],
                        "rate", {"grant_id": gid})
        self.loop(allocate_and_rate)

        sp = self.client("bulk", 2)
        counter = iter(range(10**6))

        def bulk():
            i = next(counter)
            keys = [public_key_b64(f"faults-bulk-{i}-{j}") for j in range(BULK_KEYS)]
            hook = {"allocate": {"offer_id": self.offer_id, "version": self.version,
                                 "recipients": {"consumers": {"consumers": keys}}, "price": str(self.bulk_price)}}
            sp.send([cw20_send(sp.a, self.band, self.market, self.bulk_price, hook)], "bulk", {"keys": keys})
        self.loop(bulk)

        for n, prefer in [("operator1", 3), ("operator2", 0)]:
            op = self.client(n, prefer)
            self.loop(lambda op=op: op.send([msg_execute(op.a.address, self.pool, pool_claim_msg(POOL_CLAIM_HZ, 1))],
                                            "claim", {"member": op.a.address}))
        self.loop(self.auction_round)

    def block_time(self) -> int:
        for k in self.net.live():
            try:
                t = self.net.rpc(k, 2).call("status")["sync_info"]["latest_block_time"]
                return int(datetime.fromisoformat(t[:19] + "+00:00").timestamp())
            except RpcError:
                continue
        raise RpcError("no node answers")

    def wait_block_time(self, t: int, limit: float = 60) -> bool:
        end = time.time() + limit
        while time.time() < end and not self.traffic_stop.is_set():
            try:
                if self.block_time() >= t:
                    return True
            except RpcError:
                pass
            time.sleep(0.3)
        return False

    def auction_round(self) -> None:
        """One Vickrey auction: the provider opens it, three bidders commit (400 BAND escrow
        each), reveal, and the provider clears it."""
        p = self.client("provider", 1)
        epoch = int(self.net.rpc(self.net.live()[0]).smart_query(self.market, {"current_epoch": {}})["epoch"])
        now = self.block_time()
        create = {"create_auction": {"offer_id": self.offer_id, "kind": "vickrey", "max_allocations": 1,
                                     "band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
                                     "epoch": epoch, "min_price": "100", "bid_end": now + 8, "reveal_end": now + 16,
                                     "clearing_time": now + 17}}
        res = p.send([msg_execute(p.a.address, self.auction, create)], "create_auction", {})
        if res is None:
            time.sleep(1)
            return
        aid = int(wasm_attr(res, "auction_id"))
        bids = {"bidder1": 300, "bidder2": 250, "bidder3": 200}
        committed = []
        for i, (n, price) in enumerate(bids.items()):
            b = self.client(n, i + 2)
            salt = hashlib.sha256(f"faults-salt-{n}-{aid}".encode()).digest()
            hook = {"commit": {"auction_id": aid, "commitment": base64.b64encode(commitment(aid, b.a.address, 1, price, salt)).decode()}}
            if b.send([cw20_send(b.a, self.band, self.auction, 400, hook)], "commit", {"auction_id": aid, "bidder": b.a.address}):
                committed.append((b, price, salt))
        self.wait_block_time(now + 8)
        for b, price, salt in committed:
            reveal = {"reveal": {"auction_id": aid, "units": 1, "price": str(price), "salt": base64.b64encode(salt).decode()}}
            b.send([msg_execute(b.a.address, self.auction, reveal)], "reveal", {"auction_id": aid, "bidder": b.a.address})
        self.wait_block_time(now + 17)
        p.send([msg_execute(p.a.address, self.auction, {"clear": {"auction_id": aid}})], "clear", {"auction_id": aid})

    # ---- measurements ------------------------------------------------------------------------
    def rate(self, t1: float, t2: float) -> tuple[float, float]:
        """(committed market transactions a second, blocks a second) between t1 and t2,
        counted by block height from the height samples."""
        h1, h2 = self.net.height_at(t1), self.net.height_at(t2)
        n = sum(1 for t in self.log.of("committed") if h1 < t["height"] <= h2)
        return n / (t2 - t1), (h2 - h1) / (t2 - t1)

    def now(self) -> float:
        return time.time() - self.net.t0

    def wait_until(self, cond, limit: float, what: str) -> float:
        """Seconds until cond() holds, polling; raises after `limit` seconds."""
        start = time.time()
        while time.time() - start < limit:
            if cond():
                return time.time() - start
            time.sleep(0.25)
        raise Failed(f"{what}: not within {limit:.0f}s")

    # ---- the scenario ----------------------------------------------------------------------
    def run(self) -> None:
        self.start_network()
        # The full node's downtime spans the deployment too: 1,000 blocks take minutes.
        self.full_node_joins()
        self.full_node_goes_down()
        self.setup()
        self.steady()
        self.one_validator_down()
        self.no_quorum()
        self.validator_catches_up()
        self.wait_for_full_node_gap()
        self.every_node_down()
        self.full_node_catches_up()
        step("stop the traffic; every transaction settled")
        self.traffic_stop.set()
        for t in self.threads:
            t.join(timeout=TX_TIMEOUT + 5)
        self.settle()
        self.final_checks()

    def full_node_joins(self) -> None:
        """A non-validator node joins the running network from genesis (a dApp's RPC node):
        block sync to the top, then the same app hash as the validators."""
        step("a new non-validator node joins the running network from genesis (a dApp's RPC node)")
        with self.net.lock:
            self.net.syncing.add(FULL)  # sampled for the plot; no traffic while it syncs
            self.net.nodes.append(FULL)
        t_join = self.now()
        self.net.localnet("join")
        target = self.net.top()
        sync = self.wait_until(lambda: self.synced(FULL, target), 90, "the full node syncing from genesis")
        self.net.ready(FULL)
        h = self.same_app_hash(range(FULL + 1))
        self.fig["full_node"] = {"blocks": target, "sync_s": sync}
        self.net.windows.append(("full node syncing from genesis", t_join, self.now()))
        say(f"the full node synced {target} blocks from genesis in {sync:.1f}s ({target / sync:.0f} blocks/s); "
            f"app hash after height {h} equal on all 5 nodes")

    def full_node_goes_down(self) -> None:
        """kill -9 the full node; it stays down until the network is MIN_GAP_BLOCKS past it."""
        step(f"kill -9 the full node: it stays down for at least {MIN_GAP_BLOCKS:,} blocks")
        self.h_full_down = self.net.height(FULL) or 0
        self.t_full_down = self.now()
        self.net.kill(FULL)
        say(f"full node {FULL} down at height {self.h_full_down}")

    def steady(self) -> None:
        step("Steady market traffic on 4 validators")
        self.start_traffic()
        t_start = self.now()
        time.sleep(STEADY_S)
        self.fig["steady"] = self.rate(t_start + 3, self.now())
        steady_tx, steady_blocks = self.fig["steady"]
        say(f"steady: {steady_tx:.1f} tx/s, {steady_blocks:.2f} blocks/s")

    def one_validator_down(self) -> None:
        step("kill -9 validator 3")
        self.t_kill3, self.h_kill3 = self.now(), self.net.top()
        self.net.kill(3)
        time.sleep(DEGRADED_S)
        self.deg_window = (self.t_kill3 + GRACE_S, self.now())
        deg_tx, deg_blocks = self.rate(*self.deg_window)
        steady_tx = self.fig["steady"][0]
        self.fig["degraded"] = (deg_tx, deg_blocks)
        say(f"3 of 4 validators: {deg_tx:.1f} tx/s ({deg_tx / steady_tx:.0%} of steady), {deg_blocks:.2f} blocks/s")
        check(deg_blocks > 0, "blocks stopped with 3 of 4 validators up")
        check(deg_tx >= 0.5 * steady_tx, f"degraded throughput {deg_tx:.1f} tx/s under 50% of steady {steady_tx:.1f}")

    def no_quorum(self) -> None:
        step("kill -9 validator 2 too: 2 of 4 down, no quorum")
        self.net.kill(2)
        t_halt = self.now()
        time.sleep(2.0)  # a block already in its commit step may still land
        h_halt = self.net.top()
        self.tx_probe_hash = None
        try:
            self.probe(self.acct["probe"])
            probe_result = "committed (FALSE SUCCESS)"
        except Failed as e:
            probe_result = str(e)
        say(f"a transaction sent to node 0 during the halt: {probe_result}")
        check("FALSE" not in probe_result, "a transaction committed without quorum")
        self.deploy_without_quorum()
        self.clients_at_dead_node(3)
        h_halt_end = self.net.top()
        halt_blocks = h_halt_end - h_halt
        say(f"height {h_halt} -> {h_halt_end} over {self.now() - t_halt - 2:.0f}s without quorum")
        check(halt_blocks == 0, f"{halt_blocks} blocks committed without quorum")

        step("restart validator 2: quorum is back")
        t_r2 = self.now()
        self.net.restart(2)
        self.wait_until(lambda: self.net.top() > h_halt_end, 30, "commits resume after restarting validator 2")
        self.net.windows.append(("2 of 4 down (no quorum)", t_halt, t_r2))
        self.fig["halt"] = {"seconds": t_r2 - t_halt, "blocks": halt_blocks, "resume_s": (self.now() - t_r2)}
        say(f"commits resumed {self.now() - t_r2:.1f}s after the restart (height {self.net.top()})")
        if self.tx_probe_hash:
            self.log.sent(self.tx_probe_hash, "probe", {}, "probe", "pending")

    def deploy_without_quorum(self) -> None:
        """scripts/deploy against the halted network stops with a clear message."""
        env = dict(os.environ, DEPLOY_QUORUM_TIMEOUT="5")
        started = time.time()
        out = subprocess.run([str(ROOT / "scripts" / "deploy")], capture_output=True, text=True, env=env, timeout=60)
        msg = next((line for line in out.stderr.splitlines() if "deploy stopped" in line), out.stderr.strip()[-300:])
        say(f"scripts/deploy without quorum: exit {out.returncode} after {time.time() - started:.0f}s: {msg}")
        check(out.returncode != 0 and "commits no blocks" in msg, "deploy without quorum did not stop with a clear message")

    def clients_at_dead_node(self, k: int) -> None:
        """Every client pointed at a dead node gets an error naming it: the Python RPC client,
        the wasmd CLI (chain.py, scripts/deploy's client) and the spectrum CLI."""
        dead = self.net.url(k)
        port = f"127.0.0.1:{26657 + self.offset + 10 * k}"
        try:
            Rpc(dead, 3).height()
            raise Failed("a dead node answered")
        except NodeDown as e:
            say(f"txclient pointed at validator {k}: {e}")
            check(port in str(e), "the txclient error does not name the node")
        try:
            c = Chain.from_env()
            c.node = dead.replace("http://", "tcp://")
            c.height()
            raise Failed("a dead node answered")
        except ChainError as e:
            say(f"chain.py (wasmd CLI) pointed at validator {k}: {str(e)[:150]}")
            check(port in str(e), "the wasmd CLI error does not name the node")
        env = dict(os.environ, NODE=dead.replace("http://", "tcp://"))
        out = subprocess.run([str(ROOT / "scripts" / "deploy")], capture_output=True, text=True, env=env, timeout=60)
        msg = next((line for line in out.stderr.splitlines() if "deploy stopped" in line), out.stderr.strip()[-300:])
        say(f"scripts/deploy pointed at validator {k}: exit {out.returncode}: {msg[:150]}")
        check(out.returncode != 0 and port in msg, "scripts/deploy pointed at a dead node did not name it")
        cli = shutil.which("spectrum")
        self.fig["cli_checked"] = cli is not None
        if cli is None:
            say("the spectrum CLI is not installed (scripts/setup installs it): not checked")
            return
        out = subprocess.run([cli, "--node", dead.replace("http://", "tcp://"), "market", "epoch"],
                             capture_output=True, text=True, timeout=60)
        text = (out.stderr + out.stdout).strip()
        say(f"spectrum CLI pointed at validator {k}: exit {out.returncode}: {' '.join(text.split())[:200]}")
        check(out.returncode != 0 and port in text, "the spectrum CLI pointed at a dead node did not name it")

    def validator_catches_up(self) -> None:
        step("restart validator 3: block sync, then consensus")
        t_r3 = self.now()
        gap = self.net.top() - self.h_kill3
        self.net.restart(3, caught_up=False)
        target = self.net.top()
        seen: list[int] = []
        catch = self.wait_until(lambda: self.synced(3, target, seen), CATCH_UP_LIMIT_S, "validator 3 catching up")
        self.net.ready(3)
        self.net.windows.append(("validator 3 down", self.t_kill3, t_r3))
        h = self.same_app_hash(range(VALIDATORS))
        blocksync = self.blocksync_switch(3)
        text = f"block sync switched to consensus at height {blocksync}" if blocksync else "no block sync switch in its log"
        if seen:
            text += f"; its status said catching_up from height {seen[0]} to {seen[-1]}"
        self.fig["node3"] = {"down_blocks": gap, "down_s": t_r3 - self.t_kill3, "catch_up_s": catch, "caught_up_to": target}
        say(f"validator 3 (down {gap} blocks) reached height {target} in {catch:.1f}s, app hash after {h} equal on all 4")
        say(f"its log: {text}")

    def wait_for_full_node_gap(self) -> None:
        """Traffic goes on until the network is MIN_GAP_BLOCKS past the full node (within the
        time budget: the rest of the test needs about RESERVE_S)."""
        step(f"traffic until the network is {MIN_GAP_BLOCKS:,} blocks past the full node (down at {self.h_full_down})")
        try:
            self.wait_until(lambda: self.net.top() >= self.h_full_down + MIN_GAP_BLOCKS, max(self.left() - RESERVE_S, 1), "gap")
        except Failed:
            pass
        say(f"the network is {self.net.top() - self.h_full_down} blocks past the full node ({self.now() - self.t_full_down:.0f}s)")

    def every_node_down(self) -> None:
        step("kill -9 every validator, then restart them all")
        time.sleep(2)
        h_before = self.net.top()
        t_all = self.now()
        for k in range(VALIDATORS):
            self.net.kill(k)
        time.sleep(2)
        t_up = self.now()
        with self.net.lock:
            # Clients wait until the chain moves again: a node just back from kill -9 answered
            # CheckTx from a state it had not loaded yet (seen: "signature verification failed,
            # account number (0)") for a moment.
            self.net.syncing.update(range(VALIDATORS))
        self.net.start_all(range(VALIDATORS))
        self.wait_until(lambda: all(self.net.height(k) is not None for k in range(VALIDATORS)), 60,
                        "every node's RPC answering after the restart")
        heights = {k: self.net.height(k) for k in range(VALIDATORS)}
        check(min(h or 0 for h in heights.values()) >= h_before - 2, f"a node lost blocks over the restart: {heights} < {h_before}")
        self.wait_until(lambda: self.net.top() > h_before + 1, 60, "the chain resuming after a full restart")
        for k in range(VALIDATORS):
            self.net.ready(k)
        self.net.windows.append(("every node down", t_all, t_up))
        self.fig["all"] = {"height_before": h_before, "heights_after": heights, "resume_s": self.now() - t_up}
        say(f"all 4 down at height {h_before}; restarted at heights {sorted(set(heights.values()))}; new blocks {self.now() - t_up:.1f}s after start")

    def full_node_catches_up(self) -> None:
        """The full node, down for MIN_GAP_BLOCKS or more, restarts: block sync brings it to the
        network's height, then it follows consensus, with the same app hash."""
        step(f"restart the full node, down since height {self.h_full_down}: block sync")
        t_back = self.now()
        target = self.net.top()
        gap = target - self.h_full_down
        self.net.restart(FULL, caught_up=False)
        seen: list[int] = []
        limit = max(min(FULL_CATCH_UP_LIMIT_S, self.left()), 30)
        catch = self.wait_until(lambda: self.synced(FULL, target, seen), limit, "the full node catching up")
        self.net.ready(FULL)
        self.net.windows.append(("full node down", self.t_full_down, t_back))
        h = self.same_app_hash(range(FULL + 1))
        switch = self.blocksync_switch(FULL)
        self.fig["full_gap"] = {"blocks": gap, "down_s": t_back - self.t_full_down, "catch_up_s": catch, "to": target,
                                "from": self.h_full_down, "switch": switch, "seen": (seen[0], seen[-1]) if seen else None}
        say(f"full node down for {gap} blocks ({t_back - self.t_full_down:.0f}s) reached height {target} in {catch:.1f}s; "
            f"app hash after {h} equal on all 5 nodes")
        say(f"its log: block sync switched to consensus at height {switch}; its status said catching_up from height "
            f"{seen[0] if seen else '-'} to {seen[-1] if seen else '-'}")
        check(bool(seen), "the full node never reported catching_up (block sync) after its restart")
        check(switch is not None and switch >= target - 1, f"the full node's log shows no block sync up to {target} (switch at {switch})")
        if gap < MIN_GAP_BLOCKS:
            note = (f"the full node was down for {gap} blocks only, not {MIN_GAP_BLOCKS:,}: the network committed "
                    f"{gap / max(t_back - self.t_full_down, 1):.1f} blocks/s on this machine within the 6-minute limit")
            say("NOTE: " + note)
            check(os.environ.get("FAULTS_STRICT_GAP", "1") != "1", note + " (FAULTS_STRICT_GAP=0 makes this a note)")
            self.fig["gap_note"] = note

    def synced(self, k: int, target: int, seen: list[int] | None = None) -> bool:
        """Node k reports a height >= target and is not catching up; the heights at which it
        said catching_up (block sync) are appended to `seen`."""
        try:
            info = self.net.rpc(k, 2).call("status")["sync_info"]
        except RpcError:
            return False
        if info["catching_up"] and seen is not None:
            seen.append(int(info["latest_block_height"]))
        return int(info["latest_block_height"]) >= target and not info["catching_up"]

    def same_app_hash(self, nodes) -> int:
        """The height h below every node's tip after which all `nodes` state the same app hash."""
        nodes = list(nodes)
        h = min(self.net.height(k) or 0 for k in nodes) - 1
        hashes = {k: self.net.app_hash_after(k, h) for k in nodes}
        check(len(set(hashes.values())) == 1, f"app hashes differ after height {h}: {hashes}")
        return h

    def probe(self, a: Account) -> str:
        """A bank transfer to node 0 without quorum: it must not be reported committed."""
        rpc = self.net.rpc(0)
        tx = build_tx(a, self.chain_id, [msg_send(a.address, a.address, "ustake", 1)], 200_000)
        h = tx_hash(tx)
        self.tx_probe_hash = h  # it waits in the mempools and commits once quorum is back
        try:
            rpc.broadcast(tx)
        except RpcError as e:
            raise Failed(f"refused at broadcast: {e}")
        for _ in range(20):
            time.sleep(0.3)
            if lookup(self.net, h, self.net.live()):
                return h
        raise Failed(f"tx {h[:12]}… accepted into node 0's mempool, not committed after 6s: timeout, reported as not committed")

    def blocksync_switch(self, k: int) -> int | None:
        """The height at which node k's last start switched from block sync to consensus, as
        CometBFT logs it ("Time to switch to consensus reactor!"), or None."""
        log = os.path.join(os.environ["LOCALNET_HOME"], f"node{k}", "node.log")
        text = re.sub(r"\x1b\[[0-9;]*m", "", open(log, errors="replace").read())
        last = text[text.rfind("Starting Node"):] if "Starting Node" in text else text
        m = re.search(r"Time to switch to consensus.*?height=(\d+)", last, re.I)
        return int(m.group(1)) if m else None

    def settle(self) -> None:
        """Waits for empty mempools, then finds out what happened to every pending transaction."""
        end = time.time() + 20
        while time.time() < end:
            if all(int(self.net.rpc(k).call("num_unconfirmed_txs")["n_txs"]) == 0 for k in self.net.live()):
                break
            time.sleep(0.5)
        time.sleep(1.5)
        # Every transaction not seen committed (timed out, sent to a node that died, or refused
        # at broadcast) is looked up: one that committed after all counts, with its effect.
        for status in ["pending", "unknown", "refused", "resequenced"]:
            for t in self.log.of(status):
                res = lookup(self.net, t["hash"], self.net.live())
                if res is not None:
                    self.log.committed(t["hash"], res)
                    t["late"] = True
                elif status in ("pending", "unknown"):
                    t["status"] = "not committed"

    # ---- final checks ------------------------------------------------------------------------
    def final_checks(self) -> None:
        step("every committed transaction and its effect on every node; app hashes; conservation")
        nodes = list(self.net.nodes)
        H = self.final_height(nodes)
        hashes = {k: self.net.app_hash_after(k, H) for k in nodes}
        check(len(set(hashes.values())) == 1, f"app hashes differ after height {H}: {hashes}")
        say(f"all {len(nodes)} nodes (4 validators, 1 full node): the same app hash after height {H}: {hashes[0]}")

        committed = self.log.of("committed")
        lost, unindexed = [], {}
        for k in nodes:
            on_k = self.node_txs(k, H)
            blocks: dict[int, dict[str, int]] = {}
            for t in committed:
                if on_k.get(t["hash"]) == (t["height"], 0):
                    continue
                # CometBFT indexes a block's transactions after it commits, in the background:
                # a node killed with -9 keeps the block but can miss its index entries. The
                # node's own block and its results decide.
                unindexed[k] = unindexed.get(k, 0) + 1
                if self.block_codes(k, t["height"], blocks).get(t["hash"]) != 0:
                    lost.append((t["hash"], k))
        self.fig["lost"] = len(lost)
        self.fig["unindexed"] = unindexed
        say(f"{len(committed)} committed transactions, each found at its height with code 0 on every node: "
            f"{'yes' if not lost else 'NO, missing ' + str(lost[:5])}"
            + (f" (read from the blocks, not in the node's tx index after kill -9: "
               + ", ".join(f"node {k}: {n}" for k, n in sorted(unindexed.items())) + ")" if unindexed else ""))
        check(not lost, f"{len(lost)} committed transactions missing")

        model = self.model(committed)
        for k in nodes:
            got = self.state(k, H)
            for key, want in model.items():
                check(got[key] == want, f"node {k} at height {H}: {key} is {got[key]}, committed transactions make it {want}")
            check(got["supply"] == got["sum_balances"], f"node {k}: total supply {got['supply']} != sum of balances {got['sum_balances']}")
            check(got["auction_balance"] == got["open_escrow"],
                  f"node {k}: the auction holds {got['auction_balance']}, open escrow is {got['open_escrow']}")
            check(got["pool_total"] == got["pool_supply"], f"node {k}: pool balances {got['pool_total']} != supply {got['pool_supply']}")
            if k == 0:
                self.fig["state"] = got
        s = self.fig["state"]
        say(f"every node's state at height {H} matches the committed transactions: {len(model)} values "
            f"(Bandcoin balances, grants per holder and per key, bids, reveals, cleared auctions, pool balances, ratings)")
        say(f"Bandcoin supply {s['supply']:,} = sum of {s['holders']} balances; the auction holds {s['auction_balance']:,} "
            f"= open escrow; pool balances sum to its supply")

    def final_height(self, nodes: list[int]) -> int:
        """A height H at or above every committed transaction's that every node has passed
        (its block H+1 states the app hash after H). A node that just switched from block
        sync to consensus can be a few blocks behind: waited for."""
        need = max((t["height"] for t in self.log.of("committed")), default=0) + 1
        tip = lambda: min(self.net.height(k) or 0 for k in nodes)  # noqa: E731
        self.wait_until(lambda: tip() >= need, 60, f"every node at height {need} (the last committed transaction's + 1)")
        return tip() - 1

    def block_codes(self, k: int, h: int, cache: dict[int, dict[str, int]]) -> dict[str, int]:
        """Node k's block h: hash -> result code of each transaction, from its block store."""
        if h not in cache:
            rpc = self.net.rpc(k, 30)
            hashes, results = rpc.block_tx_hashes(h), rpc.block_results(h)
            check(len(hashes) == len(results), f"node {k}: block {h} has {len(hashes)} transactions, {len(results)} results")
            cache[h] = {x: int(r.get("code", 0)) for x, r in zip(hashes, results)}
        return cache[h]

    def node_txs(self, k: int, H: int) -> dict[str, tuple[int, int]]:
        """Every transaction in node k's blocks up to H: hash -> (height, code), from its index."""
        rpc = self.net.rpc(k, 30)
        out: dict[str, tuple[int, int]] = {}
        for page in range(1, 1000):
            res = rpc.call("tx_search", query=f"tx.height<={H}", prove=False, page=str(page), per_page="100", order_by="asc")
            for t in res["txs"]:
                out[t["hash"].upper()] = (int(t["height"]), int(t["tx_result"].get("code", 0)))
            if page * 100 >= int(res["total_count"]):
                break
        return out

    def model(self, committed: list[dict]) -> dict:
        by = lambda kind: [t for t in committed if t["kind"] == kind]  # noqa: E731
        m: dict = {}
        allocs = {n: sum(1 for t in by("allocate") if t["info"]["buyer"] == n) for n in ["consumer1", "consumer2"]}
        for n in ["consumer1", "consumer2"]:
            m[f"grants {n}"] = allocs[n]
            m[f"bandcoin {n}"] = self.minted[n] - OFFER_PRICE * allocs[n]
        m["bandcoin bulk"] = self.minted["bulk"] - self.bulk_price * len(by("bulk"))
        m["bulk keys with one grant"] = sum(len(t["info"]["keys"]) for t in by("bulk"))
        m["ratings"] = self.rep_start + len(by("rate"))
        cost = pool_claim_cost(POOL_CLAIM_HZ, 1)
        for n in ["operator1", "operator2"]:
            me = self.acct[n].address
            mine = sum(1 for t in by("claim") if t["info"]["member"] == me)
            others = len(by("claim")) - mine
            m[f"pool {n}"] = self.pool_start[me] - cost * mine + cost * others
        m["bids"] = sorted((t["info"]["auction_id"], t["info"]["bidder"]) for t in by("commit"))
        m["revealed"] = sorted((t["info"]["auction_id"], t["info"]["bidder"]) for t in by("reveal"))
        m["cleared"] = sorted(t["info"]["auction_id"] for t in by("clear"))
        self.counts = {k: len(by(k)) for k in ["allocate", "bulk", "commit", "reveal", "clear", "claim", "rate", "create_auction"]}
        return m

    def state(self, k: int, H: int) -> dict:
        rpc = self.net.rpc(k, 20)
        q = lambda c, msg: rpc.smart_query(c, msg, H)  # noqa: E731
        s: dict = {}
        for n in ["consumer1", "consumer2", "bulk"]:
            s[f"bandcoin {n}"] = int(q(self.band, {"balance": {"address": self.acct[n].address}})["balance"])

        def grants(holder: dict) -> int:
            n, after = 0, None
            for _ in range(1000):
                page = q(self.market, {"grants_by_holder": {"holder": holder, "limit": 30, **({"start_after": after} if after else {})}})["grants"]
                n += len(page)
                if len(page) < 30:
                    return n
                after = page[-1]["grant_id"]
            return n
        for n in ["consumer1", "consumer2"]:
            s[f"grants {n}"] = grants({"address": {"address": self.acct[n].address}})
        keys = [key for t in self.log.of("committed", "bulk") for key in t["info"]["keys"]]
        s["bulk keys with one grant"] = sum(1 for key in keys if grants({"key": {"pubkey": key}}) == 1)
        s["ratings"] = int(q(self.rep, {"node": {"address": self.acct["provider"].address}})["positive"])
        pool = {b["address"]: int(b["balance"]) for b in q(self.pool, {"balances": {}})["balances"]}
        for n in ["operator1", "operator2"]:
            s[f"pool {n}"] = pool[self.acct[n].address]
        rnd = q(self.pool, {"round": {}})
        s["pool_total"] = sum(pool.values()) + int(rnd.get("unallocated", 0))
        s["pool_supply"] = int(rnd["supply"])
        auctions, after = [], None
        for _ in range(100):
            page = q(self.auction, {"list_auctions": {"limit": 30, **({"start_after": after} if after else {})}})
            auctions += page["auctions"]
            if not page["auctions"] or page.get("last_scanned") is None or len(page["auctions"]) < 30:
                break
            after = page["last_scanned"]
        bids, revealed = [], []
        for a in auctions:
            for b in q(self.auction, {"list_bids": {"auction_id": a["auction_id"], "limit": 30}})["bids"]:
                bids.append((a["auction_id"], b["bidder"]))
                if b["revealed"]:
                    revealed.append((a["auction_id"], b["bidder"]))
        s["bids"], s["revealed"] = sorted(bids), sorted(revealed)
        s["cleared"] = sorted(a["auction_id"] for a in auctions if a["status"] == "cleared")
        s["open_escrow"] = sum(int(a["escrow"]) for a in auctions)
        s["auction_balance"] = int(q(self.band, {"balance": {"address": self.auction}})["balance"])
        holders, after = [], None
        for _ in range(100):
            page = q(self.band, {"all_accounts": {"limit": 30, **({"start_after": after} if after else {})}})["accounts"]
            holders += page
            if len(page) < 30:
                break
            after = page[-1]
        s["holders"] = len(holders)
        s["sum_balances"] = sum(int(q(self.band, {"balance": {"address": h}})["balance"]) for h in holders)
        s["supply"] = int(q(self.band, {"token_info": {}})["total_supply"])
        return s


def step(title: str) -> None:
    print(f"\n[{title}]", flush=True)


# ---- figures ---------------------------------------------------------------------------------


def write_docs(f: Faults, elapsed: float) -> None:
    fig = f.fig
    (st, sb), (dt, db) = fig["steady"], fig["degraded"]
    n3, halt, alln, full, fg = fig["node3"], fig["halt"], fig["all"], fig["full_node"], fig["full_gap"]
    counts = f.counts
    sent = len(f.log.txs)
    committed = len(f.log.of("committed"))
    late = sum(1 for t in f.log.of("committed") if t.get("late"))
    refused = len(f.log.of("refused")) + len(f.log.of("failed"))
    never = len(f.log.of("not committed"))
    rows = [
        ("steady throughput (4 of 4 validators)", f"{st:.1f} tx/s, {sb:.2f} blocks/s"),
        ("degraded throughput (3 of 4, validator 3 killed)", f"{dt:.1f} tx/s ({dt / st:.0%} of steady), {db:.2f} blocks/s"),
        ("blocks committed without quorum (2 of 4 down)", f"{halt['blocks']} in {halt['seconds']:.0f} s"),
        ("commits resume after restarting validator 2", f"{halt['resume_s']:.1f} s"),
        ("blocks missed by validator 3 (down)", f"{n3['down_blocks']} blocks, {n3['down_s']:.0f} s"),
        ("validator 3 catch-up (block sync, then consensus)", f"{n3['catch_up_s']:.1f} s to height {n3['caught_up_to']}"),
        ("every node down (validators killed, the full node already down), then restarted", f"resumed from height {alln['height_before']}, new blocks {alln['resume_s']:.1f} s after start"),
        ("new full node joining from genesis", f"{full['blocks']} blocks in {full['sync_s']:.1f} s, same app hash"),
        ("blocks missed by the full node (down, block-sync gap)", f"{fg['blocks']:,} blocks (heights {fg['from']} to {fg['to']}), {fg['down_s']:.0f} s"),
        ("full node catch-up by block sync", f"{fg['catch_up_s']:.1f} s: block sync applied heights {fg['from'] + 1} to {fg['switch']} "
                                             f"({(fg['switch'] - fg['from']) / fg['catch_up_s']:.0f} blocks/s), then consensus; same app hash"),
        ("market transactions sent / committed", f"{sent} / {committed} ({late} seen committed only after their timeout)"),
        ("refused by the chain / never committed", f"{refused} / {never}"),
        ("committed transactions lost", f"{fig['lost']}"),
    ]
    reasons: dict[str, int] = {}
    for t in f.log.of("refused") + f.log.of("failed"):
        error = re.sub(r"[0-9A-F]{16,}|wasm1[0-9a-z]+|[0-9]+", "#", t["error"])[:90]
        key = f"{t['kind']}: {error}"
        reasons[key] = reasons.get(key, 0) + 1
    for key, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"  refused {n}x  {key}")
    for t in [t for t in f.log.of("refused") if "CheckTx" in t["error"]][:3]:
        print(f"  e.g. at {t['sent']:.0f}s: {t['error']}")
    mix = ", ".join(f"{v} {k}" for k, v in counts.items())
    table = "| figure | value |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)
    print("\n" + table)
    print(f"\ncommitted by kind: {mix}")
    svg = plot(f)
    (ROOT / "docs" / "faults-heights.svg").write_text(svg)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    env = os.environ.get
    gap_text = ""
    if "gap_note" in fig:
        gap_text = (f"**Not shown on this run: a node down for {MIN_GAP_BLOCKS:,} blocks** ({fig['gap_note']}; "
                    "`FAULTS_STRICT_GAP=0` let the run go on).\n\n")
    cli = ", the `spectrum` CLI" if fig.get("cli_checked") else ""
    unindexed = ""
    if fig.get("unindexed"):
        unindexed = (" (" + ", ".join(f"{n} on node {k}" for k, n in sorted(fig["unindexed"].items()))
                     + " were missing from the node's transaction index, which CometBFT writes in the background"
                     " after a block commits and a kill -9 can cut short, and were read from its blocks and block results)")
    md = f"""# The market under node faults

Made by `scripts/faults` ({when}, {elapsed:.0f} s in all on a 2-core machine shared with
other work), which is also a step of `scripts/test`. It starts 4 wasmd validators on
127.0.0.1 (`scripts/localnet start --validators 4`, ports at offset
{f.offset} + 10·K), deploys with `scripts/deploy`'s code, adds a non-validator full node,
sends steady market traffic and kills and restarts nodes; it removes the network at the end.

The fault network commits with `timeout_commit` {env('LOCALNET_TIMEOUT_COMMIT')}, `timeout_propose`
{env('LOCALNET_TIMEOUT_PROPOSE')} and `timeout_prevote`/`timeout_precommit` {env('LOCALNET_TIMEOUT_VOTE')}
(the demo's single node: 300 ms, 300 ms), and its nodes flush p2p messages and gossip
votes every {env('LOCALNET_FLUSH_THROTTLE', '10ms')} (CometBFT's default, 100 ms, held 4 validators on
loopback to 2 blocks a second), so that blocks come as fast as the machine allows and
the full node can be down for {MIN_GAP_BLOCKS:,} blocks within the 6 minutes.

The scenario: the full node joins the running network from genesis (right after the
validators start) and reaches the validators' app hash; it is killed (kill -9) and stays
down until the network is {MIN_GAP_BLOCKS:,} blocks or more past it, through the deployment and
the faults that follow: steady traffic on 4 validators; validator 3 killed (3 of 4);
validator 2 killed too (2 of 4, no quorum), then restarted; validator 3 restarted; every
validator killed and restarted. Then the full node restarts and catches up by block sync:
it rebuilds the whole market's state, checked at the end like every validator's.

The traffic: one transaction in flight per signer (two consumers allocating single units,
one of them rating each grant it gets, a service provider bulk-buying for {BULK_KEYS} consumer
keys a transaction, two operators claiming the unlicensed pool, a provider running Vickrey
auctions with three bidders committing 400 BAND escrow, revealing, clearing). Throughput is
counted from committed blocks; a transaction counts as committed only when a node returned
it from its block store with code 0.

{table}

Committed by kind: {mix}.

The checks that passed: the full node that joined from genesis reached the validators'
app hash; blocks kept committing with 3 of 4 validators, at no less than 50% of the steady
rate; with 2 of 4 down no block committed, a transaction sent then got a timeout, not a
false success, `scripts/deploy` stopped with "commits no blocks", and clients pointed at a
dead validator (the RPC client, the `wasmd` CLI, `scripts/deploy`{cli}) got an error
naming it; validator 3 caught up within {CATCH_UP_LIMIT_S:.0f} s with the same app hash; with every node
down (the 4 validators killed, the full node still down) and the validators restarted, the
chain resumed from its last height; the full node, down for
{fg['blocks']:,} blocks (at least {MIN_GAP_BLOCKS:,}), reported `catching_up` while block sync ran, its log
shows block sync switching to consensus at height {fg['switch']} (past the {fg['to']} the
network had when it restarted), and it reached the same app hash; every committed
transaction is in every node's blocks at the same height with code 0{unindexed} and its
effect in every node's state at one height (Bandcoin balances, grants per holder and per bulk key, bids, reveals,
cleared auctions, pool balances, the provider's ratings); Bandcoin's total supply equals the
sum of all {fig['state']['holders']} balances; the auction contract holds exactly the open
escrow ({fig['state']['auction_balance']:,}).

{gap_text}![height of each node over time](faults-heights.svg)

Height of each node over time; shaded: the fault windows.
"""
    (ROOT / "docs" / "faults.md").write_text(md)
    print("\nwrote docs/faults.md and docs/faults-heights.svg")


def plot(f: Faults) -> str:
    samples = f.net.samples
    W, Hh, L, R, T, B = 1060, 420, 70, 330, 30, 50
    tmax = max(s[0] for s in samples) or 1
    hmax = max((s[2] or 0) for s in samples) or 1
    x = lambda t: L + (W - L - R) * t / tmax  # noqa: E731
    y = lambda h: Hh - B - (Hh - T - B) * h / hmax  # noqa: E731
    colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{Hh}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{Hh}" fill="white"/>']
    shades = ["#c6dbef", "#fdae6b", "#bdbdbd", "#fcbba1", "#c7e9c0", "#dadaeb"]
    # The longest window first, so that the shorter ones inside it stay visible; each
    # window's shade is named in the legend under the nodes.
    windows = sorted(f.net.windows, key=lambda w: w[1] - (w[2] or tmax))
    for i, (label, a, b) in enumerate(windows):
        b = b if b is not None else tmax
        out.append(f'<rect x="{x(a):.1f}" y="{T}" width="{max(x(b) - x(a), 1):.1f}" height="{Hh - T - B}" fill="{shades[i % 6]}" opacity="0.6"/>')
        ly = T + 20 * (len(f.net.nodes) + 1) + 20 * i
        out.append(f'<rect x="{W - R + 10}" y="{ly - 4}" width="20" height="12" fill="{shades[i % 6]}" opacity="0.6"/>')
        out.append(f'<text x="{W - R + 36}" y="{ly + 6}">{label} ({a:.0f}–{b:.0f} s)</text>')
    out.append(f'<line x1="{L}" y1="{Hh - B}" x2="{W - R}" y2="{Hh - B}" stroke="black"/>')
    out.append(f'<line x1="{L}" y1="{T}" x2="{L}" y2="{Hh - B}" stroke="black"/>')
    for i in range(6):
        t, h = tmax * i / 5, hmax * i / 5
        out.append(f'<text x="{x(t):.1f}" y="{Hh - B + 16}" text-anchor="middle">{t:.0f}</text>')
        out.append(f'<text x="{L - 6}" y="{y(h) + 4:.1f}" text-anchor="end">{h:.0f}</text>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{Hh - 12}" text-anchor="middle">seconds since the network started</text>')
    out.append(f'<text x="16" y="{(T + Hh - B) / 2}" transform="rotate(-90 16 {(T + Hh - B) / 2})" text-anchor="middle">block height</text>')
    for k in sorted({s[1] for s in samples}):
        segs, cur = [], []
        for t, node, h in samples:
            if node != k:
                continue
            if h is None:
                if cur:
                    segs.append(cur)
                cur = []
            else:
                cur.append(f"{x(t):.1f},{y(h):.1f}")
        if cur:
            segs.append(cur)
        for seg in segs:
            out.append(f'<polyline fill="none" stroke="{colors[k % 5]}" stroke-width="1.5" points="{" ".join(seg)}"/>')
        label = f"validator {k}" if k < VALIDATORS else f"full node {k}"
        out.append(f'<line x1="{W - R + 10}" y1="{T + 20 * k + 6}" x2="{W - R + 30}" y2="{T + 20 * k + 6}" stroke="{colors[k % 5]}" stroke-width="3"/>')
        out.append(f'<text x="{W - R + 36}" y="{T + 20 * k + 10}">{label}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    started = time.time()
    f = Faults()
    try:
        f.run()
    except (Failed, ChainError, RpcError, subprocess.CalledProcessError) as e:
        f.traffic_stop.set()
        f.net.stop.set()
        print(f"\nfault test FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    f.net.stop.set()
    # From scripts/faults' own start when it says so (the network's set-up and removal are
    # outside this process).
    elapsed = time.time() - float(os.environ.get("FAULTS_STARTED", started))
    write_docs(f, elapsed)
    print(f"\nfault test passed in {elapsed:.0f}s")


if __name__ == "__main__":
    main()
