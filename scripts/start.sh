#!/usr/bin/env bash
# Quick start, command 1: install everything, load the demo plan, serve on 127.0.0.1:8000.
# Safe to re-run: installs only what is missing and never reloads a loaded demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system.sh
bash scripts/venv.sh requirements.txt
export IMPROVEMENT_DEMO=1
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_demo
.venv/bin/python manage.py createcachetable
# Committee PDFs are built by the background worker, so it runs beside the demo server
# and stops with it.
.venv/bin/python manage.py db_worker --no-reload &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Serving on http://127.0.0.1:8000 — sign in as officer, manager, clerk, board or admin (see README)."
.venv/bin/python manage.py runserver 127.0.0.1:8000
