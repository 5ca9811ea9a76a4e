"""A small client for a wasmd chain, driving the `wasmd` CLI: sign and broadcast
real transactions, wait for them to commit, query contracts and balances.

Used by scripts/deploy, scripts/demo and the end-to-end test. Standard library only.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


ANSI = re.compile(r"\x1b\[[0-9;]*m")
NODE_DOWN = re.compile(r"connection refused|connection reset|no route to host|i/o timeout", re.I)
CONTRACT_ERROR = re.compile(r"message index: \d+: (.*?)(?:: (?:execute|instantiate|query) wasm contract failed|: wasmvm error| \[CosmWasm)")


class ChainError(Exception):
    """A transaction or query the chain refused; `log` holds the chain's text and
    `reason` the contract's own error text when the chain reports one."""

    def __init__(self, what: str, log: str, gas_used: int = 0):
        self.log = ANSI.sub("", log)
        m = CONTRACT_ERROR.search(self.log)
        self.reason = m.group(1) if m else self.log.splitlines()[-1] if self.log else ""
        super().__init__(f"{what}: {self.reason}")
        self.gas_used = gas_used


@dataclass
class TxResult:
    txhash: str
    height: int
    gas_used: int
    gas_wanted: int
    events: list = field(default_factory=list)
    seconds: float = 0.0

    def attr(self, event_type: str, key: str) -> str | None:
        """The first value of `key` in an event of `event_type` (wasm events are `wasm`)."""
        return event_attr(self.events, event_type, key)

    def attrs(self, event_type: str, key: str) -> list[str]:
        return [a.get("value") for ev in self.events if ev.get("type") == event_type
                for a in ev.get("attributes", []) if a.get("key") == key]


