#!/usr/bin/env bash
# Add Sift to the application menu: its .desktop entry, AppStream metadata and icons go into the user's
# XDG data folder ($XDG_DATA_HOME, by default ~/.local/share); --uninstall removes exactly those files.
#
#   install-desktop.sh [--exec PATH]     install (PATH: the sift program the menu entry starts)
#   install-desktop.sh --uninstall       remove
#
# From a checkout or a pip/pipx install the entry starts the `sift` found on PATH (by its full path);
# from an unpacked bundle (this script beside the bundle's ./sift) it starts that bundle's ./sift.
# Run it again after moving the bundle or reinstalling Sift elsewhere.
set -euo pipefail

app=io.github.siftreader.Sift
here=$(cd "$(dirname "$0")" && pwd)
data="${XDG_DATA_HOME:-$HOME/.local/share}"

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
  exit "${1:-2}"
}

if [ -d "$here/_internal/resources/icons" ]; then # an unpacked bundle: ./sift, ./_internal/
  icons="$here/_internal/resources/icons"
  files="$here/_internal/desktop"
  exec_path="$here/sift"
else # a checkout: packaging/linux/ (this folder) and resources/
  icons="$(cd "$here/../.." && pwd)/resources/icons"
  files="$here"
  exec_path=""
fi

mode=install
while [ $# -gt 0 ]; do
  case "$1" in
    --exec) [ $# -ge 2 ] || usage; exec_path="$2"; shift 2 ;;
    --exec=*) exec_path="${1#--exec=}"; shift ;;
    --uninstall) mode=uninstall; shift ;;
    -h | --help) usage 0 ;;
    *) echo "install-desktop.sh: unknown argument: $1" >&2; usage ;;
  esac
done

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" 2>/dev/null || true
  [ -d "$data/icons/hicolor" ] && touch "$data/icons/hicolor" # icon caches notice a changed folder
  return 0
}

if [ "$mode" = uninstall ]; then
  rm -f "$data/applications/$app.desktop" "$data/metainfo/$app.metainfo.xml" \
    "$data/icons/hicolor/scalable/apps/$app.svg"
  for png in "$data"/icons/hicolor/*/apps/"$app".png; do rm -f "$png"; done
  [ -d "$data/applications" ] && refresh
  echo "Removed Sift's menu entry, metadata and icons from $data"
  exit 0
fi

# The program the entry starts: an absolute path when we know it, else `sift` looked up on PATH.
if [ -z "$exec_path" ]; then
  exec_path=$(command -v sift || true)
fi
if [ -n "$exec_path" ]; then
  case "$exec_path" in
    *$'\n'* | *%*) # GLib looks up Exec's program before expanding %% field codes: it would not be found
      echo "install-desktop.sh: $exec_path: a path with a line break or '%' cannot be a menu entry; move Sift elsewhere" >&2
      exit 2 ;;
  esac
  if [ ! -f "$exec_path" ] || [ ! -x "$exec_path" ]; then
    echo "install-desktop.sh: $exec_path is not an executable program; give the sift program with --exec PATH" >&2
    exit 1
  fi
  exec_path="$(cd "$(dirname "$exec_path")" && pwd)/$(basename "$exec_path")"
  # Desktop Entry quoting: an argument with a reserved character is double-quoted with
  # \ " ` $ escaped; then the value itself escapes every backslash once more.
  arg=$exec_path
  case "$arg" in
    *[[:space:]\"\'\\\>\<~\|\&\;\$\*\?\#\(\)\`]*)
      arg=${arg//\\/\\\\}; arg=${arg//\"/\\\"}; arg=${arg//\`/\\\`}; arg=${arg//\$/\\\$}
      arg="\"$arg\"" ;;
  esac
  exec_line="${arg//\\/\\\\} %U"
  tryexec="${exec_path//\\/\\\\}"
else
  exec_line="sift %U"
  tryexec="sift"
  echo "Note: 'sift' is not on PATH; the menu entry needs it (pipx install . — or pass --exec PATH)." >&2
fi

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
EXEC_LINE="$exec_line" TRYEXEC="$tryexec" awk '
  /^Exec=/ { print "Exec=" ENVIRON["EXEC_LINE"]; next }
  /^TryExec=/ { print "TryExec=" ENVIRON["TRYEXEC"]; next }
  { print }' "$files/$app.desktop" >"$tmp"

install -Dm644 "$tmp" "$data/applications/$app.desktop"
install -Dm644 "$files/$app.metainfo.xml" "$data/metainfo/$app.metainfo.xml"
install -Dm644 "$icons/sift.svg" "$data/icons/hicolor/scalable/apps/$app.svg"
for png in "$icons"/sift-*.png; do
  size=$(basename "$png" .png)
  size=${size#sift-}
  install -Dm644 "$png" "$data/icons/hicolor/${size}x${size}/apps/$app.png"
done
refresh
echo "Installed Sift's menu entry into $data/applications (it starts: ${exec_path:-sift})"
