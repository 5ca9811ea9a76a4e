"""Where the node's time goes while it commits explicit bulk purchases (issue 20).

The bench node runs with Go's profiler on loopback (LOCALNET_PPROF, scripts/bench). While
a stream of 1,000-key purchases is committed, `capture` records a CPU profile of the node
(`/debug/pprof/profile`), and `split` reads it with `go tool pprof` into the parts of a
grant's time, in CPU microseconds per grant committed in the window:

- on the consensus path, which runs one block after another and so bounds the rate: the
  block's execution (of which the VM running the contracts, and the block's writes into the
  IAVL tree when its cache is written at the end of the block) and the commit of the tree
  (hashing and saving the new nodes);
- beside it, on the machine's other cores: the RPC server taking the transactions,
  CheckTx, the database's background compaction, the garbage collector.

The ceiling is the rate the consensus path allows at the profiled cost a grant: grants / its
CPU seconds. No block commits faster than its execution and commit run, whatever the wait
between blocks; the cost a grant itself depends on the load (block size, garbage
collection, the database's compaction).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

# (part, function whose cumulative time it is, on the consensus path?)
PARTS = [
    ("block execution (FinalizeBlock)", "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).FinalizeBlock", True),
    ("  running its transactions (ante, messages, events)", "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).runTx", False),
    ("    of which the VM running the contracts", "github.com/CosmWasm/wasmvm/v2.(*VM).Execute", False),
    ("  the block's writes inserted into the IAVL tree", "cosmossdk.io/store/iavl.(*Store).Set", False),
    ("commit (IAVL: hash and save the new nodes)", "github.com/cometbft/cometbft/state.(*BlockExecutor).Commit", True),
    ("RPC server (broadcasts, queries)", "github.com/cometbft/cometbft/rpc/jsonrpc/server.RegisterRPCFuncs.makeJSONRPCHandler.func3", False),
    ("CheckTx (mempool admission)", "github.com/cosmos/cosmos-sdk/baseapp.(*BaseApp).CheckTx", False),
    ("database compaction (goleveldb, background)", "github.com/syndtr/goleveldb/leveldb.(*DB).tCompaction", False),
    ("garbage collector", "runtime.gcBgMarkWorker", False),
]
ROW = re.compile(r"^\s*[\d.]+\w*\s+[\d.]+%\s+[\d.]+%\s+([\d.]+)(\w*)\s+[\d.]+%\s+(.+?)(?: \(inline\))?$")
TOTAL = re.compile(r"Total samples = ([\d.]+)(\w+)")
UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


@dataclass
class Split:
    """A profile's time in CPU microseconds per grant, by part."""

    grants: int
    window_s: float
    cpu_s: float
    parts: list  # (part, µs per grant, on the consensus path)

    @property
    def consensus_us(self) -> float:
        return sum(us for _, us, serial in self.parts if serial)

    @property
    def ceiling(self) -> float:
        """Grants per second the consensus path allows."""
        return 1e6 / self.consensus_us


def capture(pprof: str, seconds: int, out: Path) -> threading.Thread:
    """Starts recording `seconds` of the node's CPU profile into `out`; join the thread."""
    def run() -> None:
        with urllib.request.urlopen(f"http://{pprof}/debug/pprof/profile?seconds={seconds}",
                                    timeout=seconds + 30) as r:
            out.write_bytes(r.read())
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def cumulative(profile: Path) -> tuple[dict, float]:
    """Cumulative CPU seconds by function, and the profile's total."""
    go = shutil.which("go") or "/usr/local/go/bin/go"
    text = subprocess.run([go, "tool", "pprof", "-top", "-cum", "-nodecount=100000", str(profile)],
                          capture_output=True, text=True, check=True).stdout
    total = TOTAL.search(text)
    cum = {}
    for line in text.splitlines():
        m = ROW.match(line)
        if m:
            cum[m.group(3)] = float(m.group(1)) * UNIT.get(m.group(2), 1.0)
    return cum, float(total.group(1)) * UNIT[total.group(2)] if total else 0.0


def split(profile: Path, grants: int, window_s: float) -> Split:
    cum, total = cumulative(profile)
    parts = [(name, cum.get(fn, 0.0) / grants * 1e6, serial) for name, fn, serial in PARTS]
    return Split(grants, window_s, total, parts)


def markdown(s: Split) -> list[str]:
    lines = ["| part | CPU µs per grant |", "|---|---:|"]
    lines += [f"| {name} | {us:.1f} |" for name, us, _ in s.parts]
    lines += [f"| **consensus path** (block execution + commit) | **{s.consensus_us:.1f}** |",
              f"| all of the node's CPU in the window ({s.window_s:.0f} s, {s.grants:,} grants) "
              f"| {s.cpu_s / s.grants * 1e6:.1f} |"]
    return lines
