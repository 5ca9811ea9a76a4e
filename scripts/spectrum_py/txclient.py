"""A fast transaction client for the benchmarks: accounts from deterministic private
keys, transactions of many messages built and signed in Python (protobuf, SIGN_MODE_DIRECT,
secp256k1 with RFC 6979 nonces) and broadcast over CometBFT's RPC, with commit times
observed block by block.

The `wasmd` CLI (spectrum_py/chain.py) starts a process per call, about 0.3 s: fine for a
demo, too slow to pre-sign thousands of transactions or to time broadcast-to-commit.
Standard library only; for local benchmark keys, never for real funds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from .chain import event_attr
from .keys import G, N, _mul

# ---- protobuf (the few wire types a transaction needs) ---------------------------------


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def pb_bytes(field_no: int, value: bytes | str) -> bytes:
    """A length-delimited field (bytes, string or embedded message)."""
    if isinstance(value, str):
        value = value.encode()
    return varint(field_no << 3 | 2) + varint(len(value)) + value


def pb_uint(field_no: int, value: int) -> bytes:
    """A varint field; zero is omitted, as proto3 does."""
    return varint(field_no << 3) + varint(value) if value else b""


def pb_fields(data: bytes) -> dict[int, list]:
    """Decodes one message level: field number -> values (ints or bytes)."""
    out: dict[int, list] = {}
    i = 0
    while i < len(data):
        key, i = read_varint(data, i)
        wire = key & 7
        if wire == 0:
            value, i = read_varint(data, i)
        elif wire == 2:
            length, i = read_varint(data, i)
            value, i = data[i:i + length], i + length
        elif wire == 1:
            value, i = data[i:i + 8], i + 8
        elif wire == 5:
            value, i = data[i:i + 4], i + 4
        else:
            raise ValueError(f"protobuf wire type {wire}")
        out.setdefault(key >> 3, []).append(value)
    return out


def read_varint(data: bytes, i: int) -> tuple[int, int]:
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def unpack_varints(blob: bytes) -> list[int]:
    """A packed repeated varint field."""
    out, i = [], 0
    while i < len(blob):
        value, i = read_varint(blob, i)
        out.append(value)
    return out


def coin(denom: str, amount: int) -> bytes:
    return pb_bytes(1, denom) + pb_bytes(2, str(amount))


def any_msg(type_url: str, value: bytes) -> bytes:
    return pb_bytes(1, type_url) + pb_bytes(2, value)


def msg_execute(sender: str, contract: str, msg: dict, funds: list[tuple[str, int]] = ()) -> bytes:
    """A cosmwasm.wasm.v1.MsgExecuteContract, wrapped in Any."""
    body = pb_bytes(1, sender) + pb_bytes(2, contract) + pb_bytes(3, json.dumps(msg, separators=(",", ":")))
    for denom, amount in funds:
        body += pb_bytes(5, coin(denom, amount))
    return any_msg("/cosmwasm.wasm.v1.MsgExecuteContract", body)


def msg_send(sender: str, to: str, denom: str, amount: int) -> bytes:
    """A cosmos.bank.v1beta1.MsgSend, wrapped in Any."""
    body = pb_bytes(1, sender) + pb_bytes(2, to) + pb_bytes(3, coin(denom, amount))
    return any_msg("/cosmos.bank.v1beta1.MsgSend", body)


# ---- keys and signatures --------------------------------------------------------------------

BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bech32(prefix: str, data: bytes) -> str:
    words, acc, bits = [], 0, 0
    for b in data:
        acc = acc << 8 | b
        bits += 8
        while bits >= 5:
            bits -= 5
            words.append(acc >> bits & 31)
    if bits:
        words.append(acc << (5 - bits) & 31)
    hrp = [ord(c) >> 5 for c in prefix] + [0] + [ord(c) & 31 for c in prefix]
    poly = _bech32_polymod(hrp + words + [0] * 6) ^ 1
    checksum = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return prefix + "1" + "".join(BECH32_CHARSET[w] for w in words + checksum)


def _rfc6979_k(secret: int, digest: bytes) -> int:
    x = secret.to_bytes(32, "big")
    h = (int.from_bytes(digest, "big") % N).to_bytes(32, "big")
    v, k = b"\x01" * 32, b"\x00" * 32
    k = hmac.new(k, v + b"\x00" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    k = hmac.new(k, v + b"\x01" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    while True:
        v = hmac.new(k, v, hashlib.sha256).digest()
        candidate = int.from_bytes(v, "big")
        if 1 <= candidate < N:
            return candidate
        k = hmac.new(k, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k, v, hashlib.sha256).digest()


def sign(secret: int, message: bytes) -> bytes:
    """A 64-byte secp256k1 signature (r || s, low s) of sha256(message)."""
    digest = hashlib.sha256(message).digest()
    z = int.from_bytes(digest, "big")
    k = _rfc6979_k(secret, digest)
    r = _mul(k, G)[0] % N
    s = pow(k, -1, N) * (z + r * secret) % N
    if s > N // 2:
        s = N - s
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


@dataclass
class Account:
    """A key the benchmark controls: address, public key, account number and next sequence."""

    secret: int
    prefix: str = "wasm"
    number: int = 0
    sequence: int = 0
    pubkey: bytes = b""
    address: str = ""

    def __post_init__(self):
        x, y = _mul(self.secret, G)
        self.pubkey = bytes([2 + (y & 1)]) + x.to_bytes(32, "big")
        h = hashlib.new("ripemd160", hashlib.sha256(self.pubkey).digest()).digest()
        self.address = bech32(self.prefix, h)

    @classmethod
    def from_label(cls, label: str) -> "Account":
        secret = int.from_bytes(hashlib.sha256(("bench:" + label).encode()).digest(), "big") % (N - 1) + 1
        return cls(secret)

    @classmethod
    def from_hex(cls, hex_secret: str) -> "Account":
        return cls(int(hex_secret, 16))


def build_tx(account: Account, chain_id: str, messages: list[bytes], gas: int, memo: str = "") -> bytes:
    """A signed TxRaw with `messages`, using and then advancing the account's sequence."""
    body = b"".join(pb_bytes(1, m) for m in messages) + (pb_bytes(2, memo) if memo else b"")
    pubkey = any_msg("/cosmos.crypto.secp256k1.PubKey", pb_bytes(1, account.pubkey))
    mode = pb_bytes(1, pb_uint(1, 1))  # single { mode: SIGN_MODE_DIRECT }
    signer = pb_bytes(1, pubkey) + pb_bytes(2, mode) + pb_uint(3, account.sequence)
    auth_info = pb_bytes(1, signer) + pb_bytes(2, pb_uint(2, gas))
    sign_doc = pb_bytes(1, body) + pb_bytes(2, auth_info) + pb_bytes(3, chain_id) + pb_uint(4, account.number)
    account.sequence += 1
    return pb_bytes(1, body) + pb_bytes(2, auth_info) + pb_bytes(3, sign(account.secret, sign_doc))


