#!/usr/bin/env bash
# Crash harness: `lookout run` with 50 monitors against local servers that go up and down,
# killed with SIGKILL at random moments and restarted; after each kill the database is checked
# (integrity, one open incident per monitor and rule, no lost incident transition, no alert
# announced twice). See crash.py. Arguments go to crash.py:
#
#   tests/crash/run.sh                        # 30 cycles (CI); builds target/debug/lookout first
#   tests/crash/run.sh --cycles 200           # the bench
#   tests/crash/run.sh --seed N               # the same random choices again
#   LOOKOUT_CLI_BIN=/usr/bin/lookout tests/crash/run.sh   # that binary, nothing built
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

if [ -z "${LOOKOUT_CLI_BIN:-}" ]; then
  (cd "$ROOT" && cargo build -p lookout-cli)
  LOOKOUT_CLI_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/lookout"
fi
export LOOKOUT_CLI_BIN="$(realpath "$LOOKOUT_CLI_BIN")"
exec python3 "$HERE/crash.py" "$@"
