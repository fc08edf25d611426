#!/usr/bin/env bash
# Monitoring of Flores Victoria on this machine, natively (no Docker engine needed): Prometheus with the project's
# configuration and alert rules, Alertmanager mailing the alerts (to Mailpit by default), and the exporters of the
# stores: PostgreSQL, Redis, the MongoDB-wire server (scripts/mongodb-exporter/, this repository's) and the machine.
# Prometheus scrapes the router and the subgraphs of `npm start` (metrics on 9000-9008) and RabbitMQ's plugin (15692,
# enabled by scripts/services.sh).
#
#   scripts/ops.sh [start]   reuse what already listens; else start what is installed; else install what is missing
#                            (Debian packages); writes the configurations into .services/ first, and has a
#                            Prometheus or Alertmanager this script started reload them. Prints where each part is.
#   scripts/ops.sh install   only install the Debian packages (promtool and amtool come with them; `npm test` needs them)
#   scripts/ops.sh status    one line per part
#   scripts/ops.sh stop [prometheus|alertmanager|postgres-exporter|redis-exporter|mongodb-exporter|node-exporter]...
#                            stop only what this script started (markers in .services/)
#
# `npm run ops` builds first (the MongoDB exporter and the configuration writer run from dist/).
# Environment: PROMETHEUS_PORT (9090) ALERTMANAGER_PORT (9093) POSTGRES_EXPORTER_PORT (9187) REDIS_EXPORTER_PORT (9121)
# MONGODB_EXPORTER_PORT (9216) NODE_EXPORTER_PORT (9100) RABBITMQ_METRICS_PORT (15692); the stores as scripts/services.sh
# has them: PGHOST PGPORT PGUSER, REDIS_HOST REDIS_PORT, MONGO_HOST MONGO_PORT, OPS_MONGODB_DATABASE (flores);
# ALERT_SMTP_SMARTHOST (Mailpit: MAILPIT_HOST:MAILPIT_SMTP_PORT) ALERT_EMAIL_TO; OPS_TIMEOUT (seconds, 60).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$ROOT/.services"
PACKAGES=(prometheus prometheus-alertmanager prometheus-postgres-exporter prometheus-redis-exporter prometheus-node-exporter)

export PROMETHEUS_PORT="${PROMETHEUS_PORT:-9090}"
export ALERTMANAGER_PORT="${ALERTMANAGER_PORT:-9093}"
export POSTGRES_EXPORTER_PORT="${POSTGRES_EXPORTER_PORT:-9187}"
export REDIS_EXPORTER_PORT="${REDIS_EXPORTER_PORT:-9121}"
export MONGODB_EXPORTER_PORT="${MONGODB_EXPORTER_PORT:-9216}"
export NODE_EXPORTER_PORT="${NODE_EXPORTER_PORT:-9100}"
export RABBITMQ_METRICS_PORT="${RABBITMQ_METRICS_PORT:-15692}"
export ALERT_SMTP_SMARTHOST="${ALERT_SMTP_SMARTHOST:-${MAILPIT_HOST:-127.0.0.1}:${MAILPIT_SMTP_PORT:-1025}}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
REDIS_HOST="${REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${REDIS_PORT:-6379}"
MONGO_HOST="${MONGO_HOST:-127.0.0.1}"
MONGO_PORT="${MONGO_PORT:-27017}"
OPS_MONGODB_DATABASE="${OPS_MONGODB_DATABASE:-flores}"
TIMEOUT="${OPS_TIMEOUT:-60}"

PARTS=(prometheus alertmanager postgres-exporter redis-exporter mongodb-exporter node-exporter)

say() { printf 'ops: %s\n' "$*"; }
fail() {
  printf 'ops: %s FAILED: %s\n' "$1" "$2" >&2
  if [[ -n ${3:-} && -f $3 ]]; then
    printf 'ops:   log: %s\n' "$3" >&2
    tail -n 15 "$3" | sed 's/^/ops:   | /' >&2
  fi
  exit 1
}

port_of() {
  case $1 in
    prometheus) echo "$PROMETHEUS_PORT" ;; alertmanager) echo "$ALERTMANAGER_PORT" ;;
    postgres-exporter) echo "$POSTGRES_EXPORTER_PORT" ;; redis-exporter) echo "$REDIS_EXPORTER_PORT" ;;
    mongodb-exporter) echo "$MONGODB_EXPORTER_PORT" ;; node-exporter) echo "$NODE_EXPORTER_PORT" ;;
  esac
}

# http_get PORT PATH: prints the body of a 200 answer from 127.0.0.1; fails on anything else.
http_get() {
  timeout 10 bash -c '
    exec 3<>"/dev/tcp/127.0.0.1/$0" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$1" >&3
    IFS= read -r status <&3
    [[ $status == "HTTP/1."?" 200"* ]] || exit 1
    while IFS= read -r line <&3 && [[ $line != $'"'"'\r'"'"' && -n $line ]]; do :; done
    cat <&3' "$1" "$2" 2>/dev/null
}
http_post() { # PORT PATH: true on a 200 answer
  timeout 10 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"; printf "POST %s HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n" "$1" >&3; IFS= read -r s <&3; [[ $s == "HTTP/1."?" 200"* ]]' \
    "$1" "$2" 2>/dev/null
}

