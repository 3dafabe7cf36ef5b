#!/usr/bin/env bash
# End-to-end test of lookout-desktop: sets up Xvfb, a private D-Bus session with dunst as the
# notification server, dbus-monitor capturing Notify calls and tauri-driver, then runs e2e.py.
# Exits non-zero on failure. Artifacts (screenshots, logs) go to $ARTIFACTS
# (default: test-artifacts/desktop in the repository).
#
#   tests/desktop/run.sh               # builds lookout-desktop (debug) first
#   LOOKOUT_DESKTOP_BIN=... run.sh     # tests that binary instead
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export ARTIFACTS="${ARTIFACTS:-$ROOT/test-artifacts/desktop}"
mkdir -p "$ARTIFACTS"

# System packages: installed where we may, otherwise the exact command is printed.
need_pkgs=()
command -v Xvfb >/dev/null || need_pkgs+=(xvfb)
command -v dbus-run-session >/dev/null || need_pkgs+=(dbus dbus-bin)
command -v dbus-monitor >/dev/null || need_pkgs+=(dbus-bin)
command -v dunst >/dev/null || need_pkgs+=(dunst)
command -v WebKitWebDriver >/dev/null || need_pkgs+=(webkit2gtk-driver)
[ -x /usr/bin/import ] || need_pkgs+=(imagemagick)
# tray_only.py finds the dashboard's window with xwininfo.
command -v xwininfo >/dev/null || need_pkgs+=(x11-utils)
# zh.py's screenshots need a font with Chinese glyphs.
command -v fc-list >/dev/null || need_pkgs+=(fontconfig)
[ -n "$(fc-list :lang=zh 2>/dev/null)" ] || need_pkgs+=(fonts-wqy-zenhei)
command -v busctl >/dev/null || need_pkgs+=(systemd)
command -v python3 >/dev/null || need_pkgs+=(python3)
command -v pkg-config >/dev/null || need_pkgs+=(pkg-config)
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_pkgs+=(libwebkit2gtk-4.1-dev)
pkg-config --exists ayatana-appindicator3-0.1 2>/dev/null || need_pkgs+=(libayatana-appindicator3-dev)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  cmd="apt-get install -y --no-install-recommends ${need_pkgs[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "run.sh: installing ${need_pkgs[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive $cmd
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive $cmd
  else
    echo "run.sh: missing system packages; install them with:" >&2
    echo "  sudo apt-get update && sudo $cmd" >&2
    exit 2
  fi
fi

if ! command -v tauri-driver >/dev/null; then
  echo "run.sh: installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

if [ -z "${LOOKOUT_DESKTOP_BIN:-}" ]; then
  (cd "$ROOT" && cargo build -p lookout-desktop -p lookout-cli)
  LOOKOUT_DESKTOP_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/lookout-desktop"
  LOOKOUT_CLI_BIN="${LOOKOUT_CLI_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/lookout}"
fi
export LOOKOUT_DESKTOP_BIN="$(realpath "$LOOKOUT_DESKTOP_BIN")"
# The CLI is optional: with it, the test also checks live sync between the two.
if [ -n "${LOOKOUT_CLI_BIN:-}" ] && [ -x "$LOOKOUT_CLI_BIN" ]; then
  export LOOKOUT_CLI_BIN="$(realpath "$LOOKOUT_CLI_BIN")"
else
  unset LOOKOUT_CLI_BIN
fi

# A free X display.
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$ARTIFACTS/xvfb.log" 2>&1 &
xvfb_pid=$!
trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display}" ] && break; sleep 0.1; done
export DISPLAY=":$display"

# Everything else runs inside a private session bus that ends with the test.
dbus-run-session -- bash "$HERE/session.sh"
