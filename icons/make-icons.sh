#!/bin/sh
# Regenerates Lookout's icons with ImageMagick 6 (Debian's `imagemagick`).
# Tray icons differ in shape as well as colour, for colour-blind users:
#   up = green disc with a check, degraded = amber triangle with "!",
#   down = red octagon with a cross, unknown/paused = grey ring with a dash.
# Drawn at 256 px and scaled down for anti-aliasing; 8-bit RGBA as Tauri wants.
set -eu
cd "$(dirname "$0")"
C=/usr/bin/convert
$C -size 256x256 xc:none -fill '#1f8a3b' -draw "circle 128,128 128,8" -fill none -stroke white -strokewidth 30 \
  -draw "stroke-linejoin round stroke-linecap round polyline 72,134 110,174 186,90" -resize 64x64 -depth 8 PNG32:tray-up.png
$C -size 256x256 xc:none -fill '#e0a000' -stroke '#e0a000' -strokewidth 16 -draw "stroke-linejoin round polygon 128,14 246,232 10,232" \
  -stroke none -fill '#1a1a1a' -draw "roundrectangle 114,78 142,170 8,8" -draw "circle 128,200 128,184" -resize 64x64 -depth 8 PNG32:tray-degraded.png
$C -size 256x256 xc:none -fill '#d32f2f' -draw "polygon 78,6 178,6 250,78 250,178 178,250 78,250 6,178 6,78" \
  -stroke white -strokewidth 32 -draw "line 80,80 176,176" -draw "line 176,80 80,176" -resize 64x64 -depth 8 PNG32:tray-down.png
$C -size 256x256 xc:none -fill none -stroke '#8a8a8a' -strokewidth 28 -draw "circle 128,128 128,20" \
  -stroke none -fill '#8a8a8a' -draw "roundrectangle 72,114 184,142 10,10" -resize 64x64 -depth 8 PNG32:tray-unknown.png
$C -size 512x512 xc:none -fill '#1d4ed8' -draw "roundrectangle 16,16 496,496 96,96" -fill none -stroke white -strokewidth 36 \
  -draw "stroke-linejoin round stroke-linecap round polyline 72,272 168,272 212,150 288,380 336,232 440,232" -depth 8 PNG32:icon.png
$C icon.png -resize 32x32 -depth 8 PNG32:32x32.png
$C icon.png -resize 128x128 -depth 8 PNG32:128x128.png
$C icon.png -resize 256x256 -depth 8 PNG32:128x128@2x.png
