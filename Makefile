# The two commands: `make serve` and `make test`. Both install what is missing first.
.PHONY: setup setup-serve serve test fmt lint test-native test-wasm test-diff test-e2e build-release size bench perf fuzz

WEB := iam-playground-web
E2E_DIST := target/e2e-dist

setup:
	@scripts/setup.sh

setup-serve:
	@scripts/setup.sh --serve

## Build and serve the playground at http://127.0.0.1:8080
serve: setup-serve
	trunk serve --release

## Every test: format, clippy, native, wasm-in-Chromium, end-to-end in Chromium.
test: setup
	$(MAKE) fmt lint test-native test-diff test-wasm test-e2e

fmt:
	cargo fmt --all -- --check

lint:
	cargo clippy --workspace --exclude $(WEB) --all-targets -- -D warnings
	cargo clippy -p $(WEB) --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test --workspace --exclude $(WEB)
	cargo test -p $(WEB) --lib

test-wasm:
	cargo test -p $(WEB) --target wasm32-unknown-unknown

## 10,000 random scenarios: our engine vs @cloud-copilot/iam-simulate (an outside oracle).
test-diff:
	cargo build --release -p iam-cli
	cd tests/differential && node run.mjs --count 10000 --quiet

build-release:
	trunk build --release --dist $(E2E_DIST)

test-e2e: build-release
	cd tests/e2e && DIST_DIR=../../$(E2E_DIST) node --test --test-concurrency=1 specs/*.test.mjs

## Engine vs WebAssembly vs the oracle on bench/workload.json; writes the README table.
bench: setup
	cargo build --release -p iam-cli
	cargo build --release -p iam-wasm --target wasm32-unknown-unknown
	wasm-bindgen --target nodejs --out-dir target/bench-wasm target/wasm32-unknown-unknown/release/iam_wasm.wasm
	node bench/compare.mjs
	cargo bench -p iam-wire

## Load time, keystroke-to-decision latency and shipped bytes in Chromium; writes the README table.
perf: setup build-release
	cd tests/e2e && DIST_DIR=../../$(E2E_DIST) node perf.mjs

## Shipped bytes (gzip -9) of the release build.
size: build-release
	@scripts/size.sh $(E2E_DIST)

## Coverage-guided fuzzing of the parsers (libFuzzer via cargo-fuzz; FUZZ_SECONDS each).
## `make test` runs the property-based fuzz tests; this goes further.
FUZZ_SECONDS ?= 60
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	scripts/fuzz-seed.sh
	cd fuzz && for t in policy simulate_input scenario; do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -max_len=30000 || exit 1; \
	done
