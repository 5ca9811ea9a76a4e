"""The benchmark harness: a deployment on a local wasmd node driven through txclient,
funded benchmark accounts, contract instances made for one measurement, state filled
with multi-message transactions, and the gas of single-message transactions recorded
per contract, message and state size.

Used by scripts/bench.py (the market's gas and throughput) and scripts/bench_contracts.py
(auction, lease, pool and reputation gas).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .chain import ChainError
from .txclient import (Account, Committed, Rpc, RpcError, any_msg, bech32, build_tx, coin, msg_execute,
                      msg_send, pb_bytes, pb_fields, pb_uint, submit, unpack_varints, varint)

DENOM = "ustake"
# Growth of gas between the small and the large state that is flagged: more than this
# fraction and more than GROWTH_FLOOR gas (a longer id in a message costs a few gas).
GROWTH_FRACTION = 0.05
GROWTH_FLOOR = 2_000


@dataclass
class GasRow:
    contract: str
    message: str
    size: str
    gas: int
    note: str = ""


def export_key(name: str) -> Account:
    """A key of the local node's test keyring (a genesis account), as a signer."""
    home = os.environ["LOCALNET_HOME"]
    out = subprocess.run([os.environ.get("WASMD", "wasmd"), "keys", "export", name, "--unarmored-hex", "--unsafe",
                          "--keyring-backend", "test", "--home", home],
                         input="y\n", capture_output=True, text=True, check=True)
    return Account.from_hex(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else out.stderr.strip().splitlines()[-1])


def b64json(msg: dict) -> str:
    return base64.b64encode(json.dumps(msg, separators=(",", ":")).encode()).decode()


