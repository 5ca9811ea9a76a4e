"""Stores every artifact and instantiates the contracts wired together:
node-reputation first, Bandcoin (cw20-base, minter = the exchange key), then the
market (paid in Bandcoin, the auction as clearing house available to providers),
the auction, the lease registry and the unlicensed pool, each with the reputation
gate; the paying contracts are registered as reputation reporters.

Writes code ids and addresses to deployments/<chain-id>.json. Idempotent: a code
whose checksum is already stored under the recorded id, and a contract that exists
with the recorded code, are reused unless --redeploy is given.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from spectrum_py.chain import ROOT, Chain, ChainError

ARTIFACTS = ROOT / "artifacts"
CODES = ["cw20_base", "node_reputation", "bandwidth_market", "auction_clearing", "spectrum_lease", "unlicensed_pool"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def instantiate_msgs(chain: Chain, deployer: str, d: dict) -> dict:
    """Instantiate messages by contract, given the addresses already deployed in d."""
    admin = chain.addr(deployer)
    gate = lambda: {"contract": d["node_reputation"], "min_score": "0.3"}  # noqa: E731
    bandcoin = lambda: {"cw20": {"contract": d["bandcoin"]}}  # noqa: E731
    return {
        "node_reputation": lambda: {
            "admin": admin, "quorum": 1, "application_expiry_seconds": 86_400, "phi": "0.5",
            "threshold": "0.3", "min_interactions": 3, "operator_interval_seconds": 1,
            "authorized": [chain.addr("authority")], "reporters": [],
        },
        "bandcoin": lambda: {
            "name": "Bandcoin", "symbol": "BAND", "decimals": 6, "initial_balances": [],
            "mint": {"minter": chain.addr("exchange")},
        },
        "bandwidth_market": lambda: {
            "admin": admin, "payment": bandcoin(), "reputation_gate": gate(),
            "epoch_seconds": 3_600, "reputation_recorder": d["node_reputation"],
        },
        "auction_clearing": lambda: {
            "admin": admin, "payment": bandcoin(), "market": d["bandwidth_market"],
            "reputation_gate": gate(),
        },
        "spectrum_lease": lambda: {
            "admin": admin, "payment": bandcoin(), "reputation_gate": gate(),
            "bucket_seconds": 5, "reputation_recorder": d["node_reputation"],
        },
        "unlicensed_pool": lambda: {
            "admin": admin, "total_bandwidth_hz": 540000000, "initial_supply": "1800000000",
            "slot_seconds": 1, "members": [],
            "reputation_gate": gate(),
        },
    }


# contract name -> code it runs (the token is stored as cw20_base, deployed as bandcoin)
CONTRACTS = [("node_reputation", "node_reputation"), ("bandcoin", "cw20_base"),
             ("bandwidth_market", "bandwidth_market"), ("auction_clearing", "auction_clearing"),
             ("spectrum_lease", "spectrum_lease"), ("unlicensed_pool", "unlicensed_pool")]
REPORTERS = ["bandwidth_market", "auction_clearing", "spectrum_lease", "unlicensed_pool"]


def deploy(chain: Chain, deployer: str, redeploy: bool, log=print) -> dict:
    # A network without quorum accepts transactions into its mempool and never commits
    # them: find out first, and stop with a clear message instead of waiting per transaction.
    chain.check_committing(float(os.environ.get("DEPLOY_QUORUM_TIMEOUT", "15")))
    out_file = ROOT / "deployments" / f"{chain.chain_id}.json"
    record = json.loads(out_file.read_text()) if out_file.exists() and not redeploy else {}
    codes = record.get("codes", {})
    contracts = record.get("contracts", {})
    gas = record.get("gas", {})

    for name in CODES:
        wasm = ARTIFACTS / f"{name}.wasm"
        if not wasm.exists():
            sys.exit(f"missing {wasm}: run scripts/build first")
        checksum = sha256(wasm)
        known = codes.get(name)
        if known and known["checksum"] == checksum and chain.code_checksum(known["code_id"]) == checksum:
            log(f"  code {name:<18} reused   code id {known['code_id']}")
            continue
        code_id, res = chain.store(wasm, deployer)
        codes[name] = {"code_id": code_id, "checksum": checksum}
        gas[f"store {name}"] = res.gas_used
        log(f"  code {name:<18} stored   code id {code_id} (gas {res.gas_used:,})")
        # A new code means the contracts running the old one are redeployed.
        for cname, code in CONTRACTS:
            if code == name:
                contracts.pop(cname, None)

    msgs = instantiate_msgs(chain, deployer, contracts)
    for cname, code in CONTRACTS:
        if cname in contracts and chain.contract_exists(contracts[cname]):
            log(f"  contract {cname:<18} reused   {contracts[cname]}")
            continue
        addr, res = chain.instantiate(codes[code]["code_id"], msgs[cname](), cname.replace("_", "-"),
                                      deployer, admin=chain.addr(deployer))
        contracts[cname] = addr
        msgs = instantiate_msgs(chain, deployer, contracts)
        gas[f"instantiate {cname}"] = res.gas_used
        log(f"  contract {cname:<18} created  {addr} (gas {res.gas_used:,})")

    reporters = set(chain.query(contracts["node_reputation"], {"reporters": {"limit": 30}})["addresses"])
    for cname in REPORTERS:
        if contracts[cname] not in reporters:
            res = chain.execute(contracts["node_reputation"], {"add_reporter": {"address": contracts[cname]}}, deployer)
            gas[f"register reporter {cname}"] = res.gas_used
            log(f"  reporter {cname:<18} registered in node-reputation (gas {res.gas_used:,})")

    record = {"chain_id": chain.chain_id, "node": chain.node, "codes": codes, "contracts": contracts, "gas": gas}
    out_file.parent.mkdir(exist_ok=True)
    out_file.write_text(json.dumps(record, indent=2) + "\n")
    log(f"  wrote {out_file.relative_to(ROOT)}")
    return record


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--key", default="validator", help="key that pays for and administers the deployment")
    p.add_argument("--redeploy", action="store_true", help="store and instantiate everything anew")
    args = p.parse_args()
    try:
        deploy(Chain.from_env(), args.key, args.redeploy)
    except ChainError as e:
        sys.exit(f"deploy stopped: {e}")


if __name__ == "__main__":
    main()
