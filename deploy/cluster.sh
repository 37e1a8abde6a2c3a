#!/usr/bin/env bash
# The city topology of DESIGN.md §8 as plain processes from Debian packages (for machines without Docker):
# PostgreSQL, Redis (NiceGUI storage), N app instances and nginx with sticky sessions in front.
#
#   deploy/cluster.sh start DIR     start everything; state, logs and pid files live in DIR
#   deploy/cluster.sh stop DIR      stop everything that `start DIR` started
#
# Ports come from the environment: CLUSTER_PORT (nginx, default 8088), APP_PORTS (default "8091 8092"),
# REDIS_PORT (default 6389), PG_PORT (default 54339). Demo mode is off unless DEMO_MODE=true (the tests ask
# for it; it loads demo logins and opens the dev SMS inbox); without it SECRET_KEY, ENCRYPTION_KEYS,
# BLIND_INDEX_KEY and CARD_SIGNING_KEYS must be set (STORAGE_SECRET too, or a random one is made per start).
# CLUSTER_SHOW_UPSTREAM=1 adds a header X-Upstream naming the instance that answered (the tests use it).
# APP_CPUS (e.g. "0 1") pins each instance to a core, in the order of APP_PORTS; CLUSTER_REAL_IP_FROM names the
# addresses (a load balancer) whose X-Forwarded-For nginx believes; CLUSTER_CONNECTIONS (default 1024) is what one
# nginx worker holds at once (a page's websocket is two). bench/sessions.py uses all three.
# nginx sends the first page's scripts and styles itself, from copies scripts/precompress-static.py makes in DIR/static
# (Brotli where the Debian package libnginx-mod-http-brotli-static is installed, gzip otherwise), so the instances run
# with STATIC_FROM_NGINX=true: without the app's own Brotli piece.
# deploy/compose.yaml describes the same topology for Docker.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
CLUSTER_PORT="${CLUSTER_PORT:-8088}"
APP_PORTS="${APP_PORTS:-8091 8092}"
REDIS_PORT="${REDIS_PORT:-6389}"
PG_PORT="${PG_PORT:-54339}"
NGINX_MODULES="${NGINX_MODULES:-/usr/lib/nginx/modules}"

as_postgres() {  # PostgreSQL refuses to run as root
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() {  # wait_for URL SECONDS
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "not answering: $1" >&2; return 1; }
    sleep 0.2
  done
}

start_postgres() {
  local bin; bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
  mkdir -p "$DIR/pg-run"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR" "$DIR/pg-run"
  [ -d "$DIR/pg" ] || as_postgres "$bin/initdb" -D "$DIR/pg" -A trust -U ecard -E UTF8 >"$DIR/pg-init.log"
  as_postgres "$bin/pg_ctl" -D "$DIR/pg" -w -l "$DIR/postgres.log" \
    -o "-k $DIR/pg-run -p $PG_PORT -c listen_addresses=''" start >/dev/null
}

start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
    --dir "$DIR" --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
}

start_app() {  # start_app PORT [CPU]
  # The pid file holds the server's own pid (not a subshell's), so `stop` and a test's kill reach it; with a CPU the
  # instance runs on that core only (taskset execs the server, so the pid stays its own).
  local pin=()
  [ -n "${2:-}" ] && pin=(taskset -c "$2")
  (cd "$ROOT" && { PORT="$1" HOST=127.0.0.1 nohup "${pin[@]}" "$PY" main.py >"$DIR/app-$1.log" 2>&1 &
                   echo $! >"$DIR/app-$1.pid"; })
}

precompress_static() {  # the first page's scripts and styles, compressed ahead for nginx to send from disk
  (cd "$ROOT" && "$PY" scripts/precompress-static.py "$DIR/static" >/dev/null)
}

