#!/usr/bin/env bash
# Builds Lookout and starts the tray app with its dashboard open. Extra arguments go to
# lookout-desktop (for example --data-dir DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cargo build --release -p lookout-desktop -p lookout-cli
echo "Lookout is starting in your tray; the CLI is target/release/lookout" >&2
exec target/release/lookout-desktop --open-dashboard "$@"
