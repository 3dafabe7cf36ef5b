#!/usr/bin/env bash
# Runs every test: formatting and lints, the Rust unit and integration tests (engine, storage,
# probes against real servers, the built `lookout` binary), the crash harness (`lookout run`
# killed with SIGKILL 30 times, the database checked after each), the UI logic tests, and the
# desktop app end to end under Xvfb with a real D-Bus notification server and WebDriver, and
# last the Debian package: built, installed, run from /usr/bin and removed again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test

echo "== cargo fmt / clippy" >&2
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings

echo "== Rust tests" >&2
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  cargo test --workspace --no-fail-fast
fi

echo "== Crash harness (30 kill -9 cycles)" >&2
tests/crash/run.sh --cycles 30

echo "== UI logic tests" >&2
node --test ui/test/

echo "== Desktop end to end" >&2
tests/desktop/run.sh

echo "== Debian package" >&2
tests/package/run.sh
