# Shared helpers for the scripts in this folder: source it, do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"

# The one place the wasm toolchain and checker versions are pinned.
COSMWASM_CHECK_VERSION="2.3.5"
DEBIAN_WASM_PACKAGES="rustc-web cargo-web rust-web-src lld-22 binaryen wabt fonts-dejavu-core jq"
# CosmWasm capabilities the contracts may need: any wasmd >= 0.51 offers these.
WASM_CAPABILITIES="iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0"
# The chain refuses code over 800 KB; the project's cap is half of that (400 KiB):
# scripts/build fails if any artifact is larger (see the README).
TARGET_ARTIFACT_BYTES=409600
# The wasmd release the local chain runs: wasmvm 2.2 (the cosmwasm-vm 2.x engine), SDK 0.50.
WASMD_VERSION="v0.55.1"
# wasmd v0.55.1 pins bytedance/sonic v1.12.3, which does not link with Go >= 1.24
# (it reaches into encoding/json internals); the build takes this newer sonic instead.
WASMD_GO_GET="github.com/bytedance/sonic@v1.15.5"
WASMD_CACHE="$ROOT/.cache/wasmd/$WASMD_VERSION"
WASMD="$WASMD_CACHE/wasmd"
export LD_LIBRARY_PATH="$WASMD_CACHE${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# The local chain.
LOCALNET_HOME="${LOCALNET_HOME:-$ROOT/.localnet}"
CHAIN_ID="${CHAIN_ID:-spectrum-local}"
DENOM="ustake"
# A second node (a benchmark next to the dev chain) takes its ports at an offset.
LOCALNET_PORT_OFFSET="${LOCALNET_PORT_OFFSET:-0}"
NODE="${NODE:-tcp://127.0.0.1:$((26657 + LOCALNET_PORT_OFFSET))}"
# The web app (scripts/app) is served here; the local node allows it by CORS.
APP_PORT="${APP_PORT:-$((5173 + LOCALNET_PORT_OFFSET))}"
# Test keys funded at genesis (test keyring, local chain only).
LOCALNET_KEYS="validator exchange provider provider2 consumer service-provider bidder1 bidder2 bidder3 mno mo operator1 operator2 authority"

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