# Whether PART answers on its port as itself (a Prometheus at 9090, not just anything). grep reads to the end (no -q):
# quitting early would break the pipe, and pipefail would call the answer a failure.
part_ok() {
  local port
  port="$(port_of "$1")"
  case $1 in
    prometheus) http_get "$port" /-/ready | grep 'Prometheus' >/dev/null ;;
    alertmanager) http_get "$port" /-/ready >/dev/null && http_get "$port" /api/v2/status | grep '"cluster"' >/dev/null ;;
    postgres-exporter) http_get "$port" /metrics | grep '^pg_up ' >/dev/null ;;
    redis-exporter) http_get "$port" /metrics | grep '^redis_up ' >/dev/null ;;
    mongodb-exporter) http_get "$port" /metrics | grep '^mongodb_up ' >/dev/null ;;
    node-exporter) http_get "$port" /metrics | grep '^node_exporter_build_info' >/dev/null ;;
  esac
}

binary_of() {
  case $1 in
    prometheus) echo prometheus ;; alertmanager) echo prometheus-alertmanager ;;
    postgres-exporter) echo prometheus-postgres-exporter ;; redis-exporter) echo prometheus-redis-exporter ;;
    node-exporter) echo prometheus-node-exporter ;; mongodb-exporter) echo node ;;
  esac
}

# ---------------------------------------------------------------- installing

can_root() { [[ $EUID -eq 0 ]] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi; }

# Installs the Debian packages whose binaries are missing (one apt-get run); quiet when all are there.
install_missing() {
  local missing=() p bin
  for p in "${PACKAGES[@]}"; do
    case $p in
      prometheus) bin=promtool ;; prometheus-alertmanager) bin=amtool ;; *) bin=$p ;;
    esac
    command -v "$bin" >/dev/null 2>&1 || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  can_root || fail install "${missing[*]} not installed, and installing needs root (run as root, or: apt-get install -y ${missing[*]})"
  mkdir -p "$STATE_DIR"
  local log="$STATE_DIR/apt.log"
  say "installing ${missing[*]} (apt-get; log: $log)"
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=300)
  # No recommends: Prometheus' would pull in more exporters than these. Nothing is started (no systemd here).
  if ! as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    as_root "${apt[@]}" update >>"$log" 2>&1 || fail install "apt-get update failed" "$log"
    as_root env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1 ||
      fail install "apt-get install ${missing[*]} failed" "$log"
  fi
}

# ---------------------------------------------------------------- starting

# The command line of each part (into CMD): the project's configuration (written into .services/), loopback only.
command_of() {
  local port
  port="$(port_of "$1")"
  case $1 in
    prometheus)
      CMD=(prometheus "--config.file=$STATE_DIR/prometheus/prometheus.yml" "--storage.tsdb.path=$STATE_DIR/prometheus/data"
        --storage.tsdb.retention.time=15d "--web.listen-address=127.0.0.1:$port" --web.enable-lifecycle) ;;
    alertmanager)
      # An empty cluster address: a single Alertmanager, no gossip port.
      CMD=(prometheus-alertmanager "--config.file=$STATE_DIR/alertmanager/alertmanager.yml" "--storage.path=$STATE_DIR/alertmanager/data"
        "--web.listen-address=127.0.0.1:$port" --cluster.listen-address=) ;;
    postgres-exporter) CMD=(prometheus-postgres-exporter "--web.listen-address=127.0.0.1:$port") ;;
    redis-exporter) CMD=(prometheus-redis-exporter "--redis.addr=redis://$REDIS_HOST:$REDIS_PORT" "--web.listen-address=127.0.0.1:$port") ;;
    node-exporter) CMD=(prometheus-node-exporter "--web.listen-address=127.0.0.1:$port") ;;
    mongodb-exporter) CMD=(node "$ROOT/dist/scripts/mongodb-exporter/main.js") ;;
  esac
}

