#!/usr/bin/env bash
# Installs the system packages Lookout needs on Debian/Ubuntu: `build` for the desktop app,
# `test` for the whole test suite too. As root or with sudo it installs them; otherwise it
# prints the exact command to run.
set -euo pipefail
what=${1:-build}

pkgs=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
      librsvg2-dev libxdo-dev)
if [ "$what" = test ]; then
  # prometheus: the fleet test scrapes `lookout run --metrics-listen` with a real Prometheus.
  pkgs+=(xvfb dbus dbus-x11 dunst webkit2gtk-driver imagemagick iproute2 nodejs prometheus)
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's package (nvm, nodesource): a working `node` is enough.
if command -v node >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d'))
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "Lookout needs these system packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
