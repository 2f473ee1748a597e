#!/usr/bin/env bash
# Idempotent toolchain set-up (Debian 12 x86_64, Rust 1.95 preinstalled).
# Every step first checks whether its tool is already there in the wanted
# version, so a second run takes seconds. Nothing downloads a prebuilt binary
# or a browser: tools come from crates.io, npm and Debian's packages.
#
#   scripts/setup.sh           # everything (also chromium, for `make test`)
#   scripts/setup.sh --serve   # what `make serve` needs (no browser)
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_REQ="~0.21"            # trunk 0.22 needs a newer rustc than 1.95
BINARYEN_VERSION="132.0.0"   # Debian's binaryen 108 cannot parse current wasm-bindgen output
MODE="${1:-all}"

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
say() { printf '==> %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "cargo not found; install Rust with rustup first"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed (Node >= 20)"
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "Node $(node --version) is too old; Node >= 20 is needed"

if [ "$MODE" != "--serve" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing chromium + chromium-driver (Debian)"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver
  fi
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
# `make test` runs both `cargo fmt --check` and clippy: install whichever is missing.
MISSING=()
cargo clippy --version >/dev/null 2>&1 || MISSING+=(clippy)
cargo fmt --version >/dev/null 2>&1 || MISSING+=(rustfmt)
if [ "${#MISSING[@]}" -gt 0 ]; then
  say "adding rustup components: ${MISSING[*]}"
  rustup component add "${MISSING[@]}"
fi

if ! (command -v trunk >/dev/null && trunk --version | grep -q '^trunk 0\.21\.'); then
  say "installing trunk ${TRUNK_REQ} (about 12 minutes on 2 cores)"
  cargo install trunk --version "${TRUNK_REQ}" --locked
fi

# The wasm-bindgen CLI must equal the crate version in Cargo.lock exactly,
# or trunk would try to download one.
WB_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "wasm-bindgen not found in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen ${WB_VERSION}" ] ||
   [ "$(wasm-bindgen-test-runner --version 2>/dev/null || true)" != "wasm-bindgen-test-runner ${WB_VERSION}" ]; then
  say "installing wasm-bindgen-cli ${WB_VERSION} (about 5 minutes)"
  # --locked can fail when the registry lacks a version pinned in the CLI's own lockfile.
  cargo install wasm-bindgen-cli --version "=${WB_VERSION}" --locked ||
    cargo install wasm-bindgen-cli --version "=${WB_VERSION}"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}\b"; then
  say "installing wasm-opt (npm binaryen@${BINARYEN_VERSION})"
  $SUDO npm install -g --prefix /usr/local --no-audit --no-fund "binaryen@${BINARYEN_VERSION}"
  hash -r
fi

# Fill the crate cache so that trunk's --offline cargo builds work.
cargo fetch --locked >/dev/null

# Node test dependencies: playwright-core (never downloads a browser) and the
# differential oracle (@cloud-copilot/iam-simulate, an outside test oracle only).
if [ "$MODE" != "--serve" ]; then
  for dir in tests/e2e tests/differential; do
    [ -f "$dir/package-lock.json" ] || continue
    if ! (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
      say "installing npm test dependencies in $dir"
      (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
    fi
  done
fi
