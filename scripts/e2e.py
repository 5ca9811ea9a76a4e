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

from chain import ROOT, Chain
from demo import Demo
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
