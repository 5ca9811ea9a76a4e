"""Consumer keys for demos and tests: secp256k1 compressed public keys (33 bytes,
base64, as the market expects for delegated and bulk grants), derived from
deterministic private keys in pure Python. Not for production key handling."""

from __future__ import annotations

import base64
import hashlib

P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return x, (lam * (a[0] - x) - a[1]) % P


def _mul(k: int, point=G):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def private_key(label: str) -> int:
    """A deterministic private key for a label (demo and test use only)."""
    return int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % (N - 1) + 1


def public_key_b64(label: str) -> str:
    """Base64 of the 33-byte compressed public key of `label`'s key."""
    x, y = _mul(private_key(label))
    return base64.b64encode(bytes([2 + (y & 1)]) + x.to_bytes(32, "big")).decode()


if __name__ == "__main__":
    for i in range(3):
        print(public_key_b64(f"consumer-{i}"))
