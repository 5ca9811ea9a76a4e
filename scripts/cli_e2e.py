"""The `spectrum` CLI against a real wasmd node (part of scripts/e2e, after the demo):
runs the real binary with --json and asserts what it prints. Covers posting, a buy at the
exact quoted price, explicit and committed bulk purchases, a Merkle proof checked with
verify_grant, access proofs checked with verify_access, a sealed-bid auction (commit with
a 0600 bid file, reveal from it, clear), a lease paid at its quote, queries of every
contract, a chain refusal (exit 1 with the contract's text), a dead node (exit 1, named)
and bad input (exit 2, nothing signed: no balance or sequence moves).

Environment: as scripts/e2e.py (WASMD, LOCALNET_HOME, NODE, CHAIN_ID), plus SPECTRUM,
the binary to test."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spectrum_py.chain import ROOT, Chain

SPECTRUM = os.environ.get("SPECTRUM", str(ROOT / "target" / "debug" / "spectrum"))


class Cli:
    def __init__(self, chain: Chain, bids_dir: str):
        self.c = chain
        self.env = dict(chain.env)
        self.env.update({"WASMD": chain.binary, "LOCALNET_HOME": chain.home, "NODE": chain.node,
                         "CHAIN_ID": chain.chain_id, "KEYRING_BACKEND": chain.keyring,
                         "GAS_PRICES": chain.gas_prices, "SPECTRUM_BIDS": bids_dir})
        self.count = 0

    def run(self, *args: str, key: str | None = None, expect: int = 0) -> dict:
        cmd = [SPECTRUM, "--json", *(["--from", key] if key else []), *args]
        started = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=self.env, cwd=ROOT)
        self.count += 1
        if proc.returncode != expect:
            sys.exit(f"cli e2e FAILED: {' '.join(cmd[1:])} exited {proc.returncode}, expected {expect}\n"
                     f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        out = json.loads(proc.stdout) if proc.stdout.strip() else {}
        out["_seconds"] = time.time() - started
        out["_stderr"] = proc.stderr
        return out


def check(cond: bool, what: str) -> None:
    if not cond:
        sys.exit(f"cli e2e FAILED: {what}")
    print(f"  ok  {what}", flush=True)


def sequence(c: Chain, key: str) -> int:
    d = c._json(["query", "auth", "account", c.addr(key)])
    acc = d.get("account", d)
    acc = acc.get("value", acc)
    return int(acc.get("sequence", 0) or 0)


def main() -> None:
    chain = Chain.from_env()
    work = Path(tempfile.mkdtemp(prefix="spectrum-cli-e2e."))
    cli = Cli(chain, str(work / "bids"))
    band = lambda key: int(cli.run("bandcoin", "balance", chain.addr(key))["balance"])  # noqa: E731

    print("\n[spectrum CLI on the node]", flush=True)
    epoch = cli.run("market", "epoch")
    check({"epoch", "now", "epoch_seconds"} <= set(epoch), "market epoch answers the current epoch and block time")
    info = cli.run("bandcoin", "info")
    check(info["symbol"] == "BAND" and info["decimals"] == 6, "bandcoin info: BAND with 6 decimals")
    before = band("consumer")
    cli.run("bandcoin", "mint", "--to", chain.addr("consumer"), "--amount", "2.5BAND", key="exchange")
    check(band("consumer") == before + 2_500_000, "bandcoin mint 2.5BAND credits 2,500,000 base units")

    posted = cli.run("market", "post-offer", "--band", "3550MHz..3560MHz", "--bandwidth", "1MHz", "--location", "cli-e2e",
                     "--unit-price", "1000", "--max-allocations", "2000", "--duration", "1h", "--volume-discount", "0.9",
                     key="provider")
    offer = posted["offer_id"]
    check(offer > 0 and posted["height"] > 0, f"market post-offer created offer {offer}")
    shown = cli.run("market", "offer", str(offer))
    check(shown["band"] == {"from_hz": 3_550_000_000, "to_hz": 3_560_000_000} and shown["bandwidth_hz"] == 1_000_000,
          "the offer holds the band and bandwidth given in MHz")

    # buy: the quoted version and exact price, paid through the token
    before_c, before_p = band("consumer"), band("provider")
    bought = cli.run("market", "buy", "--offer", str(offer), "--units", "3", "--max-price", "0.01BAND", key="consumer")
    check(bought["price"] == "2710" and bought["version"] == 1, "market buy paid the quoted 2710 at version 1")
    check(band("consumer") == before_c - 2710 and band("provider") == before_p + 2710, "exactly the price moved to the provider")
    print(f"      market buy took {bought['_seconds']:.2f}s end to end (command start to committed block)")

    # bad input: exit 2, nothing signed
    seq, bal = sequence(chain, "consumer"), band("consumer")
    bad = cli.run("market", "buy", "--offer", str(offer), "--units", "3", "--max-price", "0.0000001BAND", key="consumer", expect=2)
    check(bad["error"] == "bad_input" and "at most 6" in bad["reason"], "an amount with 7 decimals is refused (exit 2)")
    bad = cli.run("market", "buy", "--offer", str(offer), "--units", "3", "--max-price", "2709", key="consumer", expect=2)
    check(bad["error"] == "bad_input" and "above --max-price" in bad["reason"],
          "a price above --max-price without a terminal is refused (exit 2)")
    keys_file = work / "keys.txt"
    gen = cli.run("keys", "gen", "--count", "20", "--out", str(keys_file), "--secrets-out", str(work / "secrets.txt"))
    check(gen["count"] == 20, "keys gen wrote 20 consumer keys and their secrets")
    keys = keys_file.read_text().split()
    dup = work / "dup.txt"
    dup.write_text("\n".join(keys + [keys[3]]) + "\n")
    bad = cli.run("market", "bulk-buy", "--offer", str(offer), "--keys", str(dup), key="consumer", expect=2)
    check("duplicate key" in bad["reason"], "a duplicated key in a bulk file is refused (exit 2)")
    notpoint = work / "bad.txt"
    notpoint.write_text("02" + "00" * 31 + "05\n")
    bad = cli.run("market", "bulk-buy", "--offer", str(offer), "--keys", str(notpoint), key="consumer", expect=2)
    check("not a compressed secp256k1 point" in bad["reason"], "a key off the curve is refused (exit 2)")
    bad = cli.run("market", "post-offer", "--band", "3560MHz..3550MHz", "--bandwidth", "1MHz", "--location", "x",
                  "--unit-price", "1", "--max-allocations", "1", "--duration", "1h", key="provider", expect=2)
    # the band is checked while the arguments are parsed: clap's usage error on stderr
    check("must be below" in bad["_stderr"], "a band with from >= to is refused (exit 2)")
    check(sequence(chain, "consumer") == seq and band("consumer") == bal, "nothing was signed: sequence and balance unchanged")

    # refused by the chain: exit 1 with the contract's text
    ref = cli.run("market", "buy", "--offer", "999999", "--units", "1", key="consumer", expect=1)
    check(ref["error"] == "refused" and "does not exist" in ref["reason"], f"the chain's refusal is shown: {ref['reason']}")

    # explicit bulk: packed keys, paid by allowance
    bulk = cli.run("market", "bulk-buy", "--offer", str(offer), "--keys", str(keys_file), key="service-provider")
    check(bulk["count"] == 20 and bulk["first_grant_id"] > 0, f"bulk-buy explicit: 20 grants from {bulk['first_grant_id']}")
    grants = cli.run("market", "grants", "--key", keys[7])
    check(len(grants["grants"]) == 1 and grants["grants"][0]["units"] == 1, "the 8th key holds its one-unit grant")
    secret = (work / "secrets.txt").read_text().split()[7]
    key_file = work / "device.key"
    key_file.write_text(secret + "\n")
    access = cli.run("market", "prove-access", "--key-file", str(key_file), "--grant", str(grants["grants"][0]["grant_id"]))
    check(access["valid"] is True, "prove-access: the key's signature opens its grant (verify_access)")

    # committed bulk: 1000 keys, tree file, proof checked on chain
    big = work / "big.txt"
    cli.run("keys", "gen", "--count", "1000", "--out", str(big), "--secrets-out", str(work / "big-secrets.txt"))
    tree = work / "tree.bin"
    committed = cli.run("market", "bulk-buy", "--offer", str(offer), "--committed", "--keys", str(big), "--tree-out", str(tree),
                        key="service-provider")
    check(committed["count"] == 1000 and committed["batch_id"] > 0, f"bulk-buy --committed: batch {committed['batch_id']} of 1000 keys")
    k = big.read_text().split()[123]
    proof = cli.run("market", "proof", "--tree", str(tree), "--key", k)
    check(proof["valid"] is True and proof["index"] == 123 and proof["active"] is True, "market proof: verify_grant accepts key 123")
    key_file.write_text((work / "big-secrets.txt").read_text().split()[123] + "\n")
    access = cli.run("market", "prove-access", "--key-file", str(key_file), "--batch", str(committed["batch_id"]), "--tree", str(tree))
    check(access["valid"] is True, "prove-access on the batch: verify_access accepts the key's signature and proof")

    # a sealed-bid auction: commit (bid file first), reveal from it, clear
    cli.run("market", "set-clearing-house", "--offer", str(offer), key="provider")
    created = cli.run("auction", "create", "--offer", str(offer), "--kind", "vickrey", "--units", "1", "--band", "3550MHz..3560MHz",
                      "--bandwidth", "1MHz", "--min-price", "100", "--bid-end", "now+12s", "--reveal-end", "now+24s",
                      "--clearing-time", "now+25s", key="provider")
    auction = created["auction_id"]
    check(auction > 0, f"auction create opened Vickrey auction {auction}")
    for bidder, price in [("bidder1", "0.0003BAND"), ("bidder2", "250")]:
        c = cli.run("auction", "commit", "--auction", str(auction), "--price", price, "--deposit", "400", key=bidder)
        mode = stat.S_IMODE(os.stat(c["bid_file"]).st_mode)
        check(mode == 0o600 and c["deposit"] == "400", f"{bidder} committed; bid file {Path(c['bid_file']).name} has mode 0600")
    bad = cli.run("auction", "reveal", "--auction", str(auction), key="bidder3", expect=2)
    check(bad["error"] == "bad_input" and bad["reason"].startswith("no bid file"), "reveal without a bid file is refused (exit 2)")
    bid_end = int(cli.run("auction", "show", str(auction))["params"]["bid_end"])
    while int(cli.run("market", "epoch")["now"]) < bid_end:
        time.sleep(1)
    for bidder in ["bidder1", "bidder2"]:
        r = cli.run("auction", "reveal", "--auction", str(auction), key=bidder)
        check(r["units"] == 1, f"{bidder} revealed from its bid file")
    clearing = int(cli.run("auction", "show", str(auction))["params"]["clearing_time"])
    while int(cli.run("market", "epoch")["now"]) < clearing:
        time.sleep(1)
    before1 = band("bidder1")
    cleared = cli.run("auction", "clear", "--auction", str(auction), key="consumer")
    check(cleared["clear_transactions"] >= 1, "auction clear ran until done")
    won = cli.run("auction", "get-bid", "--auction", str(auction), "--bidder", chain.addr("bidder1"))
    check(won["status"] == "executed" and won["charged"] == "250" and band("bidder1") == before1 + 150,
          "bidder1 won at the second price 250, the rest of its deposit refunded")

    # a lease: the MNO registers a license, the MO pays exactly the lease's quote (the
    # relative start rounded up to a bucket boundary by the CLI)
    lic = cli.run("lease", "register-license", "--band", "2630MHz..2650MHz", "--region", "cli-e2e", "--bandwidth", "20MHz",
                  "--valid-until", "now+1d", "--price-per-hz-second", "0.000001", "--min-duration", "5s",
                  "--max-duration", "10m", key="mno")
    license_id = lic["license_id"]
    check(license_id > 0, f"lease register-license created license {license_id}")
    quote = cli.run("lease", "quote", "--license", str(license_id), "--bandwidth", "5MHz", "--from-time", "now+1m", "--for", "30s")
    check(quote["price"] == "150", "lease quote: 0.000001 per Hz-second x 5 MHz x 30 s = 150")
    before_mo = band("mo")
    leased = cli.run("lease", "request", "--license", str(license_id), "--bandwidth", "5MHz", "--from-time", "now+1m",
                     "--for", "30s", key="mo")
    check(leased["lease_id"] > 0 and leased["price"] == "150" and band("mo") == before_mo - 150,
          f"lease request: lease {leased['lease_id']} paid the quoted 150")

    # a dead node: exit 1, and the message names it
    dead = cli.run("--node", "tcp://127.0.0.1:1", "market", "epoch", expect=1)
    check(dead["error"] == "refused" and "--node tcp://127.0.0.1:1" in dead["reason"],
          f"a node that does not answer is named: {dead['reason']}")

    # queries of the other contracts
    check("nodes" in cli.run("rep", "nodes", "--top", "10"), "rep nodes --top 10")
    check("qualified" in cli.run("rep", "qualification", chain.addr("provider")), "rep qualification")
    check("licenses" in cli.run("lease", "licenses"), "lease licenses")
    check("slot_seconds" in cli.run("pool", "config"), "pool config")
    check("balances" in cli.run("pool", "balances"), "pool balances")
    check("auctions" in cli.run("auction", "list"), "auction list")

    # --print shows the wasmd command and signs nothing
    proc = subprocess.run([SPECTRUM, "--from", "consumer", "--print", "market", "buy", "--offer", str(offer), "--units", "1"],
                          capture_output=True, text=True, env=cli.env, cwd=ROOT)
    check(proc.returncode == 0 and " tx wasm execute " in proc.stdout and '"send"' in proc.stdout,
          "--print shows the exact wasmd command (cw20 send with the hook)")
    print(f"\nspectrum CLI end-to-end passed: {cli.count} commands against the node")


if __name__ == "__main__":
    main()
