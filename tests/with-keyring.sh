#!/usr/bin/env bash
# Run a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session.
# Usage: dbus-run-session -- tests/with-keyring.sh COMMAND...
set -euo pipefail
keyhome=$(mktemp -d)
export XDG_DATA_HOME="$keyhome/data" XDG_CONFIG_HOME="$keyhome/config"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$keyhome/run}"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf 'sift-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SIFT_KEYRING_TESTS=1
trap 'rm -rf "$keyhome"' EXIT
"$@"