start_part() {
  local part="$1" port log pid
  port="$(port_of "$part")"
  log="$STATE_DIR/$part.log"
  if part_ok "$part"; then
    # Ours: pick up the configuration just written. Another one: used as it is.
    if [[ $part == prometheus || $part == alertmanager ]]; then
      if [[ -f $STATE_DIR/started.$part ]]; then
        http_post "$port" /-/reload || say "$part on :$port did not take the new configuration (see $log)"
      else
        say "$part on :$port was not started by this script: its configuration is its own"
      fi
    fi
    return 0
  fi
  if timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0"' "$port" 2>/dev/null; then
    fail "$part" "port $port is taken by something else (set $(tr a-z- A-Z_ <<<"$part")_PORT)"
  fi
  command -v "$(binary_of "$part")" >/dev/null 2>&1 || fail "$part" "$(binary_of "$part") not found"
  local -a CMD
  command_of "$part"
  [[ -f $log ]] && mv -f "$log" "$log.prev"
  # shellcheck disable=SC2030,SC2031  # the variables are for the child alone
  (
    export DATA_SOURCE_NAME="postgresql://$PGUSER@$PGHOST:$PGPORT/postgres?sslmode=disable"
    export MONGODB_URL="mongodb://$MONGO_HOST:$MONGO_PORT/$OPS_MONGODB_DATABASE" PORT="$port" HOST=127.0.0.1
    cd "$STATE_DIR" && exec setsid nohup "${CMD[@]}" </dev/null >>"$log" 2>&1
  ) &
  pid=$!
  local deadline=$((SECONDS + TIMEOUT))
  until part_ok "$part"; do
    kill -0 "$pid" 2>/dev/null || fail "$part" "exited at start" "$log"
    if ((SECONDS >= deadline)); then
      kill "$pid" 2>/dev/null || true
      fail "$part" "not answering on 127.0.0.1:$port after ${TIMEOUT}s" "$log"
    fi
    sleep 0.3
  done
  echo "$pid" >"$STATE_DIR/started.$part"
  say "$part started on 127.0.0.1:$port (log: $log)"
}

cmd_start() {
  install_missing
  [[ -f $ROOT/dist/scripts/monitoring/render-local.js ]] || fail ops "dist/ is not built: run npm run ops (it builds first) or npm run build"
  mkdir -p "$STATE_DIR/prometheus/data" "$STATE_DIR/alertmanager/data"
  node "$ROOT/dist/scripts/monitoring/render-local.js" "$STATE_DIR" >/dev/null
  promtool check config "$STATE_DIR/prometheus/prometheus.yml" >"$STATE_DIR/prometheus/check.log" 2>&1 ||
    fail prometheus "the configuration does not pass promtool check config" "$STATE_DIR/prometheus/check.log"
  amtool check-config "$STATE_DIR/alertmanager/alertmanager.yml" >"$STATE_DIR/alertmanager/check.log" 2>&1 ||
    fail alertmanager "the configuration does not pass amtool check-config" "$STATE_DIR/alertmanager/check.log"
  local part
  # Exporters first, so Prometheus' first scrape finds them.
  for part in postgres-exporter redis-exporter mongodb-exporter node-exporter alertmanager prometheus; do
    start_part "$part"
  done
  say "prometheus http://127.0.0.1:$PROMETHEUS_PORT (targets: /targets, alerts: /alerts), alertmanager http://127.0.0.1:$ALERTMANAGER_PORT, alert mail to $ALERT_SMTP_SMARTHOST"
}

cmd_status() {
  local rc=0 part
  for part in "${PARTS[@]}"; do
    if part_ok "$part"; then printf '%-18s up    127.0.0.1:%s\n' "$part" "$(port_of "$part")"
    else printf '%-18s DOWN  127.0.0.1:%s\n' "$part" "$(port_of "$part")"; rc=1; fi
  done
  return $rc
}

# Whether PID still runs PART as this script started it (its command line names the binary, or the exporter's script):
# a pid reused by another process since is left alone.
runs_part() {
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
  case $2 in
    mongodb-exporter) [[ $cmdline == *mongodb-exporter/main.js* ]] ;;
    *) [[ $cmdline == *"$(binary_of "$2")"* ]] ;;
  esac
}

# Stops a part only if this script started it and that process still runs it.
cmd_stop() {
  local part pid port only=" $* "
  for part in "${PARTS[@]}"; do
    [[ $# == 0 || $only == *" $part "* ]] || continue
    [[ -f $STATE_DIR/started.$part ]] || continue
    read -r pid <"$STATE_DIR/started.$part" || true
    port="$(port_of "$part")"
    if [[ -n $pid ]] && runs_part "$pid" "$part"; then
      kill "$pid"
      local deadline=$((SECONDS + 30))
      while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
      say "$part stopped (127.0.0.1:$port)"
    fi
    rm -f "$STATE_DIR/started.$part"
  done
}

# Parts are machine-wide: concurrent runs (two clones, a test and a developer) take turns.
locked() {
  if [[ -z ${OPS_LOCKED:-} ]] && command -v flock >/dev/null 2>&1; then
    local rc=0
    OPS_LOCKED=1 flock -o -E 75 -w 600 "${TMPDIR:-/tmp}/flores-victoria-ops.$EUID.lock" bash "${BASH_SOURCE[0]}" "$@" || rc=$?
    ((rc != 75)) || fail ops "another scripts/ops.sh held the lock for 10 minutes"
    exit "$rc"
  fi
}

case "${1:-start}" in
  start) locked start && cmd_start ;;
  install) locked install && install_missing ;;
  status) cmd_status ;;
  stop) shift; cmd_stop "$@" ;;
  -h | --help | help) sed -n '2,/^set -euo/{/^set -euo/d; s/^# \{0,1\}//; p;}' "$0" ;;
  *) echo "usage: $0 [start|install|status|stop [part...]]" >&2; exit 2 ;;
esac
