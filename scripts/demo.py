"""The demo scenario on a deployed chain, through real signed transactions: every
contract in use, each step printed in a readable line and checked (balances and
query results), so that the end-to-end test runs the very same scenario.

    python3 scripts/demo.py            (scripts/demo wraps it with the environment)
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import time

from spectrum_py.chain import ROOT, Chain, ChainError, expect_error
from spectrum_py.encodings import check_vectors, commitment
from spectrum_py.keys import public_key_b64


def say(text: str) -> None:
    print(f"  {text}", flush=True)


def check(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


class Demo:
    def __init__(self, chain: Chain, deployment: dict):
        self.c = chain
        self.d = deployment["contracts"]
        self.gas: dict[str, int] = {}
        self.band = self.d["bandcoin"]
        self.market = self.d["bandwidth_market"]
        self.rep = self.d["node_reputation"]
        self.lease = self.d["spectrum_lease"]
        self.pool = self.d["unlicensed_pool"]
        self.auction = self.d.get("auction_clearing")

    # ---- helpers -----------------------------------------------------------------
    def record(self, label: str, res) -> None:
        self.gas[label] = res.gas_used

    def bal(self, key: str) -> int:
        return self.c.cw20_balance(self.band, self.c.addr(key))

    def now(self) -> int:
        return int(self.c.query(self.market, {"current_epoch": {}})["now"])

    def wait_until(self, t: int, what: str) -> None:
        tty = sys.stdout.isatty()
        shown = None
        while (now := self.now()) < t:
            left = t - now
            if tty:
                print(f"\r  ... {left:>3}s until {what}", end="", flush=True)
            elif shown is None or shown - left >= 5:
                print(f"  ... {left}s until {what}", flush=True)
                shown = left
            time.sleep(0.5)
        if tty:
            print("\r" + " " * 60 + "\r", end="", flush=True)

    def qualify(self, key: str, kind: str = "operator") -> None:
        """key applies to node-reputation and the authority approves it (quorum 1)."""
        q = self.c.query(self.rep, {"qualification": {"address": self.c.addr(key)}})
        if q["qualified"]:
            return
        self.record(f"reputation apply ({key})", self.c.execute(self.rep, {"apply": {"kind": kind, "metadata": f"{key} on the local chain"}}, key))
        self.record("reputation approve", self.c.execute(self.rep, {"approve": {"applicant": self.c.addr(key)}}, "authority"))
        q = self.c.query(self.rep, {"qualification": {"address": self.c.addr(key)}})
        check(q["qualified"], f"{key} should be qualified after approval")

    # ---- steps -------------------------------------------------------------------
    def mint(self) -> None:
        for key, amount in [("consumer", 1_000_000), ("service-provider", 5_000_000), ("bidder1", 100_000),
                            ("bidder2", 100_000), ("bidder3", 100_000), ("mo", 1_000_000)]:
            before = self.bal(key)
            res = self.c.execute(self.band, {"mint": {"recipient": self.c.addr(key), "amount": str(amount)}}, "exchange")
            self.record("bandcoin mint", res)
            check(self.bal(key) == before + amount, f"mint to {key}")
        say("exchange minted Bandcoin to the consumer, the service provider, three bidders and the MO")

    def qualify_everyone(self) -> None:
        for key in ["provider", "provider2", "mno", "mo", "operator1", "operator2", "bidder1", "bidder2", "bidder3"]:
            self.qualify(key)
        say("node-reputation approved the providers, MNO, MO, pool operators and bidders (quorum of authorized nodes)")

    def post_offer(self, key: str = "provider", price: int = 1_000, max_alloc: int = 100) -> tuple[int, int]:
        terms = {"band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
                 "location": "9q8yy", "unit_price": str(price), "max_allocations": max_alloc,
                 "allocation_duration": 3_600, "volume_discount": "0.9", "reservation_discount": "0.5",
                 "qos": {"latency_class": "low", "data_cap_mb": "500"}}
        res = self.c.execute(self.market, {"post_offer": terms}, key)
        self.record("market post_offer", res)
        offer_id = int(res.attr("wasm", "offer_id"))
        offer = self.c.query(self.market, {"offer": {"offer_id": offer_id}})
        return offer_id, int(offer["version"])

    def allocate(self, key: str, offer_id: int, version: int, recipients: dict, units: int, label: str):
        quote = self.c.query(self.market, {"quote": {"offer_id": offer_id, "units": units}})
        price = int(quote["price"])
        hook = {"allocate": {"offer_id": offer_id, "version": version, "recipients": recipients, "price": str(price)}}
        res = self.c.cw20_send(self.band, key, self.market, price, hook)
        self.record(label, res)
        return price, res

    def market_flow(self) -> None:
        self.offer_id, self.version = self.post_offer()
        say(f"MNO 'provider' posted offer {self.offer_id}: 3550-3700 MHz, 10 MHz units at 1000 BAND, volume discount 0.9")
        before_c, before_p = self.bal("consumer"), self.bal("provider")
        price, _ = self.allocate("consumer", self.offer_id, self.version, {"units": {"units": 3}}, 3, "market allocate (3 units)")
        check(price == 2_710, f"3 units at 1000 with vd 0.9 cost 2710, quoted {price}")
        check(self.bal("consumer") == before_c - price and self.bal("provider") == before_p + price, "payment reached the provider")
        grants = self.c.query(self.market, {"grants_by_holder": {"holder": {"address": {"address": self.c.addr("consumer")}}}})
        check(len(grants["grants"]) >= 1, "consumer holds a grant")
        say(f"consumer allocated 3 units for {price} BAND (= round(1000·(1 + 0.9 + 0.81))); the provider was paid at once")

        keys = [public_key_b64(f"demo-consumer-{i}") for i in range(25)]
        price, res = self.allocate("service-provider", self.offer_id, self.version,
                                   {"consumers": {"consumers": keys}}, len(keys), "market bulk allocate (25 keys)")
        by_key = self.c.query(self.market, {"grants_by_holder": {"holder": {"key": {"pubkey": keys[7]}}}})
        check(len(by_key["grants"]) == 1, "every consumer key holds its own grant")
        say(f"service provider bulk-bought one grant each for {len(keys)} consumer keys in one tx for {price} BAND (gas {res.gas_used:,})")

        # The same kind of purchase paid from an allowance: the consumer keys go to the market
        # only, not through the token contract as a Send hook, packed into one string.
        more = [public_key_b64(f"demo-consumer-allowance-{i}") for i in range(10)]
        packed = base64.b64encode(b"".join(base64.b64decode(k) for k in more)).decode()
        price = int(self.c.query(self.market, {"quote": {"offer_id": self.offer_id, "units": len(more)}})["price"])
        before_sp, before_p = self.bal("service-provider"), self.bal("provider")
        self.record("bandcoin increase_allowance", self.c.execute(
            self.band, {"increase_allowance": {"spender": self.market, "amount": str(price)}}, "service-provider"))
        res = self.c.execute(self.market, {"allocate": {"offer_id": self.offer_id, "version": self.version,
                                                        "recipients": {"packed_consumers": {"keys": packed}},
                                                        "price": str(price)}}, "service-provider")
        self.record("market bulk allocate from an allowance (10 packed keys)", res)
        check(self.bal("service-provider") == before_sp - price and self.bal("provider") == before_p + price,
              "the allowance paid the provider exactly the price")
        by_key = self.c.query(self.market, {"grants_by_holder": {"holder": {"key": {"pubkey": more[3]}}}})
        check(len(by_key["grants"]) == 1, "a key bought from an allowance holds its grant")
        say(f"service provider bought {len(more)} more keys, packed, paying {price} BAND from an allowance (gas {res.gas_used:,})")

    def bad_inputs(self) -> None:
        """Stale version and a price off by one are refused with the contract's error; no balance moves."""
        before = (self.bal("consumer"), self.bal("provider"))
        quote = int(self.c.query(self.market, {"quote": {"offer_id": self.offer_id, "units": 1}})["price"])
        stale = {"allocate": {"offer_id": self.offer_id, "version": self.version + 5,
                              "recipients": {"units": {"units": 1}}, "price": str(quote)}}
        log = expect_error(lambda: self.c.cw20_send(self.band, "consumer", self.market, quote, stale), "version")
        say(f"refused, stale offer version: {log}")
        off = {"allocate": {"offer_id": self.offer_id, "version": self.version,
                            "recipients": {"units": {"units": 1}}, "price": str(quote - 1)}}
        log = expect_error(lambda: self.c.cw20_send(self.band, "consumer", self.market, quote - 1, off), "price")
        say(f"refused, price off by one: {log}")
        settle = {"settle_auction": {"offer_id": self.offer_id, "awards": [{"consumer": self.c.addr("consumer"), "units": 1, "unit_price": "1"}]}}
        log = expect_error(lambda: self.c.cw20_send(self.band, "consumer", self.market, 1, settle), "clearing")
        say(f"refused, unauthorised settle_auction: {log}")
        check((self.bal("consumer"), self.bal("provider")) == before, "no balance moved on refused transactions")

    def auction_flow(self) -> None:
        """A sealed-bid Vickrey auction for one unit: three bidders commit, reveal, anyone clears."""
        res = self.c.execute(self.market, {"set_clearing_house": {"offer_id": self.offer_id, "clearing_house": self.auction}}, "provider")
        self.record("market set_clearing_house", res)
        epoch = int(self.c.query(self.market, {"current_epoch": {}})["epoch"])
        now = self.now()
        create = {"create_auction": {"offer_id": self.offer_id, "kind": "vickrey", "max_allocations": 1,
                                     "band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
                                     "epoch": epoch, "min_price": "100", "bid_end": now + 15, "reveal_end": now + 30,
                                     "clearing_time": now + 31}}
        res = self.c.execute(self.auction, create, "provider")
        self.record("auction create_auction", res)
        auction_id = int(res.attr("wasm", "auction_id"))
        say(f"provider delegated settlement of offer {self.offer_id} and opened Vickrey auction {auction_id} (min price 100)")
        bids = {"bidder1": 300, "bidder2": 250, "bidder3": 200}
        before = {k: self.bal(k) for k in [*bids, "provider"]}
        for key, price in bids.items():
            salt = hashlib.sha256(f"salt-{key}-{auction_id}".encode()).digest()
            digest = commitment(auction_id, self.c.addr(key), 1, price, salt)
            hook = {"commit": {"auction_id": auction_id, "commitment": base64.b64encode(digest).decode()}}
            self.record("auction commit", self.c.cw20_send(self.band, key, self.auction, 400, hook))
        say("three bidders committed sealed bids with 400 BAND deposits each (bids hidden on chain)")
        self.wait_until(now + 15, "the bidding window to close")
        for key, price in bids.items():
            salt = hashlib.sha256(f"salt-{key}-{auction_id}".encode()).digest()
            reveal = {"reveal": {"auction_id": auction_id, "units": 1, "price": str(price), "salt": base64.b64encode(salt).decode()}}
            self.record("auction reveal", self.c.execute(self.auction, reveal, key))
        say("bidders revealed 300, 250 and 200")
        self.wait_until(now + 31, "the clearing time")
        res = self.c.execute(self.auction, {"clear": {"auction_id": auction_id}}, "consumer")
        self.record("auction clear + settle", res)
        after = {k: self.bal(k) for k in before}
        check(after["bidder1"] == before["bidder1"] - 250, "winner pays the second price")
        check(after["bidder2"] == before["bidder2"] and after["bidder3"] == before["bidder3"], "losers refunded in full")
        check(after["provider"] == before["provider"] + 250, "provider paid the clearing price")
        status = self.c.query(self.auction, {"get_bid": {"auction_id": auction_id, "bidder": self.c.addr("bidder1")}})
        say(f"anyone cleared it: bidder1 won and paid 250 (second price), the others were refunded; bid status {json.dumps(status)[:80]}")

    def lease_flow(self) -> None:
        now = self.now()
        terms = {"band": {"from_hz": 2_570_000_000, "to_hz": 2_620_000_000}, "region_id": "helsinki-7",
                 "bandwidth_hz": 20_000_000, "valid_until": now + 86_400, "price_per_hz_second": "0.000001",
                 "min_duration": 5, "max_duration": 600, "policy": "automatic"}
        res = self.c.execute(self.lease, {"register_license": {"terms": terms}}, "mno")
        self.record("lease register_license", res)
        license_id = int(res.attr("wasm", "license_id"))
        start = (now // 5 + 3) * 5
        hook = {"request_lease": {"license_id": license_id, "bandwidth_hz": 5_000_000, "start": start, "duration": 30}}
        cost = 150  # 0.000001 × 5 MHz × 30 s
        before_mo, before_mno = self.bal("mo"), self.bal("mno")
        res = self.c.cw20_send(self.band, "mo", self.lease, cost, hook)
        self.record("lease request_lease", res)
        lease_id = int(res.attr("wasm", "lease_id"))
        check(self.bal("mo") == before_mo - cost and self.bal("mno") == before_mno + cost, "lease paid to the MNO")
        say(f"MNO registered license {license_id} (2570-2620 MHz); MO leased 5 MHz for 30 s from t={start}, paid {cost} BAND to the MNO")
        self.wait_until(start, "the lease to start")
        report = {"report_interference": {"lease_id": lease_id, "level_cdbm": -9_250, "location": "cell-42",
                                          "time": self.now(), "band": {"from_hz": 2_570_000_000, "to_hz": 2_575_000_000}}}
        self.record("lease report_interference", self.c.execute(self.lease, report, "mo"))
        summary = self.c.query(self.lease, {"interference_summary": {"license_id": license_id}})
        say(f"MO reported -92.50 dBm of incumbent interference; the MNO's summary: {json.dumps(summary)[:100]}")

    def pool_flow(self) -> None:
        for key in ["operator1", "operator2"]:
            res = self.c.execute(self.pool, {"add_member": {"address": self.c.addr(key)}}, "validator")
            self.record("pool add_member", res)
        self.record("pool start_round", self.c.execute(self.pool, {"start_round": {}}, "validator"))
        fair = self.c.query(self.pool, {"fair_share": {}})
        res = self.c.execute(self.pool, {"claim": {"bandwidth_hz": 108000000, "slots": 1}}, "operator1")
        self.record("pool claim", res)
        res = self.c.execute(self.pool, {"claim": {"bandwidth_hz": 54000000, "slots": 1}}, "operator2")
        b1 = self.c.query(self.pool, {"balance": {"address": self.c.addr("operator1")}})
        b2 = self.c.query(self.pool, {"balance": {"address": self.c.addr("operator2")}})
        say(f"two operators share 540 MHz (fair share {json.dumps(fair)[:60]}): operator1 took 108 MHz (600 tokens), operator2 54 MHz (300 tokens)")
        say(f"pool balances after the slot: operator1 {b1}, operator2 {b2}")

    def suspension_flow(self) -> None:
        offer_id, version = self.post_offer("provider2", price=10, max_alloc=50)
        grant_ids = []
        for _ in range(3):
            _, res = self.allocate("consumer", offer_id, version, {"units": {"units": 1}}, 1, "market allocate (1 unit)")
            grant_ids.append(int(res.attr("wasm", "grant_id") or res.attr("wasm", "first_grant_id")))
        for gid in grant_ids:
            res = self.c.execute(self.market, {"rate_grant": {"grant_id": gid, "positive": False, "quality": 100}}, "consumer")
            self.record("market rate_grant", res)
        q = self.c.query(self.rep, {"qualification": {"address": self.c.addr("provider2")}})
        check(not q["qualified"] and q["status"] == "suspended", f"provider2 should be suspended: {q}")
        say(f"consumer rated provider2's three grants negative: node-reputation suspended it (score {q['score']})")
        log = expect_error(lambda: self.post_offer("provider2"), "qualified")
        say(f"provider2 can no longer post offers: {log}")

    def run(self) -> None:
        steps = [("Bandcoin", self.mint), ("Reputation", self.qualify_everyone), ("Market", self.market_flow),
                 ("Refusals", self.bad_inputs), ("Vickrey auction", self.auction_flow), ("Spectrum lease", self.lease_flow), ("Unlicensed pool", self.pool_flow),
                 ("Suspension", self.suspension_flow)]
        counts = ", ".join(f"{n} {what}" for what, n in check_vectors().items())
        say(f"the Python encodings (spectrum_py.encodings) match spectrum-types' vectors: {counts}")
        for title, fn in steps:
            print(f"\n[{title}]", flush=True)
            fn()


def main() -> None:
    chain = Chain.from_env()
    deployment = json.loads((ROOT / "deployments" / f"{chain.chain_id}.json").read_text())
    demo = Demo(chain, deployment)
    try:
        demo.run()
    except (AssertionError, ChainError) as e:
        print(f"\nDEMO FAILED: {e}", file=sys.stderr)
        sys.exit(1)
    print("\nGas per demo transaction:")
    for label, gas in demo.gas.items():
        print(f"  {label:<34} {gas:>10,}")


if __name__ == "__main__":
    main()