write_nginx_conf() {
  local servers="" port user="" shown_upstream='""' brotli_module="" brotli_rules="" real_ip=""
  local connections="${CLUSTER_CONNECTIONS:-1024}"
  # X-Upstream names the instance that answered, for tests (CLUSTER_SHOW_UPSTREAM=1); empty, so not sent, otherwise.
  [ "${CLUSTER_SHOW_UPSTREAM:-}" = 1 ] && shown_upstream='$upstream_addr'
  for port in $APP_PORTS; do servers+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'; done
  [ "$(id -u)" -eq 0 ] && user="user root;"
  # The .br copies too where nginx has the Brotli static module (Debian: libnginx-mod-http-brotli-static); the .gz
  # ones otherwise.
  if [ -f "$NGINX_MODULES/ngx_http_brotli_static_module.so" ]; then
    brotli_module="load_module $NGINX_MODULES/ngx_http_brotli_static_module.so;"
    brotli_rules="include \"$ROOT/deploy/nginx/fec-brotli.conf\";"
  fi
  # Behind a load balancer (or the sessions benchmark's simulated phones): the client address is the one its
  # X-Forwarded-For gives, so the per-address limit counts each client, not the balancer.
  if [ -n "${CLUSTER_REAL_IP_FROM:-}" ]; then
    real_ip="real_ip_header X-Forwarded-For;"
    for port in $CLUSTER_REAL_IP_FROM; do real_ip+=" set_real_ip_from $port;"; done
  fi
  mkdir -p "$DIR/nginx"
  cat >"$DIR/nginx.conf" <<EOF
$brotli_module
$user
worker_processes 1;
worker_rlimit_nofile $((connections * 2));
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections $connections; }
http {
  $real_ip
  access_log $DIR/nginx-access.log;
  client_body_temp_path $DIR/nginx/body;
  proxy_temp_path $DIR/nginx/proxy;
  fastcgi_temp_path $DIR/nginx/fastcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi;
  scgi_temp_path $DIR/nginx/scgi;
  include "$ROOT/deploy/nginx/fec-http.conf";
  $brotli_rules
  map \$upstream_addr \$fec_upstream { default $shown_upstream; }
  upstream family_ecard {
    hash \$fec_route consistent;
$servers  }
  server {
    listen 127.0.0.1:$CLUSTER_PORT;
    root "$DIR/static";
    include "$ROOT/deploy/nginx/fec-locations.conf";
  }
}
EOF
}

start() {
  mkdir -p "$DIR"
  export DATABASE_URL="postgresql+psycopg://ecard@/postgres?host=$DIR/pg-run&port=$PG_PORT"
  export NICEGUI_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export DEMO_MODE="${DEMO_MODE:-false}"
  # The instances listen on loopback only and nginx reaches them there, so loopback is the one address whose
  # X-Forwarded-For they believe (uvicorn's default too, stated so the caller's environment cannot widen it).
  export FORWARDED_ALLOW_IPS=127.0.0.1
  # nginx sends the first page's scripts and styles from the copies precompress_static makes, so the instances leave
  # their own Brotli piece out (app/web/speedups/brotli_static.py).
  export STATIC_FROM_NGINX=true
  # One storage secret for every instance, so a browser's session is valid on all of them.
  export STORAGE_SECRET="${STORAGE_SECRET:-cluster-storage-secret-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  # Keys the instances would refuse are said at once, in plain words, rather than as instances that never answer.
  (cd "$ROOT" && "$PY" -m app.cli check-settings >/dev/null)
  start_postgres
  start_redis
  (cd "$ROOT" && "$PY" -m app.cli migrate >/dev/null)
  if [ "$DEMO_MODE" = "true" ]; then (cd "$ROOT" && "$PY" -m app.cli load-demo >/dev/null); fi
  local port copies
  precompress_static & copies=$!  # while the instances start
  local cpus=(${APP_CPUS:-}) i=0
  for port in $APP_PORTS; do start_app "$port" "${cpus[$i]:-}"; i=$((i + 1)); done
  for port in $APP_PORTS; do wait_for "http://127.0.0.1:$port/api/health" 60; done
  wait "$copies"
  write_nginx_conf
  nginx -c "$DIR/nginx.conf" -p "$DIR" -e "$DIR/nginx-error.log"
  wait_for "http://127.0.0.1:$CLUSTER_PORT/api/health" 10
  echo "Family E-Card cluster: http://127.0.0.1:$CLUSTER_PORT (instances on ports $APP_PORTS)"
}

stop() {
  local pidfile
  [ -f "$DIR/nginx.pid" ] && nginx -c "$DIR/nginx.conf" -p "$DIR" -e "$DIR/nginx-error.log" -s stop 2>/dev/null || true
  for pidfile in "$DIR"/app-*.pid; do
    [ -f "$pidfile" ] && { kill "$(cat "$pidfile")" 2>/dev/null || true; rm -f "$pidfile"; }
  done
  [ -f "$DIR/redis.pid" ] && { kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true; }
  if [ -d "$DIR/pg" ]; then
    local bin; bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)")"
    as_postgres "$bin/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start) DIR="$(mkdir -p "${2:?usage: $0 start DIR}" && cd "$2" && pwd)"; start ;;
  stop) DIR="$(cd "${2:?usage: $0 stop DIR}" && pwd)"; stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
