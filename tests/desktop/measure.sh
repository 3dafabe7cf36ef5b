#!/usr/bin/env bash
# Measures lookout-desktop's memory and launch time (not a test). Builds the release binaries
# unless LOOKOUT_DESKTOP_BIN / LOOKOUT_CLI_BIN are given; prints a Markdown report.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export ARTIFACTS="${ARTIFACTS:-$ROOT/test-artifacts/measure}"
mkdir -p "$ARTIFACTS"
if [ -z "${LOOKOUT_DESKTOP_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -p lookout-desktop -p lookout-cli)
  LOOKOUT_DESKTOP_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/lookout-desktop"
  LOOKOUT_CLI_BIN="${LOOKOUT_CLI_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/lookout}"
fi
export LOOKOUT_DESKTOP_BIN="$(realpath "$LOOKOUT_DESKTOP_BIN")" LOOKOUT_CLI_BIN="$(realpath "$LOOKOUT_CLI_BIN")"
E2E_SCRIPT=measure.py LOOKOUT_DESKTOP_BIN="$LOOKOUT_DESKTOP_BIN" exec "$HERE/run.sh"
