#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker and controller in one JVM) for tests and local
# runs, built from the Maven Central jars listed in pom.xml: no Docker and no Kafka download site needed.
#
#   kafka.sh fetch                                 copy the jars into .cache/kafka/lib (once per pom.xml)
#   kafka.sh start [--port N] [--owner-pid PID]    start a broker, wait until it serves requests, and end
#                                                  with the line KAFKA_BROKERS=127.0.0.1:N; with
#                                                  --owner-pid it stops itself once PID has exited
#   kafka.sh stop [--port N | --all]               stop a broker (the only one, if no port is given)
#   kafka.sh stop --port N --keep-data             stop the broker but keep its data and settings, so that
#   kafka.sh start --port N --keep-data            this starts it again on the same ports, with its topics,
#                                                  messages and committed offsets (outage tests)
#   kafka.sh status                                list the brokers started from this checkout
#
# KAFKA_HEAP_OPTS and KAFKA_JVM_OPTS override the JVM flags, as in Kafka's own scripts.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=$root/.cache/kafka
lib=$cache/lib
host=127.0.0.1
# Sized for a two-core machine that runs the rest of the test suite alongside the broker: a small heap that
# may grow, and a JIT and GC that take little CPU; a broker under test load does not need C2 code.
heap_opts=${KAFKA_HEAP_OPTS:--Xms64m -Xmx512m}
jvm_opts=${KAFKA_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true}

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2) but was not found on PATH"
}

pom_hash() { sha256sum "$here/pom.xml" | cut -d' ' -f1; }

fetched() { [ -f "$lib/.pom-sha256" ] && [ "$(cat "$lib/.pom-sha256")" = "$(pom_hash)" ]; }

fetch() {
  fetched && return 0
  need java 'Java 17 runs the broker'
  need mvn 'Maven fetches the broker jars from Maven Central'
  mkdir -p "$cache"
  # Parallel starts must not replace the jars under a broker that is already loading them. The lock goes
  # with fd 9, which is closed again before any broker could inherit it.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$cache/.fetch.lock"
    flock 9
  fi
  fetched || download
  exec 9>&-
}

download() {
  echo "kafka.sh: fetching the Kafka broker jars from Maven Central" >&2
  # Copy into a scratch directory first so an interrupted fetch never looks complete.
  local tmp=$cache/lib.tmp.$$ out
  rm -rf "$tmp"
  # Maven prints its errors on stdout, and even -q leaves colour codes there: show the output on failure only.
  if ! out=$(mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime 2>&1); then
    echo "$out" >&2
    rm -rf "$tmp"
    die "fetching the Kafka jars failed"
  fi
  pom_hash >"$tmp/.pom-sha256"
  rm -rf "$lib"
  mv "$tmp" "$lib"
}

# Prints N distinct ports that were free a moment ago; they are held open together so they differ.
free_ports() {
  node -e '
    const net = require("node:net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, process.argv[2], ok)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });
  ' "$1" "$host"
}

port_is_free() {
  node -e '
    const s = require("node:net").createServer();
    s.once("error", () => process.exit(1));
    s.listen(Number(process.argv[1]), process.argv[2], () => s.close());
  ' "$1" "$host"
}

# The same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, never starting with "-".
cluster_id() {
  node -e '
    const { randomBytes } = require("node:crypto");
    let id;
    do id = randomBytes(16).toString("base64url");
    while (id.startsWith("-"));
    console.log(id);
  '
}

# The value of option $1, which must be a number.
number() {
  [[ ${2:-} =~ ^[0-9]+$ ]] || die "$1 needs a number"
  echo "$2"
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Pids get reused, so a pid file alone does not prove the process is still our broker.
broker_pid() {
  local run=$1 pid
  pid=$(cat "$run/broker.pid" 2>/dev/null) || return 1
  alive "$pid" && ps -o args= -p "$pid" 2>/dev/null | grep -qF "$run/server.properties" && echo "$pid"
}

write_config() {
  local run=$1 port=$2 cport=$3
  cat >"$run/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$cport
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$cport
advertised.listeners=PLAINTEXT://$host:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$run/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
# Fewer internal partitions and threads: the first consumer group joins sooner and the JVM stays small.
offsets.topic.num.partitions=5
transaction.state.log.num.partitions=5
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
# The compaction buffer lives on the heap and defaults to 128 MiB; test topics are tiny.
log.cleaner.dedupe.buffer.size=8388608
EOF
  cat >"$run/log4j.properties" <<EOF
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$run/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
}

show_logs() {
  local run=$1 f
  for f in "$run/format.log" "$run/console.log" "$run/server.log"; do
    [ -s "$f" ] && { echo "--- ${f#"$root"/} (last 40 lines)"; tail -n 40 "$f"; }
  done >&2
  return 0
}

start() {
  local port='' owner='' keep=''
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=$(number "$@"); shift 2 ;;
      --owner-pid) owner=$(number "$@"); shift 2 ;;
      --keep-data) keep=1; shift ;;
      *) die "start: unknown argument $1" ;;
    esac
  done
  [ -z "$keep" ] || [ -n "$port" ] || die "start --keep-data needs --port N"
  need java 'Java 17 runs the broker'
  need node 'it probes ports and the broker'
  fetch

  local cport
  if [ -n "$port" ]; then
    broker_pid "$cache/run-$port" >/dev/null && die "a broker is already running on $host:$port"
    port_is_free "$port" || die "port $port on $host is already in use"
  fi
  local run=$cache/run-$port
  if [ -n "$keep" ]; then
    [ -f "$run/kept" ] || die "no broker data kept for $host:$port (stop it with --keep-data first)"
    cport=$(sed -n "s/^controller.quorum.voters=1@$host://p" "$run/server.properties")
    port_is_free "$cport" || die "the broker's controller port $cport on $host is already in use"
    rm -f "$run/kept" "$run/broker.pid"
  else
    if [ -n "$port" ]; then
      # Data kept from an earlier broker on this port is not wanted any more.
      [ ! -d "$run" ] || stop_run "$run"
      cport=$(free_ports 1)
    else
      read -r port cport <<<"$(free_ports 2)"
      run=$cache/run-$port
    fi
    rm -rf "$run"
    mkdir -p "$run"
    write_config "$run" "$port" "$cport"
  fi

  local heap jvm
  read -ra heap <<<"$heap_opts"
  read -ra jvm <<<"$jvm_opts"
  local java=(java "${heap[@]}" "${jvm[@]}" "-Dlog4j.configuration=file:$run/log4j.properties" -cp "$lib/*")
  local started=$SECONDS
  if [ -z "$keep" ] && ! "${java[@]}" kafka.tools.StorageTool format \
    -t "$(cluster_id)" -c "$run/server.properties" >"$run/format.log" 2>&1; then
    show_logs "$run"
    rm -rf "$run"
    die "formatting the broker storage failed"
  fi

  # nohup: the broker outlives the shell (and terminal) that started it; stop ends it.
  nohup "${java[@]}" kafka.Kafka "$run/server.properties" >"$run/console.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$run/broker.pid"
  echo "$host:$port" >"$run/bootstrap"

  if ! node "$here/wait-ready.cjs" "$host:$port" "$pid" 60000; then
    show_logs "$run"
    stop_run "$run"
    die "the broker on $host:$port did not become ready"
  fi

  # A kept broker's watchdog from its first start is still watching its owner.
  if [ -n "$owner" ] && ! alive "$(cat "$run/watchdog.pid" 2>/dev/null)"; then
    # Stops the broker even when the owner (e.g. jest) is killed before it can run its teardown.
    # shellcheck disable=SC2016 # the inner bash expands its own arguments
    nohup bash -c 'while kill -0 "$0" 2>/dev/null; do sleep 2; done; exec bash "$1" stop --port "$2"' \
      "$owner" "$here/kafka.sh" "$port" >/dev/null 2>&1 </dev/null &
    echo $! >"$run/watchdog.pid"
  fi

  echo "Kafka broker (pid $pid) ready after $((SECONDS - started)) s; logs in ${run#"$root"/}"
  echo "KAFKA_BROKERS=$host:$port"
}

