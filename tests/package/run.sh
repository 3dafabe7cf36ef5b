#!/usr/bin/env bash
# End-to-end test of the Debian package: builds it with scripts/package.sh (unless
# LOOKOUT_DEB names one), inspects it, installs it on this machine with apt-get, runs the
# installed `lookout` and `lookout-desktop` (from its desktop entry's Exec line, under Xvfb
# with a private D-Bus session, until its tray icon is up; then "Start at login" from the
# dashboard must point at /usr/bin/lookout-desktop), and removes it again, checking the
# user's data is left alone. Needs root or password-less sudo (it installs a package); never
# leaves it installed.
# Exits non-zero on the first failure. Logs go to $ARTIFACTS (default test-artifacts/package).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export ARTIFACTS="${ARTIFACTS:-$ROOT/test-artifacts/package}"
mkdir -p "$ARTIFACTS"

say() { echo "[package $(date +%H:%M:%S)] $*" >&2; }
fail() { echo "package test FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  fail "needs root or password-less sudo: the test installs and removes the lookout package"
fi
apt_get() { $sudo env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }
if dpkg-query -W -f='${Status}' lookout 2>/dev/null | grep -q "ok installed"; then
  fail "a lookout package is already installed; this test installs and removes its own (apt-get remove lookout first)"
fi

# What the test itself runs, installed here (CI starts from a clean machine as root).
need=()
command -v dpkg-shlibdeps >/dev/null || need+=(dpkg-dev)
command -v Xvfb >/dev/null || need+=(xvfb)
command -v dbus-run-session >/dev/null || need+=(dbus dbus-bin)
command -v busctl >/dev/null || need+=(systemd)
command -v python3 >/dev/null || need+=(python3)
command -v WebKitWebDriver >/dev/null || need+=(webkit2gtk-driver)
command -v compare >/dev/null || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# --- Build ------------------------------------------------------------------------------------
if [ -z "${LOOKOUT_DEB:-}" ]; then
  say "building the package (scripts/package.sh)"
  "$ROOT/scripts/package.sh" 2>&1 | tee "$ARTIFACTS/package.log" >&2
  debs=("$ROOT"/dist/lookout_*.deb)
  [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one dist/lookout_*.deb, found: ${debs[*]}"
  LOOKOUT_DEB="${debs[0]}"
fi
deb="$(realpath "$LOOKOUT_DEB")"
version="$(dpkg-deb -f "$deb" Version)"
arch="$(dpkg-deb -f "$deb" Architecture)"
[ "$(basename "$deb")" = "lookout_${version}_${arch}.deb" ] || fail "file name $(basename "$deb"), expected lookout_${version}_${arch}.deb"
say "package $(basename "$deb"), $(du -h "$deb" | cut -f1)"

# --- Inspect ----------------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$ARTIFACTS/contents.txt"
dpkg-deb -I "$deb" >"$ARTIFACTS/info.txt"
# Paths are usr/... (./usr/... with some tools); the mode is the first column.
has() { awk '{print $1, $NF}' "$ARTIFACTS/contents.txt" | grep -qE "^$1 (\./)?$2\$" || fail "the package lacks $2 ($1); see $ARTIFACTS/contents.txt"; }
has '-rwxr-xr-x' 'usr/bin/lookout-desktop'
has '-rwxr-xr-x' 'usr/bin/lookout'
has '-rw-r--r--' 'usr/share/applications/[^/]+\.desktop'
for size in 32x32 128x128 256x256@2 512x512; do has '-rw-r--r--' "usr/share/icons/hicolor/$size/apps/lookout-desktop\.png"; done
has '-rw-r--r--' 'usr/share/doc/lookout/copyright'
[ "$(dpkg-deb -f "$deb" Package)" = lookout ] || fail "Package: $(dpkg-deb -f "$deb" Package), expected lookout"
depends="$(dpkg-deb -f "$deb" Depends)"
for p in libwebkit2gtk-4.1-0 libayatana-appindicator3-1 libgtk-3-0 libc6; do
  grep -qE "(^|, )$p( |,|$)" <<<"$depends" || fail "Depends lacks $p: $depends"
done
# Removing the package must leave home directories alone: no maintainer script at all.
scripts=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -vxE '|control|md5sums' || true)
[ -z "$scripts" ] || fail "unexpected maintainer scripts in the package: $scripts"
extract="$(mktemp -d)"
dpkg-deb -x "$deb" "$extract"
cmp -s "$extract/usr/share/doc/lookout/copyright" "$ROOT/LICENSE" || fail "usr/share/doc/lookout/copyright is not LICENSE"
rm -rf "$extract"
say "contents: binaries, desktop entry, icons, copyright; Depends: $depends"

# --- Install ----------------------------------------------------------------------------------
home="$(mktemp -d /tmp/lookout-package-home.XXXXXX)"
pids=()
installed=no
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$installed" = yes ] && dpkg-query -W -f='${Status}' lookout 2>/dev/null | grep -q "ok installed"; then
    echo "[package] removing the lookout package after a failure" >&2
    apt_get remove -y -qq lookout >/dev/null 2>&1 || $sudo dpkg --remove lookout || true
  fi
  rm -rf "$home"
  exit "$rc"
}
trap cleanup EXIT

