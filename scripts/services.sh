#!/usr/bin/env bash
# Backing services of Flores Victoria on this machine, natively (no Docker engine needed):
# PostgreSQL, Redis, RabbitMQ, FerretDB (the MongoDB wire protocol, stored in PostgreSQL) and Mailpit
# (an SMTP server that keeps every message and shows them over HTTP: development and tests only).
#
#   scripts/services.sh [start]   reuse what already listens; else start what is installed;
#                                 else install what is missing (Debian packages; FerretDB and Mailpit
#                                 are built once from the Go module proxy and cached); then wait until each
#                                 accepts connections and create the databases. Prints nothing
#                                 when everything is already up. A FerretDB it started with another
#                                 PostgreSQL pool size (an older checkout's) is restarted.
#   scripts/services.sh status    one line per service
#   scripts/services.sh stop [postgresql|redis|rabbitmq|ferretdb|mailpit]...
#                                 stop only what this script started (markers in .services/)
#
# Environment: PGHOST PGPORT PGUSER, REDIS_HOST REDIS_PORT, RABBITMQ_HOST RABBITMQ_PORT RABBITMQ_METRICS_PORT,
# MONGO_HOST MONGO_PORT, FERRETDB_VERSION, FERRETDB_BIN (use this binary instead of building),
# FERRETDB_DEBUG_ADDR (default "-": FerretDB's debug HTTP listener off), MAILPIT_HOST MAILPIT_SMTP_PORT
# MAILPIT_HTTP_PORT, MAILPIT_VERSION, MAILPIT_BIN (use this binary instead of building), SERVICES_TIMEOUT
# (seconds to wait for each service, default 120), SERVICES_VERBOSE=1.
# shellcheck disable=SC2016  # single-quoted `bash -c` bodies expand in the child, on purpose
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$ROOT/.services"

PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
RABBITMQ_HOST="${RABBITMQ_HOST:-127.0.0.1}"
RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
# Where RabbitMQ's Prometheus plugin (rabbitmq_prometheus, enabled here) serves its metrics.
RABBITMQ_METRICS_PORT="${RABBITMQ_METRICS_PORT:-15692}"
MONGO_HOST="${MONGO_HOST:-127.0.0.1}"
MONGO_PORT="${MONGO_PORT:-27017}"
FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
FERRETDB_MODULE="github.com/FerretDB/FerretDB"
FERRETDB_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/flores-victoria/ferretdb-$FERRETDB_VERSION"
MAILPIT_HOST="${MAILPIT_HOST:-127.0.0.1}"
MAILPIT_SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
MAILPIT_VERSION="${MAILPIT_VERSION:-v1.33.1}"
MAILPIT_MODULE="github.com/axllent/mailpit"
MAILPIT_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/flores-victoria/mailpit-$MAILPIT_VERSION"
TIMEOUT="${SERVICES_TIMEOUT:-120}"
VERBOSE="${SERVICES_VERBOSE:-0}"
DATABASES=(flores flores_test ferretdb)

# State under .services/ is named per service, with the port appended when it is not the default.
tag() { if [[ $2 == "$3" ]]; then echo "$1"; else echo "$1-$2"; fi; }
PG_TAG="$(tag postgresql "$PGPORT" 5432)"
REDIS_TAG="$(tag redis "$REDIS_PORT" 6379)"
RABBIT_TAG="$(tag rabbitmq "$RABBITMQ_PORT" 5672)"
FERRET_TAG="$(tag ferretdb "$MONGO_PORT" 27017)"
MAILPIT_TAG="$(tag mailpit "$MAILPIT_SMTP_PORT" 1025)"

export PGCONNECT_TIMEOUT=3

# ---------------------------------------------------------------- helpers

say() { printf 'services: %s\n' "$*"; }
info() { if [[ $VERBOSE == 1 ]]; then say "$@"; fi; }
# fail SERVICE MESSAGE [LOG...]
fail() {
  local svc="$1" msg="$2"
  shift 2
  printf 'services: %s FAILED: %s\n' "$svc" "$msg" >&2
  local log
  for log in "$@"; do
    [[ -n $log ]] || continue
    printf 'services:   log: %s\n' "$log" >&2
    [[ -f $log ]] && tail -n 15 "$log" 2>/dev/null | sed 's/^/services:   | /' >&2
  done
  exit 1
}

is_local() {
  case "$1" in
    127.* | localhost | ::1 | 0.0.0.0 | "") return 0 ;;
    *) return 1 ;;
  esac
}
ipv4() { [[ $1 == localhost || $1 == 0.0.0.0 || -z $1 ]] && echo 127.0.0.1 || echo "$1"; }

