"""The spectrum CLI benchmark (run by scripts/bench_cli on its own node): committed bulk
purchase of N keys (default 1,000,000) end to end through `spectrum`, and `market buy`
measured in blocks from the command's start (the node's height read over its RPC just
before the command starts, against the height of the block that holds the buy). Prints
the figures and the targets (10 s; a median of at most one block)."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from spectrum_py.chain import ROOT, Chain
from cli_e2e import Cli
from demo import Demo


def rpc_height(chain: Chain) -> tuple[int, str]:
    """The latest height and its block time, read from the node's RPC (no process started)."""
    url = chain.node.replace("tcp://", "http://") + "/status"
    with urllib.request.urlopen(url, timeout=5) as r:
        info = json.load(r)["result"]["sync_info"]
    return int(info["latest_block_height"]), info["latest_block_time"]


def setup(chain: Chain, cli: Cli, units: int) -> int:
    """Qualifies the provider, funds the buyers, posts an offer of `units`; its id."""
    deployment = json.loads((ROOT / "deployments" / f"{chain.chain_id}.json").read_text())
    Demo(chain, deployment).qualify("provider")
    for key in ["service-provider", "consumer"]:
        cli.run("bandcoin", "mint", "--to", chain.addr(key), "--amount", "100BAND", key="exchange")
    return cli.run("market", "post-offer", "--band", "3550MHz..3560MHz", "--bandwidth", "1MHz", "--location", "bench",
                   "--unit-price", "1", "--max-allocations", str(units), "--duration", "1h",
                   key="provider")["offer_id"]


def bench_committed_bulk(cli: Cli, offer: int, n: int, work: Path) -> None:
    """`market bulk-buy --committed` of n keys, timed from the command's start to its block."""
    keys = work / "keys.txt"
    t = time.time()
    cli.run("keys", "gen", "--count", str(n), "--out", str(keys))
    print(f"  generated {n:,} keys in {time.time() - t:.1f}s (not timed: the operator's input)", flush=True)
    t = time.time()
    r = cli.run("market", "bulk-buy", "--offer", str(offer), "--committed", "--keys", str(keys),
                "--tree-out", str(work / "tree.bin"), key="service-provider")
    total = time.time() - t
    print(f"\nbulk-buy --committed of {n:,} keys: {total:.2f}s end to end "
          f"(batch {r['batch_id']}, committed at height {r['height']}, gas {r['gas_used']:,}); target 10 s: "
          f"{'met' if total <= 10 else 'NOT met'}", flush=True)


def bench_buys(chain: Chain, cli: Cli, offer: int, n: int) -> None:
    """`market buy` n times: blocks between the height when the command starts and the
    block holding the buy, and the command's seconds."""
    runs = []
    first = rpc_height(chain)[0]
    started = time.time()
    for _ in range(n):
        h0 = rpc_height(chain)[0]
        t = time.time()
        b = cli.run("market", "buy", "--offer", str(offer), "--units", "1", key="consumer")
        runs.append((b["height"] - h0, time.time() - t))
    interval = (time.time() - started) / max(1, rpc_height(chain)[0] - first)
    blocks = [n for n, _ in runs]
    median = statistics.median(blocks)
    print(f"market buy x{n}: committed {', '.join(f'{b} block(s) / {s:.2f}s' for b, s in runs)} after the "
          f"command started")
    print(f"market buy: median {median:g} block(s), {statistics.median(s for _, s in runs):.2f}s "
          f"(the node's blocks every {interval:.2f}s meanwhile); target at most one block: "
          f"{'met' if median <= 1 else 'NOT met'}", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--keys", type=int, default=1_000_000, help="keys of the committed purchase (0: skip it)")
    p.add_argument("--buys", type=int, default=9, help="market buy repetitions")
    args = p.parse_args()
    chain = Chain.from_env()
    # the keys and the tree of a million keys take about 100 MB: removed at the end
    work = Path(tempfile.mkdtemp(prefix="spectrum-bench-cli."))
    try:
        cli = Cli(chain, str(work / "bids"))
        offer = setup(chain, cli, args.keys + 1_000)
        if args.keys:
            bench_committed_bulk(cli, offer, args.keys, work)
        bench_buys(chain, cli, offer, args.buys)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