def tx_hash(tx: bytes) -> str:
    return hashlib.sha256(tx).hexdigest().upper()


# ---- the node's RPC -----------------------------------------------------------------------


class RpcError(Exception):
    pass


class NodeDown(RpcError):
    """The node's RPC does not answer (refused, reset or timed out); the message names it."""


@dataclass
class Committed:
    """A transaction in a committed block."""

    hash: str
    height: int
    code: int
    gas_used: int
    gas_wanted: int
    log: str
    events: list = field(default_factory=list)
    broadcast_at: float = 0.0
    committed_at: float = 0.0

    @property
    def latency(self) -> float:
        return self.committed_at - self.broadcast_at

    def attr(self, event_type: str, key: str) -> str | None:
        return event_attr(self.events, event_type, key)


class Rpc:
    """CometBFT JSON-RPC over HTTP."""

    def __init__(self, url: str = "http://127.0.0.1:26657", timeout: float = 120.0):
        self.url = url.replace("tcp://", "http://")
        self.timeout = timeout

    def call(self, method: str, **params) -> dict:
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()
        req = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                out = json.loads(resp.read())
        except urllib.error.HTTPError as e:  # the node answered, with an error
            raise RpcError(f"{method}: HTTP {e.code} from {self.url}") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            # A dead or unreachable node: say which one, not just "connection refused".
            reason = getattr(e, "reason", e)
            raise NodeDown(f"node {self.url} is not answering ({method}): {reason}") from None
        if "error" in out:
            raise RpcError(f"{method}: {out['error']}")
        return out["result"]

    def height(self) -> int:
        return int(self.call("status")["sync_info"]["latest_block_height"])

    def abci_query(self, path: str, data: bytes, height: int = 0) -> bytes:
        """A query at `height` (0: the latest). A height the app has not committed yet is
        waited for: a block's results are visible a moment before its state."""
        params = {"path": path, "data": data.hex()}
        if height:
            params["height"] = str(height)
        for _ in range(200):
            res = self.call("abci_query", **params)["response"]
            if height and int(res.get("code", 0)) != 0 and "in the future" in (res.get("log") or ""):
                time.sleep(0.02)
                continue
            break
        if int(res.get("code", 0)) != 0:
            raise RpcError(f"{path}: {res.get('log')}")
        return base64.b64decode(res.get("value") or "")

    def account(self, address: str) -> tuple[int, int]:
        """(account number, sequence) of an account that exists on chain."""
        value = self.abci_query("/cosmos.auth.v1beta1.Query/Account", pb_bytes(1, address))
        any_ = pb_fields(pb_fields(value)[1][0])
        base = pb_fields(any_[2][0])
        return base.get(3, [0])[0], base.get(4, [0])[0]

    def sync(self, account: Account) -> Account:
        account.number, account.sequence = self.account(account.address)
        return account

    def smart_query(self, contract: str, msg: dict, height: int = 0) -> dict:
        data = pb_bytes(1, contract) + pb_bytes(2, json.dumps(msg))
        value = self.abci_query("/cosmwasm.wasm.v1.Query/SmartContractState", data, height)
        return json.loads(pb_fields(value)[1][0])

    def simulate(self, tx: bytes) -> int:
        """Gas used by `tx` in simulation (the contract runs; its error is raised)."""
        value = self.abci_query("/cosmos.tx.v1beta1.Service/Simulate", pb_bytes(2, tx))
        gas_info = pb_fields(pb_fields(value)[1][0])
        return gas_info.get(2, [0])[0]

    def broadcast(self, tx: bytes) -> str:
        """Submits `tx` to the mempool (CheckTx); returns its hash."""
        res = self.call("broadcast_tx_sync", tx=base64.b64encode(tx).decode())
        if int(res.get("code", 0)) != 0:
            raise RpcError(f"CheckTx refused: {res.get('log')}")
        return res["hash"]

    def block_results(self, height: int) -> list[dict]:
        """The results of every transaction in a committed block, in block order."""
        return self.call("block_results", height=str(height))["txs_results"] or []

    def block_tx_hashes(self, height: int) -> list[str]:
        """The hash of every transaction in a committed block, in block order."""
        txs = self.call("block", height=str(height))["block"]["data"]["txs"] or []
        return [tx_hash(base64.b64decode(t)) for t in txs]


