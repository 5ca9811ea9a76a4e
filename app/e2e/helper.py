"""Chain actions the browser test needs from another party (the provider updating its
offer while the buyer's page is open), through the project's own wasmd client.

    python3 app/e2e/helper.py update-offer OFFER_ID KEY
    python3 app/e2e/helper.py start-round          (the pool admin starts a new round)
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from spectrum_py.chain import ROOT, Chain  # noqa: E402


def main() -> None:
    chain = Chain.from_env()
    d = json.loads((ROOT / "deployments" / f"{chain.chain_id}.json").read_text())["contracts"]
    cmd = sys.argv[1]
    if cmd == "update-offer":
        offer_id, key = int(sys.argv[2]), sys.argv[3]
        o = chain.query(d["bandwidth_market"], {"offer": {"offer_id": offer_id}})
        terms = {k: o[k] for k in ["band", "bandwidth_hz", "location", "unit_price", "max_allocations",
                                   "allocation_duration", "volume_discount", "reservation_discount", "qos"]}
        chain.execute(d["bandwidth_market"], {"update_offer": {"offer_id": offer_id, "terms": terms}}, key)
        print(json.dumps(chain.query(d["bandwidth_market"], {"offer": {"offer_id": offer_id}})["version"]))
    elif cmd == "start-round":
        chain.execute(d["unlicensed_pool"], {"start_round": {}}, "validator")
        print(json.dumps(chain.query(d["unlicensed_pool"], {"round": {}})["round"]))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