@dataclass
class Chain:
    binary: str
    home: str
    node: str
    chain_id: str
    gas_prices: str = "0ustake"
    gas_adjustment: str = "1.4"
    keyring: str = "test"
    env: dict = field(default_factory=lambda: dict(os.environ))
    _addr_cache: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls) -> "Chain":
        """The chain named by the environment (set by scripts/lib.sh), defaulting to the local one."""
        cache = os.environ.get("WASMD_CACHE", "")
        env = dict(os.environ)
        if cache:
            env["LD_LIBRARY_PATH"] = cache + ":" + env.get("LD_LIBRARY_PATH", "")
        return cls(
            binary=os.environ.get("WASMD", "wasmd"),
            home=os.environ.get("LOCALNET_HOME", str(ROOT / ".localnet")),
            node=os.environ.get("NODE", "tcp://127.0.0.1:26657"),
            chain_id=os.environ.get("CHAIN_ID", "spectrum-local"),
            gas_prices=os.environ.get("GAS_PRICES", "0ustake"),
            env=env,
        )

    # ---- plumbing -------------------------------------------------------------
    def _run(self, args: list[str], check: bool = True) -> subprocess.CompletedProcess:
        cmd = [self.binary, *args, "--home", self.home]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
        if proc.returncode != 0 and NODE_DOWN.search(proc.stderr or ""):
            # A dead node: name it, whatever the command (check or not).
            raise ChainError(" ".join(args[:3]), f"node {self.node} is not answering: "
                             + (proc.stderr.strip().splitlines() or [""])[-1])
        if check and proc.returncode != 0:
            raise ChainError(" ".join(args[:3]), (proc.stderr or proc.stdout).strip())
        return proc

    def _json(self, args: list[str]) -> dict:
        proc = self._run([*args, "--node", self.node, "-o", "json"])
        return json.loads(proc.stdout)

    def addr(self, key: str) -> str:
        """The address of a key in the keyring."""
        if key not in self._addr_cache:
            out = self._run(["keys", "show", key, "-a", "--keyring-backend", self.keyring]).stdout.strip()
            self._addr_cache[key] = out
        return self._addr_cache[key]

    def height(self) -> int:
        out = self._run(["status", "--node", self.node]).stdout
        d = json.loads(out)
        info = d.get("sync_info") or d.get("SyncInfo")
        return int(info["latest_block_height"])

    def check_committing(self, seconds: float = 15.0) -> int:
        """Returns the latest height once the node answers and a new block commits; raises
        ChainError naming the node when it does not answer, or when no block commits within
        `seconds` (a network without quorum: more than 1/3 of the voting power down)."""
        first = self.height()
        deadline = time.time() + seconds
        while time.time() < deadline:
            time.sleep(0.25)
            h = self.height()
            if h > first:
                return h
        raise ChainError("status", f"the network behind {self.node} commits no blocks: height {first} "
                         f"for {seconds:.0f}s (no quorum: more than 1/3 of the validators down?)")

    # ---- transactions -----------------------------------------------------------
    def broadcast(self, args: list[str], key: str, gas: str | int = "auto") -> str:
        """Signs and broadcasts; returns the tx hash once the mempool accepted it."""
        flags = ["--from", key, "--chain-id", self.chain_id, "--node", self.node,
                 "--keyring-backend", self.keyring, "--gas", str(gas), "--gas-prices", self.gas_prices,
                 "--broadcast-mode", "sync", "-y", "-o", "json"]
        if str(gas) == "auto":
            flags += ["--gas-adjustment", self.gas_adjustment]
        proc = self._run(["tx", *args, *flags], check=False)
        text = proc.stdout.strip() or proc.stderr.strip()
        try:
            resp = json.loads(text.splitlines()[-1]) if text.startswith("{") else None
        except json.JSONDecodeError:
            resp = None
        if proc.returncode != 0 or resp is None:
            # Simulation (--gas auto) runs the contract: its error text is here.
            raise ChainError(" ".join(args[:3]), (proc.stderr or proc.stdout).strip())
        if int(resp.get("code", 0)) != 0:
            raise ChainError(" ".join(args[:3]), resp.get("raw_log", ""))
        return resp["txhash"]

    def wait(self, txhash: str, timeout: float = 60.0) -> TxResult:
        """Waits until the transaction is in a block; raises ChainError if it failed."""
        deadline = time.time() + timeout
        while True:
            proc = self._run(["query", "tx", txhash, "--node", self.node, "-o", "json"], check=False)
            if proc.returncode == 0 and proc.stdout.strip().startswith("{"):
                d = json.loads(proc.stdout)
                res = TxResult(d["txhash"], int(d["height"]), int(d.get("gas_used", 0)),
                               int(d.get("gas_wanted", 0)), d.get("events", []))
                if int(d.get("code", 0)) != 0:
                    raise ChainError("tx " + txhash, d.get("raw_log", ""), res.gas_used)
                return res
            if time.time() > deadline:
                raise ChainError("tx " + txhash, f"not committed within {timeout:.0f}s on {self.node} (is the network committing blocks?)")
            time.sleep(0.2)

    def tx(self, args: list[str], key: str, gas: str | int = "auto") -> TxResult:
        started = time.time()
        res = self.wait(self.broadcast(args, key, gas))
        res.seconds = time.time() - started
        return res

    # ---- wasm ---------------------------------------------------------------------
    def store(self, wasm: Path, key: str) -> tuple[int, TxResult]:
        res = self.tx(["wasm", "store", str(wasm)], key)
        return int(res.attr("store_code", "code_id")), res

    def instantiate(self, code_id: int, msg: dict, label: str, key: str, admin: str | None = None) -> tuple[str, TxResult]:
        admin_flags = ["--admin", admin] if admin else ["--no-admin"]
        res = self.tx(["wasm", "instantiate", str(code_id), json.dumps(msg), "--label", label, *admin_flags], key)
        return res.attr("instantiate", "_contract_address"), res

    def execute(self, contract: str, msg: dict, key: str, funds: str | None = None, gas: str | int = "auto") -> TxResult:
        args = ["wasm", "execute", contract, json.dumps(msg)]
        if funds:
            args += ["--amount", funds]
        return self.tx(args, key, gas)

    def query(self, contract: str, msg: dict) -> dict:
        try:
            return self._json(["query", "wasm", "contract-state", "smart", contract, json.dumps(msg)])["data"]
        except ChainError:
            raise
        except Exception as e:  # malformed output
            raise ChainError("query " + contract, str(e))

    def contract_exists(self, contract: str) -> bool:
        proc = self._run(["query", "wasm", "contract", contract, "--node", self.node, "-o", "json"], check=False)
        return proc.returncode == 0

    def code_checksum(self, code_id: int) -> str | None:
        proc = self._run(["query", "wasm", "code-info", str(code_id), "--node", self.node, "-o", "json"], check=False)
        if proc.returncode != 0:
            return None
        d = json.loads(proc.stdout)
        return (d.get("checksum") or d.get("data_hash") or "").lower()

    def balance(self, address: str, denom: str = "ustake") -> int:
        d = self._json(["query", "bank", "balance", address, denom])
        return int(d["balance"]["amount"])

    def cw20_balance(self, token: str, address: str) -> int:
        return int(self.query(token, {"balance": {"address": address}})["balance"])

    def cw20_send(self, token: str, key: str, contract: str, amount: int, hook: dict, gas: str | int = "auto") -> TxResult:
        """Pays `amount` Bandcoin into `contract` with `hook` as its Receive message."""
        msg = {"send": {"contract": contract, "amount": str(amount),
                        "msg": base64.b64encode(json.dumps(hook).encode()).decode()}}
        return self.execute(token, msg, key, gas=gas)


def event_attr(events: list, event_type: str, key: str) -> str | None:
    """The first value of `key` in an event of `event_type` of a committed transaction."""
    for ev in events:
        if ev.get("type") == event_type:
            for a in ev.get("attributes", []):
                if a.get("key") == key:
                    return a.get("value")
    return None


def expect_error(fn, *needles: str) -> str:
    """Runs fn, which must fail with a ChainError whose text contains every needle."""
    try:
        fn()
    except ChainError as e:
        for n in needles:
            if n not in e.log:
                raise AssertionError(f"expected {n!r} in the chain's error, got: {e.log}") from e
        return e.reason
    raise AssertionError(f"expected the chain to refuse, with {needles}")
