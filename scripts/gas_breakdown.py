"""Where a transaction's gas goes, read from the node's own gas meter (issue 20).

The node charges gas through one meter per transaction, each charge with a descriptor
("txSize", "ReadFlat", "WritePerByte", "Loading CosmWasm module: execute", "wasm contract",
...). When a charge takes the meter past the transaction's gas limit, the node refuses the
transaction with `out of gas in location: <descriptor>; gasWanted: <limit>, gasUsed: <used>`,
`used` being the meter right after that charge. So a transaction sent with a limit equal to
the meter after charge k fails at charge k+1 and names it: walking the limit up, charge by
charge, reads the whole sequence of charges exactly.

Charges made before the messages run (the ante handler: size, signature, account) fail in
CheckTx, so they cost no block; the others fail in a block. Inside a contract call wasmd
meters the VM's execution and the contract's own storage reads and writes together (a
charge that runs out inside the VM is reported as "wasm contract"): each such stretch is
found by bisection and reported as one amount per contract call.

The walk ends with the limit at the total: that transaction succeeds, and its gas used is
the total the parts must sum to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spectrum_py.chain import ChainError
from spectrum_py.txclient import RpcError, build_tx, submit

OOG = re.compile(r"out of gas in location: (.*?); gasWanted: (\d+), gasUsed: (\d+)")
# Charges that mean "inside a contract call": the VM ran out, or its metered run was charged.
VM = {"wasm contract", "Wasm engine function execution"}
INSIDE_VM = "inside the VM"

# The SDK's KV gas (cosmos-sdk store/types KVGasConfig) and what each descriptor counts.
READ_FLAT, WRITE_FLAT, HAS, DELETE, ITER_NEXT = 1000, 2000, 1000, 1000, 30
READ_BYTE, WRITE_BYTE = 3, 30


@dataclass
class Walk:
    """The sequence of charges of one transaction: (descriptor, gas, in the ante handler)."""
    charges: list[tuple[str, int, bool]] = field(default_factory=list)
    total: int = 0
    probes: int = 0

    def summary(self) -> dict:
        """Sums by part; counts of store reads, writes, deletes, has, iterator steps."""
        s = {"fixed": 0, "fixed_reads": 0, "fixed_writes": 0, "instances": 0, "instance_count": 0,
             "vm": 0, "vm_calls": 0, "reads": 0, "read_count": 0, "writes": 0, "write_count": 0,
             "other_store": 0, "other_store_count": 0, "events": 0, "other": 0, "other_names": set()}
        for desc, gas, ante in self.charges:
            if ante:
                s["fixed"] += gas
                s["fixed_reads"] += desc == "ReadFlat"
                s["fixed_writes"] += desc == "WriteFlat"
            elif desc.startswith("Loading CosmWasm module"):
                s["instances"] += gas
                s["instance_count"] += 1
            elif desc == INSIDE_VM:
                s["vm"] += gas
                s["vm_calls"] += 1
            elif desc in ("ReadFlat", "ReadPerByte"):
                s["reads"] += gas
                s["read_count"] += desc == "ReadFlat"
            elif desc in ("WriteFlat", "WritePerByte"):
                s["writes"] += gas
                s["write_count"] += desc == "WriteFlat"
            elif desc in ("Has", "Delete", "IterNextFlat", "ValuePerByte"):
                s["other_store"] += gas
                s["other_store_count"] += desc != "ValuePerByte"
            elif desc == "Custom contract event attributes":
                s["events"] += gas
            else:
                s["other"] += gas
                s["other_names"].add(desc)
        s["sum"] = sum(g for _, g, _ in self.charges)
        s["total"] = self.total
        return s


def _probe(b, account, msgs, limit) -> tuple[str | None, int, bool]:
    """(descriptor that ran out, meter after it, refused in CheckTx); (None, gas used, False)
    when the transaction succeeds."""
    tx = build_tx(account, b.chain_id, msgs, limit)
    try:
        res = submit(b.rpc, [tx])[0]
    except RpcError as e:
        account.sequence -= 1  # refused in CheckTx: the sequence was not used
        m = OOG.search(str(e))
        if not m:
            raise
        return m.group(1), int(m.group(3)), True
    b.seen_height = max(b.seen_height, res.height)
    if res.code == 0:
        return None, res.gas_used, False
    m = OOG.search(res.log)
    if not m:
        raise ChainError("gas walk", res.log)
    return m.group(1), int(m.group(3)), False


def walk(b, account, msgs_at, start: int = 1) -> Walk:
    """Walks the gas meter of the transaction `msgs_at()` (a fresh message list each time:
    a purchase quotes the offer's current version and price) signed by `account`."""
    w = Walk()
    at = 0  # the meter after the last charge found
    limit = start
    while True:
        desc, used, ante = _probe(b, account, msgs_at(), limit)
        w.probes += 1
        if desc is None:
            w.total = used
            return w
        if desc not in VM:
            w.charges.append((desc, used - at, ante))
            at = limit = used
            continue
        # Inside a contract call: the smallest limit at which the call's metered run fits,
        # by doubling (at most 2,048 at a time: between two calls lie at least the next
        # call's instance charge and its contract-info read, more than 2,048, so no step
        # jumps from one call into the next) then bisection. At that limit the run is charged in full (the meter
        # reaches limit - 1: at limit - 1 itself, the meter would be exhausted) and the
        # charge after it runs out, or the transaction succeeds.
        lo, step = limit, 1024
        while True:
            hi = lo + step
            found = _probe(b, account, msgs_at(), hi)
            w.probes += 1
            if found[0] is None or found[0] not in VM:
                break
            lo, step = hi, min(step * 2, 2048)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            d = _probe(b, account, msgs_at(), mid)
            w.probes += 1
            if d[0] is None or d[0] not in VM:
                hi, found = mid, d
            else:
                lo = mid
        end = hi - 1
        w.charges.append((INSIDE_VM, end - at, False))
        at = end
        desc, used, ante = found
        if desc is None:
            w.total = used
            return w
        w.charges.append((desc, used - at, ante))
        at = limit = used


def kv_gas(op: str, key_len: int, value_len: int) -> int:
    """The SDK's gas for one store access of a key and value of these lengths."""
    if op == "read":
        return READ_FLAT + READ_BYTE * (key_len + value_len)
    if op == "write":
        return WRITE_FLAT + WRITE_BYTE * (key_len + value_len)
    if op == "next":
        return ITER_NEXT + READ_BYTE * (key_len + value_len)
    return DELETE


def parts(w: Walk) -> list[tuple[str, int | str, int]]:
    """(part, count, gas) of one transaction, summing to its gas used."""
    s = w.summary()
    out = [(f"fixed cost of the transaction (ante: size, signature, account; {s['fixed_reads']} reads, "
            f"{s['fixed_writes']} writes)", "", s["fixed"]),
           ("contract instances (60,000 each unpinned, 2,000 for a contract already called in the tx)",
            s["instance_count"], s["instances"]),
           ("in the VM: execution and the called contracts' own store reads and writes (per call, in order: "
            + " + ".join(f"{g:,}" for d, g, _ in w.charges if d == INSIDE_VM) + ")", s["vm_calls"], s["vm"]),
           ("wasmd and bank store reads (contract and code info, balances)", s["read_count"], s["reads"]),
           ("wasmd and bank store writes (balances)", s["write_count"], s["writes"]),
           ("wasmd and bank has / delete / iterator", s["other_store_count"], s["other_store"]),
           ("contract event attributes", "", s["events"])]
    if s["other"]:
        out.append((f"other ({', '.join(sorted(s['other_names']))})", "", s["other"]))
    return out


def rows(name: str, w: Walk, before: Walk | None = None) -> list[str]:
    """Markdown table rows (route | part | count | gas [| before]) summing to the total."""
    now = parts(w)
    old = dict((p[0].split(" (")[0], p) for p in parts(before)) if before else {}
    out = []
    for label, count, gas in now:
        row = f"| {name} | {label} | {count} | {gas:,} |"
        if before:
            b = old.get(label.split(" (")[0])
            row += f" {b[1]} | {b[2]:,} |" if b else " | |"
        out.append(row)
    total = f"| **{name}** | **total** (parts sum to {sum(g for _, _, g in now):,}) | | **{w.total:,}** |"
    if before:
        total += f" | **{before.total:,}** |"
    return out + [total]


def from_json(d: dict) -> Walk:
    return Walk(charges=[tuple(c) for c in d["charges"]], total=d["total"])
