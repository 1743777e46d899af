#!/usr/bin/env bash
# Install (or with --uninstall remove) Sift's menu entry, AppStream metadata and icons into the user's
# XDG folders, for a pip/pipx install where `sift` is on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app=io.github.siftreader.Sift
icons="$root/resources/icons"

if [ "${1:-}" = "--uninstall" ]; then
  rm -f "$data/applications/$app.desktop" "$data/metainfo/$app.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$app.svg"
  for png in "$data"/icons/hicolor/*/apps/$app.png; do rm -f "$png"; done
  echo "Removed Sift's menu entry and icons from $data"
  exit 0
fi

install -Dm644 "$here/$app.desktop" "$data/applications/$app.desktop"
install -Dm644 "$here/$app.metainfo.xml" "$data/metainfo/$app.metainfo.xml"
install -Dm644 "$icons/sift.svg" "$data/icons/hicolor/scalable/apps/$app.svg"
for png in "$icons"/sift-*.png; do
  size=$(basename "$png" .png); size=${size#sift-}
  install -Dm644 "$png" "$data/icons/hicolor/${size}x${size}/apps/$app.png"
done
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v sift >/dev/null || echo "Note: 'sift' is not on PATH; the menu entry needs it (pipx install sift-reader)."
echo "Installed Sift's menu entry into $data/applications"