# Root commands run directly when root, else through passwordless sudo if there is one.
ROOT_CMD="unset"
can_root() {
  if [[ $ROOT_CMD == unset ]]; then
    if [[ $EUID -eq 0 ]]; then
      ROOT_CMD=""
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      ROOT_CMD="sudo -n"
    else
      ROOT_CMD=none
    fi
  fi
  [[ $ROOT_CMD != none ]]
}
as_root() {
  can_root || return 126
  $ROOT_CMD "$@"
}

port_open() { timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# wait_until SECONDS CMD...: polls CMD until it succeeds.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

# Pid of the process listening on a local TCP port (empty if unknown).
listener_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}
fresh_log() { if [[ -f $1 ]]; then mv -f "$1" "$1.prev"; fi; } # keeps one previous run
mark_started() { # NAME PORT [EXTRA]
  mkdir -p "$STATE_DIR"
  printf '%s %s\n' "$(listener_pid "$2")" "${3:-}" >"$STATE_DIR/started.$1"
}

# ---------------------------------------------------------------- probes

psql_q() { psql -X -w -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -Atc "$1"; }
pg_ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 2 >/dev/null 2>&1; }
pg_missing_dbs() { # prints the databases that do not exist yet; fails if we cannot connect
  local list have
  list="$(printf "'%s'," "${DATABASES[@]}")"
  have="$(psql_q "select string_agg(datname, ' ') from pg_database where datname in (${list%,})" 2>/dev/null)" || return 1
  local db
  for db in "${DATABASES[@]}"; do
    [[ " $have " == *" $db "* ]] || printf '%s ' "$db"
  done
}
pg_ok() {
  command -v psql >/dev/null 2>&1 || return 1
  local missing
  missing="$(pg_missing_dbs)" || return 1
  [[ -z $missing ]]
}

