"""The market's byte encodings in Python: one copy of each, asserted against the vectors
that spectrum-types writes (packages/spectrum-types/vectors.json, which tests/vectors.rs
checks for drift). `python3 -m spectrum_py.encodings` (from scripts/) checks them all.

- commitment:   spectrum_types::auction_clearing::commitment (sealed bids)
- MerkleTree:   spectrum_types::merkle (committed bulk purchases)
- pack_keys:    Recipients::PackedConsumers (explicit bulk purchases)
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from pathlib import Path

VECTORS = Path(__file__).resolve().parents[2] / "packages" / "spectrum-types" / "vectors.json"
PUBKEY_LEN = 33


def commitment(auction_id: int, bidder: str, units: int, price: int, salt: bytes) -> bytes:
    """sha256(auction_id u64 BE ‖ len(bidder) u32 BE ‖ bidder ‖ units u64 BE ‖ price u128 BE ‖ salt)."""
    b = bidder.encode()
    data = (struct.pack(">Q", auction_id) + struct.pack(">I", len(b)) + b + struct.pack(">Q", units)
            + price.to_bytes(16, "big") + salt)
    return hashlib.sha256(data).digest()


def leaf_hash(pubkey: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + pubkey).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class MerkleTree:
    """The tree of a committed bulk purchase: leaves sha256(0x00 ‖ key), nodes
    sha256(0x01 ‖ left ‖ right), an odd last node carried up unchanged."""

    def __init__(self, keys: list[bytes]):
        if not keys:
            raise ValueError("a Merkle tree needs at least one key")
        self.levels = [[leaf_hash(k) for k in keys]]
        while len(self.levels[-1]) > 1:
            level = self.levels[-1]
            up = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                up.append(level[-1])
            self.levels.append(up)

    @property
    def root(self) -> bytes:
        return self.levels[-1][0]

    def proof(self, index: int) -> list[bytes]:
        """The siblings from leaf `index` up to the root (none where a node is carried)."""
        if not 0 <= index < len(self.levels[0]):
            raise IndexError(f"no key at index {index}")
        out = []
        for level in self.levels[:-1]:
            if index ^ 1 < len(level):
                out.append(level[index ^ 1])
            index //= 2
        return out


def merkle_verify(root: bytes, count: int, index: int, pubkey: bytes, proof: list[bytes]) -> bool:
    """spectrum_types::merkle::verify: `pubkey` is at `index` of the `count` keys of `root`."""
    if not 0 <= index < count or len(root) != 32:
        return False
    node, idx, width, siblings = leaf_hash(pubkey), index, count, iter(proof)
    while width > 1:
        if not (idx == width - 1 and width % 2 == 1):
            sibling = next(siblings, None)
            if sibling is None or len(sibling) != 32:
                return False
            node = node_hash(node, sibling) if idx % 2 == 0 else node_hash(sibling, node)
        idx //= 2
        width = (width + 1) // 2
    return next(siblings, None) is None and node == root


def pack_keys(keys: list[bytes]) -> bytes:
    """The keys of an explicit bulk purchase, concatenated (Recipients::PackedConsumers)."""
    for i, k in enumerate(keys):
        if len(k) != PUBKEY_LEN or k[0] not in (2, 3):
            raise ValueError(f"consumer key {i} is not a 33-byte compressed secp256k1 key")
    return b"".join(keys)


def _b(text: str) -> bytes:
    return base64.b64decode(text)


def _vector_keys(count: int) -> list[bytes]:
    return [b"\x02" + hashlib.sha256(struct.pack(">Q", i)).digest() for i in range(count)]


def check_vectors(path: Path = VECTORS) -> dict:
    """Asserts every commitment, Merkle and packed-keys vector; returns how many of each."""
    v = json.loads(path.read_text())
    for c in v["commitments"]:
        got = commitment(int(c["auction_id"]), c["bidder"], int(c["units"]), int(c["price"]), _b(c["salt"]))
        assert got == _b(c["commitment"]), f"commitment differs from spectrum-types on {c}"
    proofs = 0
    for m in v["merkle"]:
        keys = _vector_keys(m["count"])
        assert hashlib.sha256(b"".join(keys)).digest() == _b(m["keys_sha256"]), f"keys of count {m['count']}"
        tree = MerkleTree(keys)
        assert tree.root == _b(m["root"]), f"Merkle root differs for count {m['count']}"
        for p in m["proofs"]:
            assert tree.proof(p["index"]) == [_b(s) for s in p["proof"]], f"proof {p['index']} of {m['count']}"
            assert merkle_verify(tree.root, m["count"], p["index"], keys[p["index"]], tree.proof(p["index"]))
            proofs += 1
        for r in m["refused"]:
            ok = merkle_verify(tree.root, r["count"], r["index"], _b(r["key"]), [_b(s) for s in r["proof"]])
            assert ok == r["valid"], f"verify of '{r['what']}' (count {m['count']}) should be {r['valid']}"
    for p in v["packed_keys"]:
        assert pack_keys([_b(k) for k in p["keys"]]) == _b(p["packed"]), "packed keys differ"
    counts = {"commitments": len(v["commitments"]), "merkle proofs": proofs, "packed keys": len(v["packed_keys"])}
    assert all(counts.values()), f"a kind of vector is missing from {path}: {counts}"
    return counts


if __name__ == "__main__":
    print(", ".join(f"{n} {what}" for what, n in check_vectors().items()), "match spectrum-types' vectors")
