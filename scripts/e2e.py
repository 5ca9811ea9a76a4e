"""End-to-end test on a real wasmd node: deploy the artifacts built in this run, drive
the demo scenario (which asserts balances and query results, and that bad input is
refused with the contract's error text while no balance moves), snapshot every
contract's state and every balance, kill -9 the node, restart it, and assert that
the snapshot is intact."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from spectrum_py.chain import ROOT, Chain, expect_error
from demo import Demo, check, say
from deploy import deploy

KEYS = ["exchange", "provider", "provider2", "consumer", "service-provider", "bidder1", "bidder2",
        "bidder3", "mno", "mo", "operator1", "operator2"]


def snapshot(c: Chain, d: dict) -> dict:
    """Everything the scenario left behind, read back through queries."""
    k = d["contracts"]
    s: dict = {"bandcoin": {key: c.cw20_balance(k["bandcoin"], c.addr(key)) for key in KEYS},
               "native": {key: c.balance(c.addr(key)) for key in KEYS}}
    s["token_info"] = c.query(k["bandcoin"], {"token_info": {}})
    s["market_offers"] = c.query(k["bandwidth_market"], {"offers": {"provider": c.addr("provider")}})
    s["market_grants"] = c.query(k["bandwidth_market"], {"grants_by_offer": {"offer_id": 1, "limit": 30}})
    s["auctions"] = c.query(k["auction_clearing"], {"list_auctions": {}})
    leases = c.query(k["spectrum_lease"], {"leases_by_mo": {"mo": c.addr("mo")}})["leases"]
    # A lease's status is derived from block time (active, then expired): compare what is stored.
    s["leases"] = [{key: v for key, v in lease.items() if key != "status"} for lease in leases]
    s["pool"] = c.query(k["unlicensed_pool"], {"balances": {}})
    s["reputation"] = {key: c.query(k["node_reputation"], {"qualification": {"address": c.addr(key)}})
                       for key in ["provider", "provider2", "mno", "operator1"]}
    for name, addr in k.items():
        s[f"cw2 {name}"] = c.query(addr, {"config": {}}) if name != "bandcoin" else None
    return s


def zero_price_rule(c: Chain, d: dict, attempts: int = 2) -> None:
    """Issue 21 on the real node: a reservation worth exactly 0.5 (1 unit at price 1, one
    epoch ahead, reservation discount 0.5, volume discount 0.431) rounds half-even to 0.
    The quote and every payment route refuse it with the same error, PriceRoundsToZero,
    and no balance or capacity moves; terms that could only sell free units are refused."""
    market, band = d["contracts"]["bandwidth_market"], d["contracts"]["bandcoin"]
    epoch = int(c.query(market, {"current_epoch": {}})["epoch"])
    terms = {"band": {"from_hz": 3_550_000_000, "to_hz": 3_700_000_000}, "bandwidth_hz": 10_000_000,
             "location": "9q8yy", "unit_price": "1000", "max_allocations": 10, "allocation_duration": 3_600,
             "volume_discount": "0.431", "reservation_discount": "0.5",
             "reservations": [{"epoch": epoch + 1, "price": "1", "capacity": 1}]}
    res = c.execute(market, {"post_offer": terms}, "provider")
    offer_id = int(res.attr("wasm", "offer_id"))
    say(f"provider posted offer {offer_id}: reservation {{epoch: {epoch + 1}, price: 1, capacity: 1}}, "
        f"discounts 0.5 and 0.431, at epoch {epoch}")
    consumer, provider = c.addr("consumer"), c.addr("provider")
    balances = lambda: (c.cw20_balance(band, consumer), c.cw20_balance(band, provider), c.cw20_balance(band, market))
    before = balances()
    zero = "rounds to 0"
    log = expect_error(lambda: c.query(market, {"quote": {"offer_id": offer_id, "epoch": epoch + 1,
                                                           "epoch_to": epoch + 1, "units": 1}}), zero)
    say(f"quote refused: {log}")
    alloc = {"offer_id": offer_id, "version": 1, "epoch": epoch + 1, "epoch_to": epoch + 1,
             "recipients": {"units": {"units": 1}}, "price": "0"}
    log = expect_error(lambda: c.execute(market, {"allocate": alloc}, "consumer"), zero)
    say(f"allocate from an allowance at price 0 refused alike: {log}")
    log = expect_error(lambda: c.cw20_send(band, "consumer", market, 1, {"allocate": alloc}), zero)
    say(f"allocate through Send refused alike: {log}")
    log = expect_error(lambda: c.cw20_send(band, "consumer", market, 0, {"allocate": alloc}), zero)
    say(f"allocate through Send of 0 refused alike: {log}")
    offer = c.query(market, {"offer": {"offer_id": offer_id}})
    if int(c.query(market, {"current_epoch": {}})["epoch"]) != epoch:
        # An epoch began during the check: the reservation is no longer one epoch ahead.
        if attempts > 1:
            say("an epoch began during the check; once more")
            return zero_price_rule(c, d, attempts - 1)
        sys.exit("end-to-end FAILED: the epoch changed twice during the zero-price check")
    check(balances() == before, "no balance moved on the refused zero-price purchase")
    check(all(r["allocated"] == 0 for r in offer["reservations"]), "no reservation capacity was taken")
    say("no balance and no capacity moved")
    free = dict(terms, reservation_discount="0")
    log = expect_error(lambda: c.execute(market, {"post_offer": free}, "provider"), "reservation_discount 0")
    say(f"terms that could only sell free units are refused when posted: {log}")


def run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True)


def main() -> None:
    chain = Chain.from_env()
    started = time.time()
    print("\n[Deploy]", flush=True)
    deployment = deploy(chain, "validator", redeploy=True, log=lambda line: print(line, flush=True))
    again = deploy(chain, "validator", redeploy=False, log=lambda line: None)
    if again["contracts"] != deployment["contracts"] or again["codes"] != deployment["codes"]:
        sys.exit("end-to-end FAILED: a second deploy did not reuse the deployment")
    print("  a second scripts/deploy reused every code and contract", flush=True)
    demo = Demo(chain, deployment)
    demo.run()
    print("\n[Pricing rule: a price that rounds to 0 (issue 21)]", flush=True)
    zero_price_rule(chain, deployment)
    before = snapshot(chain, deployment)
    height = chain.height()
    print(f"\n[Crash] state snapshot taken at height {height}; kill -9 the node and restart it", flush=True)
    run([str(ROOT / "scripts" / "localnet"), "kill"])
    run([str(ROOT / "scripts" / "localnet"), "start"])
    after = snapshot(chain, deployment)
    if before != after:
        for key in before:
            if before[key] != after.get(key):
                print(f"  DIFFERS after restart: {key}\n    before {json.dumps(before[key])[:300]}\n    after  {json.dumps(after.get(key))[:300]}")
        sys.exit("end-to-end FAILED: state changed across the crash")
    check_height = chain.height()
    print(f"  every contract's state and every balance are intact after kill -9 (height {height} -> {check_height})")
    print("\nGas per deploy step:")
    for label, gas in deployment["gas"].items():
        print(f"  {label:<40} {gas:>12,}")
    print("\nGas per demo transaction:")
    for label, gas in demo.gas.items():
        print(f"  {label:<40} {gas:>12,}")
    print(f"\nend-to-end passed in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
