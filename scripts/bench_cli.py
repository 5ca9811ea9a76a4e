"""The spectrum CLI benchmark (run by scripts/bench_cli on its own node): committed bulk
purchase of N keys (default 1,000,000) end to end through `spectrum`, and `market buy`
measured in blocks from the command's start. Prints the figures and the targets (10 s,
one block)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spectrum_py.chain import ROOT, Chain
from cli_e2e import Cli
from demo import Demo


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--keys", type=int, default=1_000_000, help="keys of the committed purchase")
    p.add_argument("--buys", type=int, default=5, help="market buy repetitions")
    args = p.parse_args()
    chain = Chain.from_env()
    deployment = json.loads((ROOT / "deployments" / f"{chain.chain_id}.json").read_text())
    demo = Demo(chain, deployment)
    work = Path(tempfile.mkdtemp(prefix="spectrum-bench-cli."))
    cli = Cli(chain, str(work / "bids"))
    demo.qualify("provider")
    for key in ["service-provider", "consumer"]:
        cli.run("bandcoin", "mint", "--to", chain.addr(key), "--amount", "100BAND", key="exchange")
    offer = cli.run("market", "post-offer", "--band", "3550MHz..3560MHz", "--bandwidth", "1MHz", "--location", "bench",
                    "--unit-price", "1", "--max-allocations", str(args.keys + 1_000), "--duration", "1h",
                    key="provider")["offer_id"]
    keys = work / "keys.txt"
    t = time.time()
    cli.run("keys", "gen", "--count", str(args.keys), "--out", str(keys))
    print(f"  generated {args.keys:,} keys in {time.time() - t:.1f}s (not timed: the operator's input)", flush=True)

    t = time.time()
    r = cli.run("market", "bulk-buy", "--offer", str(offer), "--committed", "--keys", str(keys),
                "--tree-out", str(work / "tree.bin"), key="service-provider")
    total = time.time() - t
    print(f"\nbulk-buy --committed of {args.keys:,} keys: {total:.2f}s end to end "
          f"(batch {r['batch_id']}, committed at height {r['height']}, gas {r['gas_used']:,}); target 10 s: "
          f"{'met' if total <= 10 else 'NOT met'}", flush=True)

    blocks = []
    for i in range(args.buys):
        h0 = chain.height()
        t = time.time()
        b = cli.run("market", "buy", "--offer", str(offer), "--units", "1", key="consumer")
        blocks.append((b["height"] - h0, time.time() - t))
    print(f"market buy x{args.buys}: committed {', '.join(f'{n} block(s) / {s:.2f}s' for n, s in blocks)} after the "
          f"command started; target at most one block: {'met' if all(n <= 1 for n, _ in blocks) else 'NOT met'}")


if __name__ == "__main__":
    main()
