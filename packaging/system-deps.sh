#!/usr/bin/env bash
# Install the Debian packages Sift needs on this machine kind: Qt's xcb runtime libraries, plus
# the tools the test suite uses (Xvfb, a Secret Service, D-Bus, desktop/AppStream validators).
# Does nothing when everything is present; needs root (or sudo) otherwise.
set -euo pipefail

RUNTIME="libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 libx11-6 libx11-xcb1 libxcb1
 libwayland-client0 libwayland-cursor0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0
 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core fonts-sil-charis fonts-inter"
TOOLS="xvfb xauth xdotool dbus dbus-x11 gnome-keyring desktop-file-utils appstream libglib2.0-bin"

missing=()
for p in $RUNTIME $TOOLS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