def tx_signature(tx: bytes) -> str:
    """The first signature of a TxRaw, base64-encoded as the SDK's `tx` event reports it."""
    return base64.b64encode(pb_fields(tx)[3][0]).decode()


def submit(rpc: Rpc, txs: list[bytes], timeout: float = 300.0, poll: float = 0.02,
           workers: int = 1) -> list[Committed]:
    """Broadcasts every transaction at once and follows the chain block by block until all
    are committed. Each result carries its broadcast time and the time its block was seen
    committed, so latency is broadcast-to-commit as a client observes it.

    With `workers` > 1 the transactions are broadcast from that many threads, as that many
    clients would: only for transactions of distinct signers, whose order does not matter
    (one signer's sequence numbers must reach the mempool in order).

    Results are matched to transactions by the signature in the SDK's `tx` event, so the
    client reads only `block_results`: fetching whole blocks of large transactions would
    load the node it measures. A block with a result that lacks the event (a transaction
    refused by the ante handler at execution) is matched by position from the block."""
    start_height = rpc.height()
    pending: dict[str, tuple[str, float]] = {}  # signature -> (hash, broadcast time)
    def send(tx: bytes) -> None:
        sig = tx_signature(tx)
        pending[sig] = (tx_hash(tx), time.perf_counter())
        rpc.broadcast(tx)

    order = [tx_signature(tx) for tx in txs]
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(send, txs))  # re-raises a refused broadcast
    else:
        for tx in txs:
            send(tx)
    done: dict[str, Committed] = {}
    seen = start_height
    deadline = time.perf_counter() + timeout
    while pending:
        tip = rpc.height()
        now = time.perf_counter()
        for height in range(seen + 1, tip + 1):
            try:
                results = rpc.block_results(height)
            except RpcError:  # the block is stored a moment before its results: next poll
                break
            sigs = [event_attr(r.get("events", []), "tx", "signature") for r in results]
            if None in sigs:
                hashes = rpc.block_tx_hashes(height)
                by_hash = {h: sig for sig, (h, _) in pending.items()}
                sigs = [by_hash.get(h) for h in hashes]
            for sig, r in zip(sigs, results):
                if sig in pending:
                    h, sent = pending.pop(sig)
                    done[sig] = Committed(h, height, int(r.get("code", 0)), int(r.get("gas_used", 0)),
                                          int(r.get("gas_wanted", 0)), r.get("log", ""), r.get("events", []),
                                          sent, now)
            seen = height
        if time.perf_counter() > deadline:
            raise RpcError(f"{len(pending)} transactions not committed in {timeout:.0f}s")
        if pending:
            time.sleep(poll)
    return [done[s] for s in order]


def submit_ok(rpc: Rpc, txs: list[bytes], what: str) -> list[Committed]:
    """`submit`, raising if any transaction failed in its block."""
    results = submit(rpc, txs)
    for r in results:
        if r.code != 0:
            raise RpcError(f"{what}: {r.log}")
    return results