redis_ok() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "PING\r\n" >&3; IFS= read -r -t 2 l <&3; [[ $l == +PONG* || $l == -NOAUTH* ]]' \
    "$REDIS_HOST" "$REDIS_PORT" 2>/dev/null
}
rabbit_ok() { # an AMQP 0-9-1 protocol header gets a Connection.Start method frame (type 1) back
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "AMQP\x00\x00\x09\x01" >&3; IFS= read -r -n 1 -t 2 b <&3; [[ $b == $'"'"'\x01'"'"' ]]' \
    "$RABBITMQ_HOST" "$RABBITMQ_PORT" 2>/dev/null
}
# RabbitMQ's Prometheus plugin answers HTTP on its port (scripts/ops.sh scrapes it).
rabbit_metrics_ok() {
  ! is_local "$RABBITMQ_HOST" ||
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "GET /metrics HTTP/1.0\r\nHost: $0\r\n\r\n" >&3; IFS= read -r -t 2 l <&3; [[ $l == "HTTP/1."?" 200"* ]]' \
      "$(ipv4 "$RABBITMQ_HOST")" "$RABBITMQ_METRICS_PORT" 2>/dev/null
}
# MongoDB wire protocol: OP_MSG { ping: 1, $db: "admin" }; the reply must be an OP_MSG holding ok: 1.0.
# (On FerretDB a ping also reaches its PostgreSQL backend.)
mongo_ok() {
  timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x33\0\0\0\x01\0\0\0\0\0\0\0\xdd\x07\0\0\0\0\0\0\0\x1e\0\0\0\x10ping\0\x01\0\0\0\x02\$db\0\x06\0\0\0admin\0\0" >&3
    read -r -a h < <(dd bs=1 count=16 <&3 2>/dev/null | od -An -v -tu1)
    [[ ${#h[@]} == 16 && ${h[12]} == 221 && ${h[13]} == 7 ]] || exit 1
    body=$(dd bs=1 count=$((h[0] + 256 * h[1] + 65536 * h[2] - 16)) <&3 2>/dev/null | od -An -v -tx1 | tr -d " \n")
    [[ $body == *016f6b00000000000000f03f* ]]' "$MONGO_HOST" "$MONGO_PORT" 2>/dev/null
}

# SMTP greets with 220, and Mailpit's HTTP API answers (both listeners up).
mailpit_ok() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; IFS= read -r -t 2 l <&3; [[ $l == 220* ]]' "$MAILPIT_HOST" "$MAILPIT_SMTP_PORT" 2>/dev/null &&
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"; printf "GET /livez HTTP/1.0\r\nHost: $0\r\n\r\n" >&3; IFS= read -r -t 2 l <&3; [[ $l == "HTTP/1."?" 200"* ]]' \
      "$MAILPIT_HOST" "$MAILPIT_HTTP_PORT" 2>/dev/null
}

# ---------------------------------------------------------------- installing

APT_LOG="$STATE_DIR/apt.log"
apt_install() {
  (($#)) || return 0
  if ! can_root; then
    fail "install" "$* not installed, and installing needs root (run as root, or: apt-get install -y $*)"
  fi
  mkdir -p "$STATE_DIR"
  say "installing $* (apt-get; log: $APT_LOG)"
  export DEBIAN_FRONTEND=noninteractive
  local p need_update=0
  for p in "$@"; do
    apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || need_update=1
  done
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)
  if ((need_update)); then
    as_root "${apt[@]}" update >>"$APT_LOG" 2>&1 || fail "install" "apt-get update failed" "$APT_LOG"
  fi
  if ! as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >>"$APT_LOG" 2>&1; then
    ((need_update)) && fail "install" "apt-get install $* failed" "$APT_LOG"
    # stale package lists: refresh once and retry
    as_root "${apt[@]}" update >>"$APT_LOG" 2>&1 || fail "install" "apt-get update failed" "$APT_LOG"
    as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "$@" >>"$APT_LOG" 2>&1 ||
      fail "install" "apt-get install $* failed" "$APT_LOG"
  fi
}

go_bin() {
  if command -v go >/dev/null 2>&1; then command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then echo /usr/local/go/bin/go
  fi
}

# Prints the binary a service would run without building: its *_BIN override (named by VARIABLE) or the cached
# build; fails (status 1) when there is neither.
ready_bin() { # SERVICE VARIABLE CACHED
  local override="${!2:-}"
  if [[ -n $override ]]; then
    [[ -x $override ]] || fail "$1" "$2=$override is not executable"
    echo "$override"
  elif [[ -x $3 ]]; then
    echo "$3"
  else
    return 1
  fi
}

# Prints the Go toolchain to build WHAT with, once announced (cache: CACHE, made; log: LOG); fails without one.
go_for_build() { # SERVICE WHAT CACHE LOG [REQUIREMENT]
  local go
  go="$(go_bin)"
  [[ -n $go ]] || fail "$1" "no Go toolchain (${5:-Go} on PATH or in /usr/local/go) to build $2"
  mkdir -p "$STATE_DIR" "$3"
  say "building $2 once (cache: $3; log: $4)" >&2
  echo "$go"
}

# Prints the path of a FerretDB binary, building it once per version if needed.
# `go install …@version` builds a binary that panics at start (its build/version/version.txt is
# empty in the module zip), so build from a writable copy of the module with that file filled in.
ferretdb_bin() {
  local bin="$FERRETDB_CACHE/ferretdb" log="$STATE_DIR/ferretdb-build.log"
  ready_bin ferretdb FERRETDB_BIN "$bin" && return
  local go src tmp
  go="$(go_for_build ferretdb "FerretDB $FERRETDB_VERSION" "$FERRETDB_CACHE" "$log" "Go >= 1.24")" || exit 1
  src="$("$go" mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" 2>>"$log" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')" || true
  [[ -n $src && -d $src ]] || fail "ferretdb" "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION failed" "$log"
  tmp="$(mktemp -d)"
  cp -R "$src/." "$tmp/"
  chmod -R u+w "$tmp"
  echo "$FERRETDB_VERSION" >"$tmp/build/version/version.txt"
  if ! (cd "$tmp" && GOFLAGS=-buildvcs=false "$go" build -o "$bin.tmp.$$" ./cmd/ferretdb) >>"$log" 2>&1; then
    rm -rf "$tmp" "$bin.tmp.$$"
    fail "ferretdb" "go build of FerretDB $FERRETDB_VERSION failed" "$log"
  fi
  rm -rf "$tmp"
  mv -f "$bin.tmp.$$" "$bin"
  echo "$bin"
}

# Prints the path of a Mailpit binary, building it once per version if needed (`go install` works as it is).
# Never runs its `version` sub-command: that one looks for a newer release on the internet.
mailpit_bin() {
  local bin="$MAILPIT_CACHE/mailpit" log="$STATE_DIR/mailpit-build.log"
  ready_bin mailpit MAILPIT_BIN "$bin" && return
  local go tmp
  go="$(go_for_build mailpit "Mailpit $MAILPIT_VERSION" "$MAILPIT_CACHE" "$log")" || exit 1
  tmp="$(mktemp -d)"
  if ! GOBIN="$tmp" GOFLAGS=-buildvcs=false "$go" install "$MAILPIT_MODULE@$MAILPIT_VERSION" >>"$log" 2>&1; then
    rm -rf "$tmp"
    fail "mailpit" "go install $MAILPIT_MODULE@$MAILPIT_VERSION failed" "$log"
  fi
  mv -f "$tmp/mailpit" "$bin"
  rm -rf "$tmp"
  echo "$bin"
}

# ---------------------------------------------------------------- PostgreSQL

# "VERSION CLUSTER STATUS LOGFILE" of the Debian cluster configured for $PGPORT
pg_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 0
  pg_lsclusters -h 2>/dev/null | awk -v p="$PGPORT" '$3 == p { print $1, $2, $4, $7; exit }'
}

pg_start() {
  pg_ready && return 0
  is_local "$PGHOST" || fail "postgresql" "nothing accepts connections at $PGHOST:$PGPORT (not a local host: start it there)"
  local c ver name status log
  c="$(pg_cluster)"
  if [[ -z $c ]]; then
    if [[ -n "$(pg_lsclusters -h 2>/dev/null)" ]]; then
      fail "postgresql" "no PostgreSQL cluster is configured for port $PGPORT (pg_lsclusters lists: $(pg_lsclusters -h | awk '{printf "%s/%s:%s ", $1, $2, $3}'))"
    fi
    ver="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)"
    [[ -n $ver ]] || fail "postgresql" "no PostgreSQL server installed"
    say "creating PostgreSQL cluster $ver/main on port $PGPORT"
    as_root pg_createcluster --port "$PGPORT" "$ver" main >>"$STATE_DIR/$PG_TAG-start.log" 2>&1 ||
      fail "postgresql" "pg_createcluster $ver main failed" "$STATE_DIR/$PG_TAG-start.log"
    c="$(pg_cluster)"
  fi
  read -r ver name status log <<<"$c"
  if [[ $status != online ]]; then
    if ! can_root && [[ "$(stat -c %u "/var/lib/postgresql/$ver/$name" 2>/dev/null)" != "$EUID" ]]; then
      fail "postgresql" "cluster $ver/$name is down and starting it needs root (pg_ctlcluster $ver $name start)"
    fi
    info "starting PostgreSQL $ver/$name"
    fresh_log "$STATE_DIR/$PG_TAG-start.log"
    local sudo=""
    if can_root; then sudo="$ROOT_CMD"; fi
    # shellcheck disable=SC2086  # $sudo is empty or "sudo -n"
    setsid -w $sudo pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start </dev/null >>"$STATE_DIR/$PG_TAG-start.log" 2>&1 ||
      fail "postgresql" "pg_ctlcluster $ver $name start failed" "$STATE_DIR/$PG_TAG-start.log" "$log"
  fi
  wait_until "$TIMEOUT" pg_ready || fail "postgresql" "not accepting connections on $PGHOST:$PGPORT after ${TIMEOUT}s" "$log"
  if [[ $status != online ]]; then
    mark_started "$PG_TAG" "$PGPORT" "$ver $name"
    ln -sfn "$log" "$STATE_DIR/$PG_TAG.log" 2>/dev/null || true
    say "postgresql started on $PGHOST:$PGPORT (log: $log)"
  fi
}

# Makes loopback TCP connections trusted, unless our connection is accepted already.
pg_access() {
  local err
  err="$(psql_q 'select 1' 2>&1 >/dev/null)" && return 0
  is_local "$PGHOST" || fail "postgresql" "cannot connect as $PGUSER to $PGHOST:$PGPORT: $err"
  local c ver name status log hba
  c="$(pg_cluster)"
  [[ -n $c ]] || fail "postgresql" "cannot connect as $PGUSER to $PGHOST:$PGPORT, and no Debian cluster to configure: $err"
  read -r ver name status log <<<"$c"
  hba="$(pg_conftool -s "$ver" "$name" show hba_file 2>/dev/null || echo "/etc/postgresql/$ver/$name/pg_hba.conf")"
  if grep -q '^# flores-victoria:' "$hba" 2>/dev/null; then
    fail "postgresql" "cannot connect as $PGUSER to $PGHOST:$PGPORT although $hba trusts loopback: $err" "$log"
  fi
  can_root || fail "postgresql" "cannot connect as $PGUSER ($err); making loopback trusted in $hba needs root"
  say "postgresql: trusting loopback TCP connections in $hba (development setting)"
  local tmp
  tmp="$(mktemp)"
  {
    echo "# flores-victoria: scripts/services.sh made loopback TCP connections trusted (development only)"
    echo "host    all    all    127.0.0.1/32    trust"
    echo "host    all    all    ::1/128         trust"
    as_root cat "$hba"
  } >"$tmp"
  as_root sh -c 'cat "$1" > "$2"' sh "$tmp" "$hba"
  rm -f "$tmp"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null 2>&1 ||
    fail "postgresql" "reload after editing $hba failed" "$log"
  wait_until 10 bash -c "psql -X -w -q -h '$PGHOST' -p '$PGPORT' -U '$PGUSER' -d postgres -Atc 'select 1' >/dev/null 2>&1" ||
    fail "postgresql" "still cannot connect as $PGUSER to $PGHOST:$PGPORT after trusting loopback" "$log"
}

pg_databases() {
  local missing db
  missing="$(pg_missing_dbs)" || fail "postgresql" "cannot query $PGHOST:$PGPORT"
  for db in $missing; do
    if ! psql_q "create database \"$db\"" >/dev/null 2>>"$STATE_DIR/$PG_TAG-start.log"; then
      # a concurrent creator may have won the race
      [[ "$(psql_q "select 1 from pg_database where datname = '$db'" 2>/dev/null)" == 1 ]] ||
        fail "postgresql" "could not create database $db" "$STATE_DIR/$PG_TAG-start.log"
    fi
    info "postgresql: created database $db"
  done
}

# ---------------------------------------------------------------- Redis

redis_start() {
  redis_ok && return 0
  is_local "$REDIS_HOST" || fail "redis" "nothing answers at $REDIS_HOST:$REDIS_PORT (not a local host: start it there)"
  local log="$STATE_DIR/$REDIS_TAG.log"
  if port_open "$REDIS_HOST" "$REDIS_PORT"; then
    wait_until 15 redis_ok || fail "redis" "port $REDIS_PORT is taken by something that does not answer PING"
    return 0
  fi
  info "starting Redis"
  fresh_log "$log"
  fresh_log "$STATE_DIR/$REDIS_TAG-start.log"
  rm -f "$STATE_DIR/$REDIS_TAG.pid"
  setsid -w redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE_DIR" --logfile "$log" --pidfile "$STATE_DIR/$REDIS_TAG.pid" </dev/null >>"$STATE_DIR/$REDIS_TAG-start.log" 2>&1 ||
    fail "redis" "redis-server did not start" "$STATE_DIR/$REDIS_TAG-start.log" "$log"
  wait_until "$TIMEOUT" redis_ok || fail "redis" "not answering on $REDIS_HOST:$REDIS_PORT after ${TIMEOUT}s" "$log"
  mark_started "$REDIS_TAG" "$REDIS_PORT"
  say "redis started on $REDIS_HOST:$REDIS_PORT (log: $log)"
}

# ---------------------------------------------------------------- RabbitMQ (slow: started first, awaited last)

RABBIT_STARTED=0
rabbit_logs() {
  echo "$STATE_DIR/$RABBIT_TAG.log"
  local f
  for f in /var/log/rabbitmq/rabbit@*.log; do
    [[ -f $f && $f != *_upgrade.log ]] && echo "$f"
  done
  return 0
}
rabbit_fail() {
  local logs
  mapfile -t logs < <(rabbit_logs)
  fail "rabbitmq" "$1" "${logs[@]}"
}

rabbit_begin() {
  rabbit_ok && return 0
  is_local "$RABBITMQ_HOST" || fail "rabbitmq" "nothing answers at $RABBITMQ_HOST:$RABBITMQ_PORT (not a local host: start it there)"
  can_root || fail "rabbitmq" "not running, and the Debian rabbitmq-server runs only as root or rabbitmq"
  # A node that is up but still booting (or was just started by apt) is awaited, not started twice.
  if as_root rabbitmqctl -q ping >/dev/null 2>&1; then
    info "RabbitMQ node is up, waiting for its listener"
    return 0
  fi
  info "starting RabbitMQ"
  fresh_log "$STATE_DIR/$RABBIT_TAG.log"
  # shellcheck disable=SC2086  # $ROOT_CMD is empty or "sudo -n"
  setsid -w $ROOT_CMD env RABBITMQ_NODE_PORT="$RABBITMQ_PORT" rabbitmq-server -detached </dev/null >>"$STATE_DIR/$RABBIT_TAG.log" 2>&1 ||
    rabbit_fail "rabbitmq-server -detached failed"
  RABBIT_STARTED=1
}

rabbit_wait() {
  rabbit_ok || wait_until "$TIMEOUT" rabbit_ok ||
    rabbit_fail "no AMQP listener on $RABBITMQ_HOST:$RABBITMQ_PORT after ${TIMEOUT}s"
  if ((RABBIT_STARTED)); then
    mark_started "$RABBIT_TAG" "$RABBITMQ_PORT"
    say "rabbitmq started on $RABBITMQ_HOST:$RABBITMQ_PORT (log: $(rabbit_logs | tail -n 1))"
  fi
}

# The tests' own virtual host, so their events never reach a development consumer (or the reverse); the
# catalog benchmark's, so its services never take the tests' events (durable queues are shared by consumers).
RABBIT_VHOSTS=(flores_test flores_bench)
rabbit_vhosts_marker() { echo "$STATE_DIR/rabbitmq-vhosts"; }
# The marker lists the hosts made: one added to the list since is made on the next run.
rabbit_vhosts_ok() { ! is_local "$RABBITMQ_HOST" || [[ "$(cat "$(rabbit_vhosts_marker)" 2>/dev/null)" == "$(printf '%s\n' "${RABBIT_VHOSTS[@]}")" ]]; }
rabbit_vhosts() {
  rabbit_vhosts_ok && return 0
  local existing vhost
  existing="$(as_root rabbitmqctl -q list_vhosts name 2>/dev/null)" || rabbit_fail "could not list virtual hosts"
  for vhost in "${RABBIT_VHOSTS[@]}"; do
    if ! grep -qx "$vhost" <<<"$existing"; then
      as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null || rabbit_fail "could not add virtual host $vhost"
      as_root rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null || rabbit_fail "could not grant guest on $vhost"
      info "rabbitmq virtual host $vhost added"
    fi
  done
  printf '%s\n' "${RABBIT_VHOSTS[@]}" >"$(rabbit_vhosts_marker)"
}

# The broker's Prometheus plugin: queue depths and alarms as the broker sees them (deploy/rabbitmq/enabled_plugins
# in compose). Enabled on the running node; Debian keeps it in /etc/rabbitmq/enabled_plugins across restarts.
rabbit_metrics() {
  rabbit_metrics_ok && return 0
  info "enabling RabbitMQ's Prometheus plugin"
  as_root rabbitmq-plugins -q enable rabbitmq_prometheus >>"$STATE_DIR/$RABBIT_TAG.log" 2>&1 || rabbit_fail "could not enable rabbitmq_prometheus"
  wait_until 60 rabbit_metrics_ok || rabbit_fail "rabbitmq_prometheus enabled, but nothing answers on :$RABBITMQ_METRICS_PORT"
}

# ---------------------------------------------------------------- daemons started here (FerretDB, Mailpit)

# Records the pid of a daemon just started in the background, then waits until PROBE succeeds; fails when the
# daemon exits first or TIMEOUT passes.
await_daemon() { # SERVICE TAG PID PROBE LOG WHERE
  echo "$3" >"$STATE_DIR/$2.pid"
  local deadline=$((SECONDS + TIMEOUT))
  until "$4"; do
    kill -0 "$3" 2>/dev/null || fail "$1" "exited at start" "$5"
    ((SECONDS < deadline)) || fail "$1" "not listening on $6 after ${TIMEOUT}s" "$5"
    sleep 0.2
  done
}

# ---------------------------------------------------------------- FerretDB

# FerretDB 1.x stops answering for good once as many updates run at once as it has PostgreSQL connections: each
# holds one while it waits for another. So it gets more than the catalog, wishlist and reviews may use together
# (ten each: runtime/stores/mongo.ts), within PostgreSQL's 100 beside the services' own pools.
FERRETDB_PG_POOL=40

# Whether the FerretDB listening is one this script started with another pool (an older checkout's).
ferretdb_outdated() {
  local pid extra now
  [[ -f $STATE_DIR/started.$FERRET_TAG ]] || return 1
  read -r pid extra <"$STATE_DIR/started.$FERRET_TAG" || return 1
  now="$(listener_pid "$MONGO_PORT")"
  [[ -n $pid && $now == "$pid" && -r /proc/$pid/cmdline ]] || return 1
  ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "pool_max_conns=$FERRETDB_PG_POOL "
}

ferretdb_start() {
  if mongo_ok; then
    ferretdb_outdated || return 0
    say "ferretdb: restarting the one this script started, for pool_max_conns=$FERRETDB_PG_POOL"
    cmd_stop ferretdb
  fi
  is_local "$MONGO_HOST" || fail "ferretdb" "nothing listens at $MONGO_HOST:$MONGO_PORT (not a local host: start it there)"
  local bin log="$STATE_DIR/$FERRET_TAG.log"
  bin="$(ferretdb_bin)"
  mkdir -p "$STATE_DIR/$FERRET_TAG"
  info "starting FerretDB"
  fresh_log "$log"
  setsid nohup "$bin" \
    --handler=postgresql \
    --postgresql-url="postgres://$PGUSER@$(ipv4 "$PGHOST"):$PGPORT/ferretdb?pool_max_conns=$FERRETDB_PG_POOL" \
    --listen-addr="$(ipv4 "$MONGO_HOST"):$MONGO_PORT" \
    --state-dir="$STATE_DIR/$FERRET_TAG" \
    --debug-addr="${FERRETDB_DEBUG_ADDR:--}" \
    --telemetry=disable \
    </dev/null >>"$log" 2>&1 &
  await_daemon ferretdb "$FERRET_TAG" $! mongo_ok "$log" "$MONGO_HOST:$MONGO_PORT"
  mark_started "$FERRET_TAG" "$MONGO_PORT"
  say "ferretdb $FERRETDB_VERSION started on $MONGO_HOST:$MONGO_PORT (log: $log)"
}

# ---------------------------------------------------------------- Mailpit

mailpit_start() {
  mailpit_ok && return 0
  is_local "$MAILPIT_HOST" || fail "mailpit" "nothing answers at $MAILPIT_HOST:$MAILPIT_SMTP_PORT (not a local host: start it there)"
  local bin log="$STATE_DIR/$MAILPIT_TAG.log" host
  bin="$(mailpit_bin)"
  host="$(ipv4 "$MAILPIT_HOST")"
  info "starting Mailpit"
  fresh_log "$log"
  # No --database: a temporary one, deleted when Mailpit stops (a development sink). The newest 5000 messages are
  # kept (test runs send hundreds).
  setsid nohup "$bin" --smtp "$host:$MAILPIT_SMTP_PORT" --listen "$host:$MAILPIT_HTTP_PORT" \
    --max 5000 --disable-version-check </dev/null >>"$log" 2>&1 &
  await_daemon mailpit "$MAILPIT_TAG" $! mailpit_ok "$log" "$MAILPIT_HOST:$MAILPIT_SMTP_PORT/$MAILPIT_HTTP_PORT"
  mark_started "$MAILPIT_TAG" "$MAILPIT_SMTP_PORT"
  say "mailpit $MAILPIT_VERSION started: smtp $MAILPIT_HOST:$MAILPIT_SMTP_PORT, http $MAILPIT_HOST:$MAILPIT_HTTP_PORT (log: $log)"
}

# ---------------------------------------------------------------- commands

cmd_start() {
  # Fast path: everything answers and the databases exist.
  if pg_ok && redis_ok && rabbit_ok && rabbit_vhosts_ok && rabbit_metrics_ok && mongo_ok && ! ferretdb_outdated && mailpit_ok; then
    info "all services up"
    return 0
  fi
  # Services are machine-wide: serialise concurrent runs (other clones, parallel test runs).
  # flock -o: the lock stays with flock itself, so the daemons started below do not inherit it.
  if [[ -z ${SERVICES_LOCKED:-} ]] && command -v flock >/dev/null 2>&1; then
    local rc=0
    SERVICES_LOCKED=1 flock -o -E 75 -w "$TIMEOUT" "${TMPDIR:-/tmp}/flores-victoria-services.$EUID.lock" \
      bash "${BASH_SOURCE[0]}" start || rc=$?
    ((rc != 75)) || fail "services" "another scripts/services.sh held the lock for over ${TIMEOUT}s"
    exit "$rc"
  fi
  local t0=$SECONDS
  mkdir -p "$STATE_DIR"

  # What has to be installed first (one apt-get run for all of it).
  local pkgs=()
  if ! pg_ready && is_local "$PGHOST"; then
    command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || pkgs+=(postgresql)
  fi
  if ! command -v psql >/dev/null 2>&1 && [[ " ${pkgs[*]-} " != *" postgresql "* ]]; then pkgs+=(postgresql-client); fi
  if ! redis_ok && is_local "$REDIS_HOST" && ! command -v redis-server >/dev/null 2>&1; then pkgs+=(redis-server); fi
  if ! rabbit_ok && is_local "$RABBITMQ_HOST" && ! command -v rabbitmq-server >/dev/null 2>&1; then pkgs+=(rabbitmq-server); fi
  if ! mongo_ok && is_local "$MONGO_HOST" && [[ -z ${FERRETDB_BIN:-} && ! -x $FERRETDB_CACHE/ferretdb && -z "$(go_bin)" ]]; then
    fail "ferretdb" "nothing on $MONGO_HOST:$MONGO_PORT and no Go toolchain (>= 1.24) to build FerretDB $FERRETDB_VERSION"
  fi
  if ! mailpit_ok && is_local "$MAILPIT_HOST" && [[ -z ${MAILPIT_BIN:-} && ! -x $MAILPIT_CACHE/mailpit && -z "$(go_bin)" ]]; then
    fail "mailpit" "nothing on $MAILPIT_HOST:$MAILPIT_SMTP_PORT and no Go toolchain to build Mailpit $MAILPIT_VERSION"
  fi
  apt_install "${pkgs[@]+"${pkgs[@]}"}"

  rabbit_begin
  pg_start
  pg_access
  pg_databases
  redis_start
  ferretdb_start
  mailpit_start
  rabbit_wait
  rabbit_vhosts
  rabbit_metrics
  say "ready in $((SECONDS - t0))s: postgresql $PGHOST:$PGPORT, redis $REDIS_HOST:$REDIS_PORT, rabbitmq $RABBITMQ_HOST:$RABBITMQ_PORT, mongodb (ferretdb) $MONGO_HOST:$MONGO_PORT, smtp (mailpit) $MAILPIT_HOST:$MAILPIT_SMTP_PORT (http :$MAILPIT_HTTP_PORT)"
}

cmd_status() {
  local rc=0
  st() { if "$2"; then printf '%-10s up    %s\n' "$1" "$3"; else printf '%-10s DOWN  %s\n' "$1" "$3"; rc=1; fi; }
  st postgresql pg_ready "$PGHOST:$PGPORT"
  st redis redis_ok "$REDIS_HOST:$REDIS_PORT"
  st rabbitmq rabbit_ok "$RABBITMQ_HOST:$RABBITMQ_PORT"
  st rabbitmq-metrics rabbit_metrics_ok "$RABBITMQ_HOST:$RABBITMQ_METRICS_PORT (rabbitmq_prometheus)"
  st mongodb mongo_ok "$MONGO_HOST:$MONGO_PORT"
  st mailpit mailpit_ok "$MAILPIT_HOST:$MAILPIT_SMTP_PORT (http :$MAILPIT_HTTP_PORT)"
  return $rc
}

# Stops a service only if its marker exists and the process now listening is the one we started.
cmd_stop() {
  local name port pid extra now ver cluster
  local only=" $* "
  for name in "$MAILPIT_TAG" "$FERRET_TAG" "$REDIS_TAG" "$RABBIT_TAG" "$PG_TAG"; do
    [[ -f $STATE_DIR/started.$name ]] || continue
    [[ $# == 0 || $only == *" ${name%%-*} "* ]] || continue
    case $name in
      mailpit*) port=$MAILPIT_SMTP_PORT ;; ferretdb*) port=$MONGO_PORT ;; redis*) port=$REDIS_PORT ;;
      rabbitmq*) port=$RABBITMQ_PORT ;; postgresql*) port=$PGPORT ;;
    esac
    read -r pid extra <"$STATE_DIR/started.$name" || true
    now="$(listener_pid "$port")"
    if [[ -z $now ]]; then
      rm -f "$STATE_DIR/started.$name"
      continue
    fi
    if [[ -n $pid && $now != "$pid" ]]; then
      say "$name on :$port is not the process this script started (pid $now, not $pid): left running"
      rm -f "$STATE_DIR/started.$name"
      continue
    fi
    case $name in
      mailpit* | ferretdb* | redis*) kill "$now" ;;
      rabbitmq*) as_root rabbitmqctl -q stop >/dev/null ;;
      postgresql*) read -r ver cluster <<<"$extra" && as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" stop ;;
    esac
    wait_until 60 bash -c '! timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$0" 2>/dev/null' "$port" ||
      say "$name did not stop within 60s"
    rm -f "$STATE_DIR/started.$name" "$STATE_DIR/$name.pid"
    say "$name stopped"
  done
}

case "${1:-start}" in
  start) cmd_start ;;
  stop) shift; cmd_stop "$@" ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,/^# shellcheck/{/^# shellcheck/d; s/^# \{0,1\}//; p;}' "$0" ;;
  *) echo "usage: $0 [start|status|stop [service...]]" >&2; exit 2 ;;
esac
