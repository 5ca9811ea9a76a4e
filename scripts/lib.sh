# Shared helpers for the scripts in this folder: source it, do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"

# The one place the wasm toolchain and checker versions are pinned.
COSMWASM_CHECK_VERSION="2.3.5"
DEBIAN_WASM_PACKAGES="rustc-web cargo-web rust-web-src lld-22 binaryen wabt"
# CosmWasm capabilities the contracts may need: any wasmd >= 0.51 offers these.
WASM_CAPABILITIES="iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0"
# The chain accepts 800 KB; we keep every artifact under half of that.
MAX_ARTIFACT_BYTES=409600
CONTRACTS="bandwidth-market auction-clearing spectrum-lease unlicensed-pool node-reputation"

CURRENT_STEP=""
step() {
  CURRENT_STEP="$*"
  printf '\n==> %s\n' "$*"
}
on_error() {
  printf '\nFAILED at step: %s\n' "${CURRENT_STEP:-unknown}" >&2
}
trap on_error ERR

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