say "apt-get install $deb"
apt_get update -qq
installed=yes
apt_get install -y "$deb" >"$ARTIFACTS/apt-install.log" 2>&1 \
  || { cat "$ARTIFACTS/apt-install.log" >&2; fail "apt-get install failed"; }
dpkg-query -W -f='${Status} ${Version}\n' lookout | grep -q "install ok installed $version" || fail "lookout $version is not installed"
[ -x /usr/bin/lookout ] && [ -x /usr/bin/lookout-desktop ] || fail "the binaries are not in /usr/bin"

# --- The CLI from /usr/bin --------------------------------------------------------------------
# The test's own home, with no data-dir override: the installed programs use the default
# ~/.local/share/lookout, the directory the removal must leave alone.
export HOME="$home"
unset LOOKOUT_DATA_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME
data_dir="$home/.local/share/lookout"

out="$(/usr/bin/lookout --version)" || fail "lookout --version exited $?"
[ "$out" = "lookout $version" ] || fail "lookout --version: '$out', expected 'lookout $version'"
say "$out"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$home" >"$ARTIFACTS/http.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break; sleep 0.1; done

set +e
out="$(/usr/bin/lookout check "tcp://127.0.0.1:$port" 2>&1)"; rc=$?
set -e
[ $rc -eq 0 ] && [[ "$out" == UP* ]] || fail "lookout check tcp://127.0.0.1:$port (listening): exit $rc, '$out'; expected 0 and UP"
say "check of a listening port: exit 0, $out"

closed="$(free_port)"
set +e
out="$(/usr/bin/lookout check --timeout 2s "tcp://127.0.0.1:$closed" 2>&1)"; rc=$?
set -e
[ $rc -eq 2 ] && [[ "$out" == DOWN* ]] || fail "lookout check tcp://127.0.0.1:$closed (closed): exit $rc, '$out'; expected 2 and DOWN"
say "check of a closed port: exit 2, $out"

# A monitor in the default data dir: the desktop app must find it there, and it is the user
# data that must survive the removal.
/usr/bin/lookout monitors add --name package-test --target "tcp://127.0.0.1:$port" --interval 1s >/dev/null \
  || fail "lookout monitors add"
[ -f "$data_dir/lookout.db" ] || fail "no database in $data_dir"

# --- The desktop app, from its desktop entry --------------------------------------------------
entry="$(dpkg -L lookout | grep -E '^/usr/share/applications/[^/]+\.desktop$' | head -1)"
[ -n "$entry" ] || fail "the package installed no desktop entry"
export LOOKOUT_DESKTOP_ENTRY="$entry" LOOKOUT_MONITOR=package-test ROOT
display=99
while [ -e "/tmp/.X${display}-lock" ] || [ -e "/tmp/.X11-unix/X${display}" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$ARTIFACTS/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display}" ] && break; sleep 0.1; done
export DISPLAY=":$display"
dbus-run-session -- python3 "$HERE/desktop.py" 2>"$ARTIFACTS/desktop-session.log" \
  || fail "the installed desktop app (logs in $ARTIFACTS)"

# --- Remove -----------------------------------------------------------------------------------
before="$(cd "$data_dir" && find . -type f -exec sha256sum {} + | sort)"
say "apt-get remove lookout"
apt_get remove -y lookout >"$ARTIFACTS/apt-remove.log" 2>&1 \
  || { cat "$ARTIFACTS/apt-remove.log" >&2; fail "apt-get remove failed"; }
installed=no
[ ! -e /usr/bin/lookout ] && [ ! -e /usr/bin/lookout-desktop ] || fail "/usr/bin/lookout or lookout-desktop is still there after the removal"
[ ! -e "$entry" ] || fail "$entry is still there after the removal"
if dpkg-query -W -f='${Status}' lookout 2>/dev/null | grep -q "ok installed"; then fail "lookout is still installed"; fi
after="$(cd "$data_dir" && find . -type f -exec sha256sum {} + | sort)"
[ -n "$before" ] && [ "$before" = "$after" ] || fail "the data in $data_dir changed with the removal"
say "removed: /usr/bin/lookout is gone, $data_dir is untouched"
echo "package: 1 passed, 0 failed"