# With a second argument the broker's data, settings and watchdog stay for `start --keep-data`.
stop_run() {
  local run=$1 keep=${2:-} pid watchdog
  watchdog=$(cat "$run/watchdog.pid" 2>/dev/null || true)
  # The watchdog itself ends up here through `exec`; it must not signal itself.
  if [ -z "$keep" ] && [ -n "$watchdog" ] && [ "$watchdog" != "$$" ]; then
    kill "$watchdog" 2>/dev/null || true
  fi
  if pid=$(broker_pid "$run"); then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
      alive "$pid" || break
      sleep 0.2
    done
    if alive "$pid"; then
      echo "kafka.sh: broker pid $pid ignored SIGTERM for 20 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.1; done
    fi
  fi
  if [ -n "$keep" ]; then
    touch "$run/kept"
  else
    rm -rf "$run"
  fi
}

runs() {
  local run
  for run in "$cache"/run-*; do
    [ -d "$run" ] && echo "$run"
  done
  return 0
}

stop() {
  local targets=() keep=''
  case ${1:-} in
    --port)
      targets=("$cache/run-$(number "$@")")
      case ${3:-} in
        --keep-data) keep=1 ;;
        '') ;;
        *) die "stop: unknown argument $3" ;;
      esac
      ;;
    --all) mapfile -t targets < <(runs) ;;
    '')
      mapfile -t targets < <(runs)
      [ ${#targets[@]} -le 1 ] || die "several brokers are running; use --port N or --all"
      ;;
    *) die "stop: unknown argument $1 (--keep-data goes after --port N)" ;;
  esac
  [ ${#targets[@]} -gt 0 ] || echo "no Kafka broker started from this checkout"
  local run
  for run in "${targets[@]}"; do
    if [ -d "$run" ]; then
      stop_run "$run" "$keep"
      echo "stopped the broker on $host:${run##*/run-}${keep:+ (data kept)}"
    else
      echo "no broker from this checkout on $host:${run##*/run-}"
    fi
  done
}

status() {
  local run found=0 pid
  while read -r run; do
    [ -n "$run" ] || continue
    found=1
    if pid=$(broker_pid "$run"); then
      echo "$(cat "$run/bootstrap") running (pid $pid)"
    elif [ -f "$run/kept" ]; then
      echo "$host:${run##*/run-} stopped, data kept (kafka.sh start --port ${run##*/run-} --keep-data)"
    else
      echo "$host:${run##*/run-} not running (stale; kafka.sh stop --port ${run##*/run-} cleans it up)"
    fi
  done < <(runs)
  [ "$found" = 1 ] || echo "no Kafka broker started from this checkout"
}

case ${1:-} in
  fetch) fetch ;;
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  status) status ;;
  *) die "usage: kafka.sh fetch | start [--port N] [--owner-pid PID] [--keep-data] | stop [--port N [--keep-data] | --all] | status" ;;
esac
