#!/usr/bin/env bash
# System packages the app needs on Debian 12: Python's venv, Pango and fonts for PDFs.
# Pass "test" to add what the test suite needs: Debian's chromium for browser tests,
# poppler for reading PDFs back, Node.js/npm for axe-core.
set -euo pipefail
packages=(python3 python3-venv python3-dev libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
          fonts-liberation fonts-dejavu-core shared-mime-info)
if [ "${1:-}" = "test" ]; then
  packages+=(chromium poppler-utils nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (as on some build machines): then skip it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
