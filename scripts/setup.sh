#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment in .venv with the project installed.
#   bash scripts/setup.sh          # to build maps
#   bash scripts/setup.sh --test   # also the test tools and Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e ".[test]"
  if [ ! -x /usr/bin/chromium ]; then
    # The browser tests drive Debian's Chromium; playwright never downloads a browser here.
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
