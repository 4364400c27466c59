#!/usr/bin/env bash
# The distributed topology on one machine, with one command: a Kafka broker, COMMAND_SERVICES command
# services and RELAYS relays on one PostgreSQL event store, and the analytics node — the projector group's
# PROJECTOR_GROUP_MEMBERS members and the query service in the one process that owns the chDB directory
# (chDB allows one process per data directory), which also evaluates the alert rules and archives the
# weekly packs. Each process answers /health and /metrics.
#
#   cluster.sh start     build, start whatever is not running yet, wait until each answers /health, and
#                        print where each one listens
#   cluster.sh stop      stop every process with SIGTERM (each finishes what it has in flight: the relays
#                        their batch and checkpoint, the projector its batch and offsets), then the broker,
#                        keeping its data, so that the next start goes on where this one stopped
#   cluster.sh status    every process: pid, address, health (and which relay is the active one)
#
# Settings, from the environment (defaults in brackets):
#   CLUSTER_DIR [.data/cluster]        logs/, run/ (pid files), data/ (each process's DATA_DIR), chdb/,
#                                      credentials/ (the shared secrets, owner-only), all its owner's alone
#   CLUSTER_PORT [3000]                command services on 3000, 3010, 3020…; relays on 3001, 3011…;
#                                      the analytics node on 3003; PORT_COMMAND_SERVICE_1, PORT_RELAY_2,
#                                      PORT_ANALYTICS_NODE… set one port each
#   COMMAND_SERVICES [2]  RELAYS [2]  PROJECTOR_GROUP_MEMBERS [3]  KAFKA_TOPIC_PARTITIONS [6]
#   EVENT_STORE [postgres]  DATABASE_URL [postgres://postgres@127.0.0.1:5432/postgres]  DATABASE_SCHEMA [public]
#   KAFKA_BROKERS                      a broker of your own; without it one is started here (kafka.sh) on
#                                      CLUSTER_KAFKA_PORT [19092] and stopped by `stop` (its data kept)
#   AUTH_JWT_SECRETS, AUTH_API_KEYS, CUSTOMER_KEY_SECRET
#                                      shared by every process; what is not set is made once under
#                                      CLUSTER_DIR/credentials, and the admin API key printed once
#   CLUSTER_START_TIMEOUT_MS [120000]  how long a process may take to answer /health
#   CLUSTER_SKIP_BUILD                 set to 1 to start the build already in dist/
# Every other variable of the services (LOG_LEVEL, RELAY_LEASE_POLL_MS, KAFKA_EVENTS_TOPIC…) passes through.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

dir=${CLUSTER_DIR:-.data/cluster}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
base=${CLUSTER_PORT:-3000}
command_services=${COMMAND_SERVICES:-2}
relays=${RELAYS:-2}
kafka_port=${CLUSTER_KAFKA_PORT:-19092}
start_timeout=${CLUSTER_START_TIMEOUT_MS:-120000}

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

[[ $command_services =~ ^[1-9]$ ]] || die "COMMAND_SERVICES must be 1 to 9"
[[ $relays =~ ^[1-9]$ ]] || die "RELAYS must be 1 to 9"
[[ $base =~ ^[0-9]+$ ]] || die "CLUSTER_PORT must be a number"

# The processes, in start order: the command services first (they create the store's schema).
services() {
  local i
  for ((i = 1; i <= command_services; i++)); do echo "command-service-$i"; done
  for ((i = 1; i <= relays; i++)); do echo "relay-$i"; done
  echo analytics-node
}

script_of() {
  case $1 in
    command-service-*) echo "$root/dist/apps/command-service/src/main.js" ;;
    relay-*) echo "$root/dist/apps/relay/src/main.js" ;;
    analytics-node) echo "$root/dist/apps/analytics-node/src/main.js" ;;
  esac
}

