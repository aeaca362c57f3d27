#!/usr/bin/env bash
# A real Apache Kafka 4.x broker (KRaft, combined broker+controller) as one local JVM.
#   kafka.sh start | stop | status | resolve | add-scram-user <name> <password> | env
# Environment: TAKEDOWN_DATA_DIR (default <repo>/.data), KAFKA_PORT (9092, PLAINTEXT for the
# pipeline), KAFKA_SASL_PORT (9094, SASL_PLAINTEXT/SCRAM-SHA-512 for platforms),
# KAFKA_CONTROLLER_PORT (9093), KAFKA_HEAP (256m), KAFKA_START_TIMEOUT (90 s).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data_root=${TAKEDOWN_DATA_DIR:-$repo/.data}
dir=$data_root/kafka
lib=$here/lib
port=${KAFKA_PORT:-9092}
sasl_port=${KAFKA_SASL_PORT:-9094}
controller_port=${KAFKA_CONTROLLER_PORT:-9093}
heap=${KAFKA_HEAP:-256m}
timeout=${KAFKA_START_TIMEOUT:-90}
pidfile=$dir/broker.pid
secrets=$data_root/secrets.env

log() { printf '[kafka] %s\n' "$*" >&2; }

resolve() {
  local stamp=$lib/.pom.sha256 sum
  sum=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  log "resolving Kafka jars from Maven Central (pom.xml)"
  rm -rf "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime
  echo "$sum" >"$stamp"
}

# Local secrets live in the git-ignored data folder, made once per data folder.
ensure_secrets() {
  mkdir -p "$data_root"
  if [ ! -f "$secrets" ]; then
    umask 077
    {
      echo "KAFKA_ADMIN_USER=takedown-admin"
      echo "KAFKA_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
    } >"$secrets"
  fi
  if ! grep -q '^KAFKA_ADMIN_PASSWORD=' "$secrets"; then
    echo "KAFKA_ADMIN_USER=takedown-admin" >>"$secrets"
    echo "KAFKA_ADMIN_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')" >>"$secrets"
  fi
  # shellcheck disable=SC1090
  . "$secrets"
}

java_run() {
  java -Xms64m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$here/log4j2.yaml" -Dkafka.logs.dir="$dir/logs" \
    -cp "$lib/*" "$@"
}

write_config() {
  mkdir -p "$dir/logs" "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
# The pipeline's own services and the controller connect on loopback-only PLAINTEXT listeners
# (principal ANONYMOUS) and are super users; platforms only ever get SCRAM users with ACLs.
super.users=User:ANONYMOUS;User:$KAFKA_ADMIN_USER
allow.everyone.if.no.acl.found=false
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
# Largest record batch the broker accepts: 1 MiB + 12 bytes of batch overhead (Kafka's default,
# set on purpose). kafkajs writes all of one request's records for a partition as one batch, so
# producers (packages/kafka, DEFAULT_MAX_REQUEST_BYTES) cut requests at 512 KiB of records; a
# single record over that goes to the DLQ. Consumers fetch 1 MiB per partition, never less than
# this. Every topic sets the same max.message.bytes (config/topics.yaml).
message.max.bytes=1048588
replica.fetch.max.bytes=1048588
log.retention.check.interval.ms=60000
PROPS
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka'; then
    echo "$pid"
    return 0
  fi
  log "removing stale pid file ($pid is not a running broker)"
  rm -f "$pidfile"
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if pid=$(running_pid); then
    log "already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    log "port $port is taken by another process; set KAFKA_PORT or stop it"
    return 1
  fi
  resolve
  ensure_secrets
  write_config
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting storage in $dir/data"
    java_run kafka.tools.StorageTool format --standalone --ignore-formatted \
      -t "$(java_run kafka.tools.StorageTool random-uuid)" -c "$dir/server.properties" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]" >"$dir/logs/format.log" 2>&1 ||
      { cat "$dir/logs/format.log" >&2; return 1; }
  fi
  local started=$SECONDS
  : >"$dir/logs/console.log"
  # setsid: the broker must not die with the shell that started it, and must not get its Ctrl-C;
  # `stop` ends it.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Dlog4j2.configurationFile="$here/log4j2.yaml" -Dkafka.logs.dir="$dir/logs" \
    -cp "$lib/*" kafka.Kafka "$dir/server.properties" >>"$dir/logs/console.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  local pid=$!
  until grep -q 'Kafka Server started' "$dir/logs/server.log" 2>/dev/null && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker exited during start; last lines of its log:"
      tail -n 30 "$dir/logs/server.log" "$dir/logs/console.log" >&2 || true
      rm -f "$pidfile"
      return 1
    fi
    if [ $((SECONDS - started)) -ge "$timeout" ]; then
      log "not ready after ${timeout}s; stopping it"
      stop
      return 1
    fi
    sleep 0.2
  done
  log "ready in $((SECONDS - started))s (pid $pid): PLAINTEXT 127.0.0.1:$port, SASL_PLAINTEXT 127.0.0.1:$sasl_port"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "did not stop in 30s; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped"
}

add_scram_user() {
  local name=$1 password=$2
  resolve
  java_run kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" --alter \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$password]" \
    --entity-type users --entity-name "$name" >/dev/null
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then echo "running $pid"; else echo "stopped"; exit 3; fi ;;
  resolve) resolve ;;
  add-scram-user) add_scram_user "${2:?name}" "${3:?password}" ;;
  env) ensure_secrets; cat "$secrets" ;;
  *) echo "usage: $0 start|stop|status|resolve|add-scram-user <name> <password>|env" >&2; exit 2 ;;
esac
