#!/usr/bin/env bash
# The production server, one command: migrate the database, make the cache table, collect
# the static files (hashed, compressed), then run gunicorn (deploy/gunicorn.conf.py) and
# the background worker that builds committee PDFs (manage.py db_worker) side by side.
# SIGTERM or Ctrl-C stops both; if either stops on its own the other is stopped too and
# this script exits non-zero, so systemd (deploy/systemd/improvement.service) restarts both.
#
# It serves whatever the environment configures (deploy/improvement.env.example): with
# IMPROVEMENT_DEMO=1 that is a demo (DEBUG on, no https redirect), and it says so. To run
# it by hand with an environment file: set -a; . /etc/improvement/improvement.env; set +a
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python

if [ -n "${IMPROVEMENT_DEMO:-}" ] && [ "${IMPROVEMENT_DEMO}" != "0" ]; then
  echo "serve.sh: IMPROVEMENT_DEMO is set: serving the demo settings, not production ones." >&2
fi

"$py" manage.py migrate --no-input
"$py" manage.py createcachetable
"$py" manage.py collectstatic --no-input --verbosity 0
# Prints any deployment warning to the log; an error (bad settings) stops here.
"$py" manage.py check --deploy

web="" worker=""
stop() {
  trap - TERM INT EXIT
  for pid in $web $worker; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap 'stop; exit 0' TERM INT
trap 'stop' EXIT

"$py" -m gunicorn --config deploy/gunicorn.conf.py improvement.wsgi &
web=$!
# Finishes the PDF it is building before it stops on SIGTERM.
"$py" manage.py db_worker --no-reload &
worker=$!
echo "serve.sh: web server (pid $web) and background worker (pid $worker) started." >&2

set +e
wait -n "$web" "$worker"
status=$?
set -e
echo "serve.sh: one of the web server and the background worker stopped (exit $status);" \
  "stopping the other." >&2
stop
# A server is not meant to stop by itself: report a failure even on a clean exit.
exit $((status == 0 ? 1 : status))
