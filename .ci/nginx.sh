#!/usr/bin/env bash
# CI: the production stack as deployed. Debian's nginx, with a self-signed certificate on
# loopback, runs deploy/nginx/improvement.conf (ports and paths changed) in front of
# scripts/serve.sh (migrate, collectstatic, gunicorn and the PDF worker) with production
# settings and a fresh SQLite database; curl then signs in through nginx over https.
# Needs root on Debian 12 only to install nginx, openssl and curl when missing. Leaves
# nothing behind: no system service, no files outside its own temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

# --- nginx, openssl and curl from Debian, without starting the system's nginx ----------
missing=()
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Debian starts a service as it installs it; policy-rc.d (exit 101) says "not now".
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

# --- A folder of our own, and everything in it stopped and removed at the end ----------
tmp=$(mktemp -d /tmp/ci-nginx.XXXXXX)
serve_pid="" nginx_pid=""
cleanup() {
  status=$?
  [ -n "$serve_pid" ] && kill -TERM "$serve_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "--- serve.sh log (last 60 lines)" >&2
    tail -n 60 "$tmp/serve.log" >&2 2>/dev/null || true
    echo "--- nginx error log" >&2
    tail -n 20 "$tmp/error.log" >&2 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

free_port() {
  .venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
http_port=$(free_port)
https_port=$(free_port)
app_port=$(free_port)
base="https://127.0.0.1:$https_port"

# --- A certificate for 127.0.0.1 and localhost, trusted by our curl only ---------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$tmp/tls.key" -out "$tmp/tls.pem" 2>/dev/null

# --- nginx: the shipped site, on high loopback ports, in its own prefix ----------------
site=deploy/nginx/improvement.conf
sed -e "s#listen 80;#listen 127.0.0.1:$http_port;#" \
  -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https_port ssl http2;#" \
  -e '/listen \[::\]/d' \
  -e "s#server_name tracker.example.gov.uk;#server_name 127.0.0.1 localhost;#" \
  -e "s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$https_port\$request_uri;#" \
  -e "s#ssl_certificate /etc/ssl/certs/improvement.pem;#ssl_certificate $tmp/tls.pem;#" \
  -e "s#ssl_certificate_key /etc/ssl/private/improvement.key;#ssl_certificate_key $tmp/tls.key;#" \
  -e "s#proxy_pass http://127.0.0.1:8000;#proxy_pass http://127.0.0.1:$app_port;#" \
  "$site" >"$tmp/site.conf"
# Each change must have found its line: if the shipped file changes, this test says so.
for expected in "127.0.0.1:$http_port;" "127.0.0.1:$https_port ssl" "server_name 127.0.0.1" \
  "https://\$host:$https_port" "$tmp/tls.pem" "$tmp/tls.key" "127.0.0.1:$app_port;"; do
  grep -qF "$expected" "$tmp/site.conf" || fail "$site no longer has the line for $expected"
done
for dir in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$tmp/$dir"; done
user_line=""
if [ "$(id -u)" = 0 ]; then
  # nginx's workers drop root: they need to reach and write their temporary folders.
  user_line="user www-data;"
  chmod 711 "$tmp"
  chown www-data "$tmp"/{client_body,proxy,fastcgi,uwsgi,scgi}
fi
cat >"$tmp/nginx.conf" <<EOF
$user_line
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $tmp/access.log;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    include $tmp/site.conf;
}
EOF
/usr/sbin/nginx -t -q -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/error.log"
/usr/sbin/nginx -p "$tmp" -c "$tmp/nginx.conf" -e "$tmp/error.log" -g "daemon off;" &
nginx_pid=$!

# --- The application with production settings, started as systemd starts it ----------
unset IMPROVEMENT_DEMO DJANGO_DEBUG DATABASE_URL
export SECRET_KEY
SECRET_KEY=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="$base,https://localhost:$https_port"
export TRUST_X_FORWARDED_PROTO=1 AXES_IPWARE_PROXY_COUNT=1
export SQLITE_PATH="$tmp/db.sqlite3" STATIC_ROOT="$tmp/static" UPLOAD_DIR="$tmp/uploads"
export GUNICORN_BIND="127.0.0.1:$app_port" GUNICORN_WORKERS=2
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
bash scripts/serve.sh >"$tmp/serve.log" 2>&1 &
serve_pid=$!

curl_() { curl -sS --cacert "$tmp/tls.pem" --max-time 30 "$@"; }
for _ in $(seq 180); do
  kill -0 "$serve_pid" 2>/dev/null || fail "scripts/serve.sh stopped before serving"
  [ "$(curl_ -o /dev/null -w '%{http_code}' "$base/healthz" 2>/dev/null)" = 200 ] && break
  sleep 1
done
[ "$(curl_ -o /dev/null -w '%{http_code}' "$base/healthz")" = 200 ] || fail "no answer on $base"
echo "serving through nginx after $(($(date +%s) - started)) s"

# The first admin, as README's "Running it for real" says.
password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(16))')
DJANGO_SUPERUSER_PASSWORD="$password" .venv/bin/python manage.py createsuperuser \
  --no-input --username ci-admin --email ci-admin@example.gov.uk >/dev/null

