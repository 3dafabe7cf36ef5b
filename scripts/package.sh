#!/usr/bin/env bash
# Builds the Debian package dist/lookout_<version>_<arch>.deb with Tauri's own bundler:
# lookout-desktop and the `lookout` CLI in /usr/bin, the desktop entry and its icons, the
# licence in /usr/share/doc/lookout/copyright, and the system packages the binaries need in
# Depends. Install it with `sudo apt-get install ./dist/lookout_*.deb`.
#
# One release build (both binaries in one cargo invocation) in the workspace's target
# directory, reused from run to run. Installs tauri-cli 2 with cargo when `cargo tauri` is
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build
# Where cargo builds (target/, or CARGO_TARGET_DIR, or a build.target-dir setting).
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target" ] || { echo "package.sh: could not find cargo's target directory" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package.sh: $tool is missing (apt-get install dpkg-dev)" >&2; exit 1; }
done
if ! cargo tauri --version >/dev/null 2>&1; then
  echo "== installing tauri-cli 2" >&2
  cargo install tauri-cli --version '^2' --locked
fi

# The tray icon is Ayatana's (Debian 12, Ubuntu 24.04): say so rather than let the bundler
# guess from whichever -dev package is installed; it adds libayatana-appindicator3-1, which
# the app loads with dlopen, so dpkg-shlibdeps cannot see it.
export TAURI_LINUX_AYATANA_APPINDICATOR=1
# One cargo invocation for both binaries (tauri's build adds --release and the
# tauri/custom-protocol feature): their shared crates are compiled once, with one feature set.
echo "== release build: lookout-desktop, lookout" >&2
(cd src-tauri && cargo tauri build --ci --no-bundle -- --locked -p lookout-desktop -p lookout-cli)

# Depends: what the binaries link against, as dpkg-shlibdeps finds it (with the minimum
# versions their symbols need on the machine that built them), so the list cannot drift from
# the code. dpkg-shlibdeps wants a debian/ source tree; an empty control file is enough.
echo "== dependencies" >&2
shlibs_dir=$(mktemp -d)
trap 'rm -rf "$shlibs_dir"' EXIT
mkdir -p "$shlibs_dir/debian" && touch "$shlibs_dir/debian/control"
if ! (cd "$shlibs_dir" && dpkg-shlibdeps -O "$target/release/lookout-desktop" "$target/release/lookout") \
  >"$shlibs_dir/out" 2>"$shlibs_dir/err"; then
  cat "$shlibs_dir/err" >&2
  echo "package.sh: dpkg-shlibdeps failed" >&2
  exit 1
fi
depends=$(sed -n 's/^shlibs:Depends=//p' "$shlibs_dir/out")
[ -n "$depends" ] || { echo "package.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
echo "shlibs: $depends" >&2
# The desktop binary loads WebKit when its first window opens (src-tauri/build/lazy_webkit.rs),
# so dpkg-shlibdeps does not see it. Its stubs come from the WebKitGTK this build ran against,
# so that version is the floor.
webkit=$(pkg-config --modversion webkit2gtk-4.1)
depends="$depends, libwebkit2gtk-4.1-0 (>= $webkit)"
# Tauri's bundler appends libwebkit2gtk-4.1-0 and libgtk-3-0 itself, without versions; the
# versioned entries here are kept all the same (apt needs both satisfied, by the same package):
# they are what makes apt pull in a WebKitGTK new enough for the symbols the app uses.
depends_json=$(printf '%s\n' "$depends" | sed 's/, /\n/g' | sed 's/.*/"&"/' | paste -sd, -)

# The CLI from the target dir this build used (tauri.conf.json's relative path assumes ../target).
overlay=$(printf '{"bundle":{"linux":{"deb":{"depends":[%s],"files":{"/usr/bin/lookout":"%s"}}}}}' \
  "$depends_json" "$target/release/lookout")

echo "== bundling the .deb" >&2
rm -rf "$target/release/bundle/deb"
(cd src-tauri && cargo tauri bundle --ci --bundles deb --config "$overlay")

built=("$target"/release/bundle/deb/*.deb)
[ ${#built[@]} -eq 1 ] && [ -f "${built[0]}" ] || { echo "package.sh: expected one .deb, found: ${built[*]}" >&2; exit 1; }
# The bundler names the file after the product name ("Lookout"); Debian's convention, and the
# README's install line, use the package's own name.
name="$(dpkg-deb -f "${built[0]}" Package)_$(dpkg-deb -f "${built[0]}" Version)_$(dpkg-deb -f "${built[0]}" Architecture).deb"
dpkg-deb -f "${built[0]}" Depends | grep -qF "libwebkit2gtk-4.1-0 (>= $webkit)" ||
  { echo "package.sh: the .deb does not require WebKitGTK $webkit or newer" >&2; exit 1; }
mkdir -p dist
rm -f dist/lookout_*.deb
cp "${built[0]}" "dist/$name"
echo "Built dist/$name ($(du -h "dist/$name" | cut -f1)). Install it with:" >&2
echo "  sudo apt-get install ./dist/$name" >&2