port_of() {
  local name=$1 override
  override="PORT_$(echo "$name" | tr 'a-z-' 'A-Z_')"
  if [ -n "${!override:-}" ]; then
    echo "${!override}"
    return
  fi
  case $name in
    command-service-*) echo $((base + 10 * (${name##*-} - 1))) ;;
    relay-*) echo $((base + 1 + 10 * (${name##*-} - 1))) ;;
    analytics-node) echo $((base + 3)) ;;
  esac
}

url_of() { echo "http://127.0.0.1:$(port_of "$1")"; }

# Pids get reused: the pid file counts only while that pid still runs this service's script.
pid_of() {
  local pid
  pid=$(cat "$dir/run/$1.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null | grep -qF "$(script_of "$1")" && echo "$pid"
}

kafka_running() { bash "$root/infra/kafka/kafka.sh" status | grep -qF "127.0.0.1:$kafka_port running"; }

start_kafka() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    echo "Kafka: using KAFKA_BROKERS=$KAFKA_BROKERS"
    return
  fi
  if kafka_running; then
    echo "Kafka: broker already running on 127.0.0.1:$kafka_port"
  elif [ -f "$root/.cache/kafka/run-$kafka_port/kept" ]; then
    bash "$root/infra/kafka/kafka.sh" start --port "$kafka_port" --keep-data | grep -v '^KAFKA_BROKERS='
  else
    bash "$root/infra/kafka/kafka.sh" start --port "$kafka_port" | grep -v '^KAFKA_BROKERS='
  fi
  echo "$kafka_port" >"$dir/kafka.port"
  export KAFKA_BROKERS="127.0.0.1:$kafka_port"
}

# The secrets every process must share; made once unless the environment gives all of them.
load_credentials() {
  if [ -n "${AUTH_JWT_SECRETS:-}" ] && [ -n "${AUTH_API_KEYS:-}" ] && [ -n "${CUSTOMER_KEY_SECRET:-}" ]; then
    return
  fi
  local name value
  while IFS='=' read -r name value; do
    export "$name=$value"
  done < <(node "$here/credentials.cjs" "$dir/credentials" "$(url_of command-service-1)")
  [ -n "${AUTH_API_KEYS:-}" ] || die "the shared credentials could not be made"
}

start_service() {
  local name=$1 port data
  port=$(port_of "$name")
  data="$dir/data/$name"
  mkdir -p "$data"
  local extra=()
  case $name in
    analytics-node)
      extra=(
        "CHDB_DATA_DIR=$dir/chdb"
        "PROJECTOR_GROUP_MEMBERS=${PROJECTOR_GROUP_MEMBERS:-3}"
        "PROJECTOR_SESSION_TIMEOUT_MS=${PROJECTOR_SESSION_TIMEOUT_MS:-10000}"
        "COMMAND_SERVICE_URL=${COMMAND_SERVICE_URL:-$(url_of command-service-1)}"
        # The one analytics node evaluates the alert rules (reading the event store) and, holding the
        # store's lease, archives the weekly packs there.
        "ALERTS_ENABLED=${ALERTS_ENABLED:-true}"
      )
      ;;
  esac
  # nohup: the process outlives the shell that started it; `stop` ends it.
  nohup env PORT="$port" HOST=127.0.0.1 DATA_DIR="$data" ${extra[@]+"${extra[@]}"} \
    node "$(script_of "$name")" >>"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/run/$name.pid"
}

start() {
  umask 077
  mkdir -p "$dir/run" "$dir/logs" "$dir/data"
  command -v node >/dev/null || die "node is required"
  if [ "${CLUSTER_SKIP_BUILD:-}" != 1 ]; then
    echo "Building…"
    npm run build --silent
  fi
  export EVENT_STORE=${EVENT_STORE:-postgres}
  export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
  export KAFKA_TOPIC_PARTITIONS=${KAFKA_TOPIC_PARTITIONS:-6}
  start_kafka
  load_credentials

  local name started=()
  for name in $(services); do
    if pid_of "$name" >/dev/null; then
      echo "$name: already running"
    else
      start_service "$name"
      started+=("$name")
    fi
  done
  local failed=0 code
  for name in "${started[@]}"; do
    code=0
    node "$here/health.cjs" wait "$start_timeout" "$(cat "$dir/run/$name.pid")" "$(url_of "$name")" || code=$?
    if [ "$code" -ne 0 ]; then
      failed=1
      echo "cluster.sh: $name $([ "$code" -eq 2 ] && echo exited || echo 'did not answer /health in time'); the end of its log:" >&2
      tail -n 30 "$dir/logs/$name.log" >&2 || true
    fi
  done
  status
  [ "$failed" -eq 0 ] || die "some processes did not start (cluster.sh stop stops the others)"
  echo "Reports and dashboard: $(url_of analytics-node)/dashboard; commands: $(url_of command-service-1)/docs."
  echo "GET /metrics of each needs an unscoped admin credential (X-Api-Key)."
  echo "Logs in ${dir#"$root"/}/logs; stop everything with: npm run stop:cluster"
}

# SIGTERM to every process of a tier, then SIGKILL for any that has not exited after 30 s (said so).
stop_tier() {
  local name pid pids=() names=()
  for name in "$@"; do
    if pid=$(pid_of "$name"); then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      names+=("$name")
    fi
    rm -f "$dir/run/$name.pid"
  done
  local i j
  for ((i = 0; i < ${#pids[@]}; i++)); do
    for ((j = 0; j < 150; j++)); do
      kill -0 "${pids[$i]}" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "cluster.sh: ${names[$i]} (pid ${pids[$i]}) ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    else
      echo "stopped ${names[$i]}"
    fi
  done
}

stop() {
  # Whatever has a pid file, however many the start had: writers first, then the relays (their batches
  # in flight), then the projector group.
  local all=() file
  for file in "$dir"/run/*.pid; do
    [ -f "$file" ] && all+=("$(basename "$file" .pid)")
  done
  local tier
  for tier in command-service relay analytics-node; do
    # shellcheck disable=SC2046 # one name per word
    stop_tier $(printf '%s\n' ${all[@]+"${all[@]}"} | grep "^$tier" || true)
  done
  if [ -f "$dir/kafka.port" ]; then
    local port
    port=$(cat "$dir/kafka.port")
    rm -f "$dir/kafka.port"
    bash "$root/infra/kafka/kafka.sh" stop --port "$port" --keep-data
  fi
}

status() {
  local name pid
  printf '%-18s %-8s %-24s %s\n' process pid address health
  for name in $(services); do
    if pid=$(pid_of "$name"); then
      printf '%-18s %-8s %-24s %s\n' "$name" "$pid" "$(url_of "$name")" "$(node "$here/health.cjs" show "$(url_of "$name")")"
    else
      printf '%-18s %-8s %-24s %s\n' "$name" - "$(url_of "$name")" 'not running'
    fi
  done
  if [ -f "$dir/kafka.port" ]; then
    echo "Kafka: $(bash "$root/infra/kafka/kafka.sh" status | grep -F "127.0.0.1:$(cat "$dir/kafka.port")" || echo 'not running')"
  fi
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: cluster.sh start | stop | status" ;;
esac
