#!/usr/bin/env bash
# Inside run.sh's private D-Bus session: dunst, dbus-monitor, tauri-driver, then the test.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export NOTIFY_LOG="$ARTIFACTS/notify.log"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# Keep the test's home out of the user's: autostart files, WebKit caches.
export HOME="$(mktemp -d /tmp/lookout-e2e-home.XXXXXX)"
export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" XDG_CACHE_HOME="$HOME/.cache"
export RUST_LOG="${RUST_LOG:-info}"

dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" >"$NOTIFY_LOG" 2>&1 &
pids+=($!)
dunst >"$ARTIFACTS/dunst.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true' && break
  sleep 0.1
done

# tauri-driver passes its environment to the app: one per language the scripts need.
driver() {
  local port native
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  native=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  tauri-driver --port "$port" --native-port "$native" --native-driver "$(command -v WebKitWebDriver)" >>"$ARTIFACTS/tauri-driver.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
    sleep 0.1
  done
  driver_url="http://127.0.0.1:$port"
}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
driver
export WEBDRIVER_URL="$driver_url"

cd "$HERE"
# e2e.py: the app on a sound database; damaged.py: on a damaged one (and restoring a backup);
# transfer.py: import and export from the dashboard; zh.py: in Chinese, chosen by the OS
# locale; tray_only.py: WebKit is loaded with the first window, not at start. E2E_SCRIPT runs
# one alone.
for script in ${E2E_SCRIPT:-e2e.py damaged.py transfer.py zh.py tray_only.py}; do
  if [ "$script" = zh.py ]; then
    LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 driver
    WEBDRIVER_URL="$driver_url" LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 python3 "$script"
  else
    python3 "$script"
  fi
done