class Bench:
    """One benchmark run against one deployment (deployments/<chain-id>.json)."""

    def __init__(self, deployment: dict, chain_id: str, node: str):
        self.rpc = Rpc(node)
        self.chain_id = chain_id
        self.codes = {name: c["code_id"] for name, c in deployment["codes"].items()}
        self.d = deployment["contracts"]
        self.band = self.d["bandcoin"]
        self.admin = self.rpc.sync(export_key("validator"))
        self.minter = self.rpc.sync(export_key("exchange"))
        self.rows: list[GasRow] = []
        self.scaling: list[GasRow] = []
        # Queries read at least the state of the last committed transaction.
        self.seen_height = 0
        self._labels = 0

    # ---- accounts -------------------------------------------------------------------
    def accounts(self, prefix: str, n: int, ustake: int = 10**12) -> list[Account]:
        """n benchmark accounts, funded with `ustake` from the validator (once per label)."""
        accts = [Account.from_label(f"{prefix}-{i}") for i in range(n)]
        fresh = [a for a in accts if not self._exists(a)]
        for chunk in _chunks(fresh, 500):
            self.tx(self.admin, [msg_send(self.admin.address, a.address, DENOM, ustake) for a in chunk])
        self.settle()
        for a in accts:
            self.rpc.sync(a)
        return accts

    def _exists(self, a: Account) -> bool:
        try:
            self.rpc.account(a.address)
            return True
        except (RpcError, KeyError, IndexError):
            return False

    def mint(self, accts: list[Account], amount: int) -> None:
        """Mints Bandcoin to every account (the minter is the deployment's exchange key)."""
        msgs = [{"mint": {"recipient": a.address, "amount": str(amount)}} for a in accts]
        self.execute_many(self.minter, self.band, msgs)

    # ---- transactions -----------------------------------------------------------------
    def tx(self, account: Account, msgs: list[bytes], gas: int | None = None) -> Committed:
        """One transaction of `msgs`, gas from a simulation unless given; raises ChainError."""
        if gas is None:
            self.settle()
            probe = build_tx(account, self.chain_id, msgs, 10**10)
            account.sequence -= 1
            try:
                used = self.rpc.simulate(probe)
            except RpcError as e:
                raise ChainError("simulation", str(e)) from None
            gas = int(used * 1.2) + 50_000
        res = submit(self.rpc, [build_tx(account, self.chain_id, msgs, gas)])[0]
        self.seen_height = max(self.seen_height, res.height)
        if res.code != 0:
            raise ChainError("transaction", res.log)
        return res

    def settle(self) -> None:
        """Waits until the application's state includes the last transaction seen committed:
        a block's results are visible a moment before its state, and a simulation (or an
        account query) runs on the state."""
        for _ in range(500):
            if int(self.rpc.call("abci_info")["response"].get("last_block_height", 0)) >= self.seen_height:
                return
            time.sleep(0.01)

    def quiesce(self, busy: float = 0.2, limit: float = 90.0) -> float:
        """Waits until the node process is idle (below `busy` of one core over two seconds in a
        row), so that a timed run does not pay for the background work (the database's
        compaction, garbage collection) that the writes before it left; returns the seconds
        waited. A timed run's own background work stays in it only while it runs."""
        stat = Path(f"/proc/{(Path(os.environ['LOCALNET_HOME']) / 'node.pid').read_text().strip()}/stat")
        tick = os.sysconf("SC_CLK_TCK")
        cpu = lambda: sum(int(x) for x in stat.read_text().rsplit(")", 1)[1].split()[11:13]) / tick  # noqa: E731
        started, quiet = time.perf_counter(), 0
        while quiet < 2 and time.perf_counter() - started < limit:
            before = cpu()
            time.sleep(1.0)
            quiet = quiet + 1 if cpu() - before < busy else 0
        return time.perf_counter() - started

    def execute(self, account: Account, contract: str, msg: dict, funds: list[tuple[str, int]] = ()) -> Committed:
        return self.tx(account, [msg_execute(account.address, contract, msg, funds)])

    def execute_many(self, account: Account, contract: str, msgs: list[dict], per_tx: int = 250) -> list[Committed]:
        """Many messages to one contract, `per_tx` per transaction, one transaction after another."""
        return [self.tx(account, [msg_execute(account.address, contract, m) for m in chunk])
                for chunk in _chunks(msgs, per_tx)]

    def fill(self, account: Account, contract: str, msgs: list[dict], per_tx: int = 250) -> list[Committed]:
        """Like execute_many, for large uniform state: only the first transaction is
        simulated; the others are signed with its gas (and a margin) and broadcast together."""
        chunks = _chunks(msgs, per_tx)
        if not chunks:
            return []
        first = self.tx(account, [msg_execute(account.address, contract, m) for m in chunks[0]])
        gas = int(first.gas_used * 1.5) + 100_000
        txs = [build_tx(account, self.chain_id, [msg_execute(account.address, contract, m) for m in chunk], gas)
               for chunk in chunks[1:]]
        rest = submit(self.rpc, txs) if txs else []
        self.seen_height = max([self.seen_height] + [r.height for r in rest])
        failed = [r.log for r in rest if r.code != 0]
        if failed:
            raise ChainError(f"fill: {len(failed)} of {len(rest)} transactions", failed[0])
        return [first] + rest

    def send_msg(self, account: Account, contract: str, amount: int, hook: dict) -> bytes:
        """A Bandcoin (cw20) `send` of `amount` into `contract` with `hook` as its Receive message."""
        return msg_execute(account.address, self.band,
                           {"send": {"contract": contract, "amount": str(amount), "msg": b64json(hook)}})

    def pay(self, account: Account, contract: str, amount: int, hook: dict) -> Committed:
        return self.tx(account, [self.send_msg(account, contract, amount, hook)])

    def instantiate(self, account: Account, code: str, msg: dict) -> str:
        """A new instance of `code` (admin: the sender); returns its address."""
        self._labels += 1
        body = (pb_bytes(1, account.address) + pb_bytes(2, account.address) + pb_uint(3, self.codes[code])
                + pb_bytes(4, f"bench-{code}-{self._labels}") + pb_bytes(5, json.dumps(msg)))
        res = self.tx(account, [any_msg("/cosmwasm.wasm.v1.MsgInstantiateContract", body)])
        return res.attr("instantiate", "_contract_address")

    def query(self, contract: str, msg: dict) -> dict:
        return self.rpc.smart_query(contract, msg, self.seen_height)

    def now(self) -> int:
        """The latest block time in seconds."""
        t = self.rpc.call("status")["sync_info"]["latest_block_time"]
        from datetime import datetime
        return int(datetime.fromisoformat(t[:19] + "+00:00").timestamp())

    # ---- raw state (for the size of what a message writes) ------------------------------
    def raw_state(self, contract: str) -> dict[bytes, bytes]:
        """Every key and value a contract has stored."""
        out: dict[bytes, bytes] = {}
        next_key = b""
        while True:
            page = pb_bytes(1, next_key) + pb_uint(3, 1000) if next_key else pb_uint(3, 1000)
            value = self.rpc.abci_query("/cosmwasm.wasm.v1.Query/AllContractState",
                                        pb_bytes(1, contract) + pb_bytes(2, page))
            fields = pb_fields(value)
            for model in fields.get(1, []):
                m = pb_fields(model)
                out[m[1][0]] = m.get(2, [b""])[0]
            next_key = pb_fields(fields[2][0]).get(1, [b""])[0] if 2 in fields else b""
            if not next_key:
                return out

    # ---- governance: pin code in the VM's memory cache ----------------------------------
    def pin_codes(self, code_ids: list[int]) -> None:
        """Pins code through an expedited governance proposal voted by the only validator:
        a pinned contract is kept instantiated in memory and wasmd charges 2,000 gas instead
        of 60,000 to load it."""
        gov = bech32("wasm", hashlib.sha256(b"gov").digest()[:20])
        packed = b"".join(varint(c) for c in code_ids)
        pin = any_msg("/cosmwasm.wasm.v1.MsgPinCodes", pb_bytes(1, gov) + pb_bytes(2, packed))
        proposal = (pb_bytes(1, pin) + pb_bytes(2, coin(DENOM, 50_000_000)) + pb_bytes(3, self.admin.address)
                    + pb_bytes(5, "Pin the spectrum market code") + pb_bytes(6, "Benchmark: hot contract code pinned")
                    + pb_uint(7, 1))
        res = self.tx(self.admin, [any_msg("/cosmos.gov.v1.MsgSubmitProposal", proposal)])
        proposal_id = int(res.attr("submit_proposal", "proposal_id"))
        vote = pb_uint(1, proposal_id) + pb_bytes(2, self.admin.address) + pb_uint(3, 1)
        self.tx(self.admin, [any_msg("/cosmos.gov.v1.MsgVote", vote)])
        import time
        for _ in range(100):
            pinned = pb_fields(self.rpc.abci_query("/cosmwasm.wasm.v1.Query/PinnedCodes", b""))
            ids = set()
            for blob in pinned.get(1, []):
                ids.update(unpack_varints(blob) if isinstance(blob, bytes) else [blob])
            if set(code_ids) <= ids:
                return
            time.sleep(0.5)
        raise ChainError("pin codes", f"proposal {proposal_id} did not pin {code_ids}")

    # ---- results ------------------------------------------------------------------------
    def record(self, contract: str, message: str, size: str, res: Committed | int, note: str = "") -> int:
        gas = res if isinstance(res, int) else res.gas_used
        self.rows.append(GasRow(contract, message, size, gas, note))
        print(f"    {contract:<17} {message:<46} {size:>7} {gas:>12,}", flush=True)
        return gas

    def scale(self, contract: str, what: str, n: int, res: Committed | int, note: str = "") -> int:
        """Records the gas of `what` against `n`, the size that drives it (bids, leases, ...)."""
        gas = res if isinstance(res, int) else res.gas_used
        self.scaling.append(GasRow(contract, what, str(n), gas, note))
        print(f"    {contract:<17} {what:<46} {n:>7} {gas:>12,}", flush=True)
        return gas

    def expect_refusal(self, fn, needle: str) -> str:
        """Runs fn, which must be refused with `needle` in the chain's error text."""
        try:
            fn()
        except ChainError as e:
            if needle not in e.log:
                raise AssertionError(f"expected {needle!r} in the refusal, got: {e.log}") from e
            return e.log
        raise AssertionError(f"expected a refusal containing {needle!r}")


def growth_table(rows: list[GasRow], small: str, large: str) -> list[dict]:
    """Per (contract, message): gas at the small and the large state, and whether it grew
    with the state beyond GROWTH_FRACTION and GROWTH_FLOOR."""
    by_key: dict[tuple[str, str], dict] = {}
    for r in rows:
        entry = by_key.setdefault((r.contract, r.message), {"contract": r.contract, "message": r.message, "note": r.note})
        entry[r.size] = r.gas
        if r.note:
            entry["note"] = r.note
    out = []
    for entry in by_key.values():
        s, lg = entry.get(small), entry.get(large)
        entry["grows"] = bool(s and lg and lg - s > max(GROWTH_FRACTION * s, GROWTH_FLOOR))
        out.append(entry)
    return out


def _chunks(items: list, n: int) -> list[list]:
    return [items[i:i + n] for i in range(0, len(items), n)]
