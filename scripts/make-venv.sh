#!/usr/bin/env bash
# Create the virtual environment; on a fresh Debian machine venv support may need installing first.
set -euo pipefail
python="${1:-python3}"
venv="${2:-.venv}"
[ -x "$venv/bin/python" ] && exit 0
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "python${version}-venv" || \
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
