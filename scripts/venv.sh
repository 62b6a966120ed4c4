#!/usr/bin/env bash
# Create .venv (once) and install the pinned requirements file given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
py=python3.11
command -v "$py" >/dev/null || py=python3
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"
