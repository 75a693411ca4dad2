#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the tests need (Chromium for the VS Code
# workbench, a toolchain for code-server's native modules, ripgrep, strace for the
# unit test that traces the listener's writes and fdatasyncs), only when something
# is missing. Runs as root (CI) or through sudo.
set -euo pipefail

packages=(chromium fonts-liberation build-essential python3 pkg-config libkrb5-dev ripgrep curl strace)

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for pkg in "${packages[@]}"; do
  case "$pkg" in
    chromium) command -v chromium >/dev/null 2>&1 || is_installed chromium || missing+=("$pkg") ;;
    ripgrep) command -v rg >/dev/null 2>&1 || is_installed ripgrep || missing+=("$pkg") ;;
    python3) command -v python3 >/dev/null 2>&1 || is_installed python3 || missing+=("$pkg") ;;
    strace) command -v strace >/dev/null 2>&1 || is_installed strace || missing+=("$pkg") ;;
    *) is_installed "$pkg" || missing+=("$pkg") ;;
  esac
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-system: all packages present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system: missing ${missing[*]}, and apt-get is not available; install them by hand." >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-system: must run as root (or with sudo) to install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y "${missing[@]}"
echo "install-system: done"
