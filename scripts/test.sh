#!/usr/bin/env bash
# Quick start, command 2: install the test needs and run the whole suite.
# Extra arguments go to pytest. DATABASE_URL, if set, chooses the database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh test
bash scripts/venv.sh requirements-test.txt
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
  (cd tests/browser && npm install --no-audit --no-fund --no-package-lock --silent)
fi
export IMPROVEMENT_DEMO=1
exec .venv/bin/pytest "$@"