# --- Sign in through nginx over https ---------------------------------------------------
jar="$tmp/cookies"
login_page=$(curl_ -c "$jar" -b "$jar" -D "$tmp/login.headers" "$base/accounts/login/")
grep -qi '^strict-transport-security: max-age=31536000' "$tmp/login.headers" ||
  fail "no HSTS header on the sign-in page"
grep -qiE '^x-request-id: [0-9a-f]{32}' "$tmp/login.headers" ||
  fail "nginx's request id did not come back"
token=$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' <<<"$login_page" | head -n 1 |
  sed 's/.*value="//; s/"$//')
[ -n "$token" ] || fail "no CSRF token in the sign-in form"
landed=$(curl_ -c "$jar" -b "$jar" -L -o "$tmp/plans.html" -w '%{http_code} %{url_effective}' \
  -H "Referer: $base/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode "username=ci-admin" \
  --data-urlencode "password=$password" "$base/accounts/login/")
[ "$landed" = "200 $base/plans/" ] || fail "signing in ended at '$landed', not 200 $base/plans/"
grep -q "signed in as ci-admin" "$tmp/plans.html" || fail "the plans page does not name ci-admin"
# Cookies for https only, and the session's out of scripts' reach.
grep -qE '^#HttpOnly_127\.0\.0\.1\s+FALSE\s+/\s+TRUE\s+.*sessionid' "$jar" ||
  fail "the session cookie is not Secure and HttpOnly"
echo "signed in through nginx over https"

# --- Plain http is sent to https --------------------------------------------------------
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' \
  "http://127.0.0.1:$http_port/plans/")
[ "$redirect" = "301 $base/plans/" ] || fail "http://…/plans/ answered '$redirect'"

# --- The page's stylesheet, by its hashed name, compressed and cached for good ----------
css=$(grep -oE '/static/govuk/govuk-council\.min\.[0-9a-f]{12}\.css' "$tmp/plans.html" | head -n 1)
[ -n "$css" ] || fail "the page does not link a hashed GOV.UK stylesheet"
served=$(curl_ -H 'Accept-Encoding: gzip' -D "$tmp/css.headers" -o "$tmp/css.gz" \
  -w '%{http_code} %{content_type}' "$base$css")
[ "$served" = "200 text/css; charset=\"utf-8\"" ] || [ "$served" = "200 text/css" ] ||
  fail "$css answered '$served'"
grep -qi '^content-encoding: gzip' "$tmp/css.headers" || fail "$css was not sent compressed"
grep -qi '^cache-control:.*immutable' "$tmp/css.headers" || fail "$css is not cached for good"
gunzip -c "$tmp/css.gz" | grep -q "govuk-header" || fail "$css is not the GOV.UK stylesheet"
echo "static files served: $css"

# --- The deployment checks pass with these settings ------------------------------------
.venv/bin/python manage.py check --deploy --fail-level WARNING

echo "production stack behind nginx: OK in $(($(date +%s) - started)) s"
