#!/usr/bin/env bash
# A real Apache Kafka 4.x cluster (KRaft, combined broker+controller nodes), one local JVM per node.
#   kafka.sh start | stop | status | resolve | add-scram-user <name> <password> | env | kill <node>
#   | tls (only the local CA and broker certificate: docker-compose.yml's broker has no openssl)
# Environment: TAKEDOWN_DATA_DIR (default <repo>/.data), KAFKA_NODES (1; 3 for a replicated
# cluster), KAFKA_PORT (9092, SASL_PLAINTEXT/SCRAM-SHA-512 on loopback for the pipeline's service
# principals), KAFKA_SASL_PORT (9094, SASL_SSL/SCRAM-SHA-512 for platforms, certificate from the local CA in <data>/tls), KAFKA_CONTROLLER_PORT
# (9093, SASL/PLAIN for the nodes themselves), KAFKA_PLATFORMS_REAUTH_MS (60000: a platform's
# connection must log in again within this, so a revoked platform user is cut off by then),
# KAFKA_SERVICES_REAUTH_MS (0: off, see the README's credential lifecycle), KAFKA_HEAP (256m per
# node), KAFKA_START_TIMEOUT (180 s: a loaded two-core machine has needed more than 90 s for three nodes). With several nodes each port variable is a comma-separated
# list, one per node; a single value is the first node's and node n takes it plus 100*(n-1).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data_root=${TAKEDOWN_DATA_DIR:-$repo/.data}
nodes=${KAFKA_NODES:-1}
# One node keeps the original layout; a cluster lives beside it, so switching never mixes the two.
if [ "$nodes" = 1 ]; then dir=$data_root/kafka; else dir=$data_root/kafka-$nodes; fi
lib=$here/lib
heap=${KAFKA_HEAP:-256m}
timeout=${KAFKA_START_TIMEOUT:-180}
secrets=$data_root/secrets.env

case $nodes in
  1 | 3 | 5) ;;
  *) echo "[kafka] KAFKA_NODES must be 1, 3 or 5 (a controller quorum needs a majority), not $nodes" >&2; exit 2 ;;
esac

for setting in KAFKA_PLATFORMS_REAUTH_MS KAFKA_SERVICES_REAUTH_MS; do
  value=${!setting:-0}
  [[ $value =~ ^[0-9]+$ ]] || { echo "[kafka] $setting must be a whole number of milliseconds, not $value" >&2; exit 2; }
done

# port_of <variable value> <default> <node>: the node's port from a list or a base.
port_of() {
  local list=${1:-$2} node=$3 value
  if [[ $list == *,* ]]; then
    value=$(cut -d, -f"$node" <<<"$list")
    [ -n "$value" ] || { echo "[kafka] no port for node $node in $list" >&2; exit 2; }
    echo "$value"
  else
    echo $((list + 100 * (node - 1)))
  fi
}

node_dir() { if [ "$nodes" = 1 ]; then echo "$dir"; else echo "$dir/node-$1"; fi; }
plain_port() { port_of "${KAFKA_PORT:-}" 9092 "$1"; }
sasl_port() { port_of "${KAFKA_SASL_PORT:-}" 9094 "$1"; }
controller_port() { port_of "${KAFKA_CONTROLLER_PORT:-}" 9093 "$1"; }
# Replication settings: a cluster keeps three copies and refuses writes with fewer than two in sync.
if [ "$nodes" = 1 ]; then replicas=1 min_isr=1; else replicas=3 min_isr=2; fi
port=$(plain_port 1)

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

# The local CA and the brokers' certificate for the platforms' TLS listener, made once per data
# folder (keys never leave it, never in git). Platforms get tls/ca.pem. openssl, not keytool:
# one C process per step instead of a JVM start each.
tls=$data_root/tls
ensure_tls() {
  [ -f "$tls/broker.pem" ] && [ -f "$tls/ca.pem" ] && return 0
  mkdir -p "$tls"
  (
    umask 077
    cd "$tls"
    openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout ca.key \
      -out ca.pem -days 3650 -subj "/CN=takedown relay local CA $(date -u +%FT%TZ)" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout broker.key \
      -out broker.csr -subj "/CN=localhost" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 \
      -extfile broker.ext -out broker.crt 2>/dev/null
    # Kafka's PEM key store: an unencrypted PKCS#8 key, then the chain.
    { openssl pkcs8 -topk8 -nocrypt -in broker.key; cat broker.crt ca.pem; } >broker.pem.tmp
    mv broker.pem.tmp broker.pem
    rm -f broker.csr broker.ext ca.srl
    chmod 644 ca.pem
  ) || { log "could not create the local CA in $tls"; return 1; }
  log "local CA created: $tls/ca.pem (hand it to platforms)"
}

java_run() {
  java -Xms64m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$here/log4j2.yaml" -Dkafka.logs.dir="$dir/logs" \
    -cp "$lib/*" "$@"
}

# The controller quorum: one node bootstraps itself; a cluster names every voter up front.
quorum_config() {
  if [ "$nodes" = 1 ]; then
    echo "controller.quorum.bootstrap.servers=127.0.0.1:$(controller_port 1)"
    return
  fi
  local voters="" n
  for n in $(seq 1 "$nodes"); do voters+="${voters:+,}$n@127.0.0.1:$(controller_port "$n")"; done
  echo "controller.quorum.voters=$voters"
}

write_config() {
  local node=$1 home
  home=$(node_dir "$node")
  local port sasl controller
  port=$(plain_port "$node") sasl=$(sasl_port "$node") controller=$(controller_port "$node")
  mkdir -p "$home/logs" "$home/data"
  (umask 077 && : >"$home/server.properties" && : >"$home/admin-client.properties")
  cat >"$home/admin-client.properties" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD";
PROPS
  cat >"$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=$node
$(quorum_config)
listeners=SERVICES://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller,PLATFORMS://127.0.0.1:$sasl
advertised.listeners=SERVICES://127.0.0.1:$port,PLATFORMS://127.0.0.1:$sasl
controller.listener.names=CONTROLLER
listener.security.protocol.map=SERVICES:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,PLATFORMS:SASL_SSL
# Nobody connects anonymously. The services' listener is bound to loopback and every service logs
# in with a SCRAM principal of its own (config/principals.yaml, least privilege); nodes talk to
# each other on it as the cluster's admin, created at format time. The controller listener
# accepts only that admin, with PLAIN (SCRAM credentials live in the metadata the controllers
# serve, so they cannot authenticate the controllers' own connections).
inter.broker.listener.name=SERVICES
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.services.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.services.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD" user_$KAFKA_ADMIN_USER="$KAFKA_ADMIN_PASSWORD";
listener.name.platforms.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.platforms.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
# Set on purpose: a platform's session lasts at most this long, then the client must log in again
# (KIP-368; Java clients and librdkafka >= 2.2 do it unasked) or the broker closes the connection.
# Deleting a platform user's SCRAM credential (takedown credentials revoke platform <id>) therefore
# ends its open connections within this bound, not only its future logins.
listener.name.platforms.scram-sha-512.connections.max.reauth.ms=${KAFKA_PLATFORMS_REAUTH_MS:-60000}
# The services' own listener (loopback, our own processes): off by default, a revoked service is
# restarted by its operator instead (README, credential lifecycle); KAFKA_SERVICES_REAUTH_MS sets it.
listener.name.services.scram-sha-512.connections.max.reauth.ms=${KAFKA_SERVICES_REAUTH_MS:-0}
# Platforms connect over the network: TLS 1.3/1.2 with the local CA's certificate (tls/ca.pem),
# so neither SCRAM's exchange nor notices (evidence links) cross it in clear text.
listener.name.platforms.ssl.keystore.type=PEM
listener.name.platforms.ssl.keystore.location=$tls/broker.pem
listener.name.platforms.ssl.enabled.protocols=TLSv1.3,TLSv1.2
listener.name.platforms.ssl.client.auth=none
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
# Only the cluster's own admin is a super user (nodes, and the operator's takedown topics apply
# and takedown credentials); services and platforms get exactly the ACLs they are granted.
super.users=User:$KAFKA_ADMIN_USER
allow.everyone.if.no.acl.found=false
log.dirs=$home/data
num.partitions=3
auto.create.topics.enable=false
# One node: one copy of everything. A cluster: three copies, and a write (acks=all), a
# transaction marker or an offset commit needs two of them in sync, so one node may die.
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
min.insync.replicas=$min_isr
default.replication.factor=$replicas
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

pidfile_of() { echo "$(node_dir "$1")/broker.pid"; }

running_pid() {
  local pidfile pid
  pidfile=$(pidfile_of "$1")
  [ -f "$pidfile" ] || return 1
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

# Every node of a cluster is formatted with the same cluster id, made once.
cluster_id() {
  if [ "$nodes" = 1 ]; then
    java_run kafka.tools.StorageTool random-uuid
    return
  fi
  mkdir -p "$dir"
  [ -f "$dir/cluster.id" ] || java_run kafka.tools.StorageTool random-uuid >"$dir/cluster.id"
  cat "$dir/cluster.id"
}

# launch_node <n>: starts one node unless it runs; prints its pid (empty when it already ran).
launch_node() {
  local node=$1 home port pid
  home=$(node_dir "$node")
  port=$(plain_port "$node")
  if pid=$(running_pid "$node"); then
    log "node $node already running (pid $pid) on 127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    log "port $port is taken by another process; set KAFKA_PORT or stop it"
    return 1
  fi
  write_config "$node"
  if [ ! -f "$home/data/meta.properties" ]; then
    log "formatting storage in $home/data"
    local quorum=(--standalone)
    [ "$nodes" = 1 ] || quorum=()
    java_run kafka.tools.StorageTool format "${quorum[@]}" --ignore-formatted \
      -t "$(cluster_id)" -c "$home/server.properties" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]" >"$home/logs/format.log" 2>&1 ||
      { cat "$home/logs/format.log" >&2; return 1; }
  fi
  : >"$home/logs/console.log"
  # A restarted node must not pass the readiness check on its previous run's log lines.
  [ ! -f "$home/logs/server.log" ] || mv -f "$home/logs/server.log" "$home/logs/server.log.previous"
  # setsid: the broker must not die with the shell that started it, and must not get its Ctrl-C;
  # `stop` ends it.
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Dlog4j2.configurationFile="$here/log4j2.yaml" -Dkafka.logs.dir="$home/logs" \
    -cp "$lib/*" kafka.Kafka "$home/server.properties" >>"$home/logs/console.log" 2>&1 </dev/null &
  echo $! >"$(pidfile_of "$node")"
}

# await_node <n> <started>: waits until the node serves, or stops everything after the timeout.
await_node() {
  local node=$1 started=$2 home port pid
  home=$(node_dir "$node")
  port=$(plain_port "$node")
  pid=$(cat "$(pidfile_of "$node")")
  until grep -q 'Kafka Server started' "$home/logs/server.log" 2>/dev/null && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "node $node exited during start; last lines of its log:"
      tail -n 30 "$home/logs/server.log" "$home/logs/console.log" >&2 || true
      rm -f "$(pidfile_of "$node")"
      return 1
    fi
    if [ $((SECONDS - started)) -ge "$timeout" ]; then
      log "node $node not ready after ${timeout}s; stopping"
      stop
      return 1
    fi
    sleep 0.2
  done
  log "ready in $((SECONDS - started))s (pid $pid): services 127.0.0.1:$port, platforms 127.0.0.1:$(sasl_port "$node")"
}

# Starts every node that is not running (after `kill <n>` that restarts just that node). Nodes
# start together: a cluster's controllers elect a leader only once a majority of them is up.
start() {
  resolve
  ensure_secrets
  ensure_tls
  local started=$SECONDS node launched=()
  for node in $(seq 1 "$nodes"); do
    if running_pid "$node" >/dev/null; then
      log "node $node already running on 127.0.0.1:$(plain_port "$node")"
      continue
    fi
    launch_node "$node"
    launched+=("$node")
  done
  for node in "${launched[@]}"; do await_node "$node" "$started"; done
}

stop_node() {
  local node=$1 pid
  if ! pid=$(running_pid "$node"); then
    log "node $node not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "node $node did not stop in 30s; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$(pidfile_of "$node")"
  log "node $node stopped"
}

# Nodes stop in parallel: a cluster's last nodes would otherwise wait for a quorum that left.
stop() {
  local node pids=()
  for node in $(seq 1 "$nodes"); do
    stop_node "$node" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
}

# kill <n>: SIGKILL one node, as a crash would (chaos runs); `start` brings it back.
kill_node() {
  local node=$1 pid
  if ! pid=$(running_pid "$node"); then
    log "node $node not running"
    return 1
  fi
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  rm -f "$(pidfile_of "$node")"
  log "node $node killed (pid $pid)"
}

status() {
  local node pid down=0
  for node in $(seq 1 "$nodes"); do
    if pid=$(running_pid "$node"); then
      if [ "$nodes" = 1 ]; then echo "running $pid"; else echo "node $node running $pid"; fi
    else
      if [ "$nodes" = 1 ]; then echo "stopped"; else echo "node $node stopped"; fi
      down=1
    fi
  done
  return $((down * 3))
}

add_scram_user() {
  local name=$1 password=$2
  resolve
  ensure_secrets
  write_config 1
  java_run kafka.admin.ConfigCommand --bootstrap-server "127.0.0.1:$port" \
    --command-config "$(node_dir 1)/admin-client.properties" --alter \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$password]" \
    --entity-type users --entity-name "$name" >/dev/null
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  resolve) resolve ;;
  kill) kill_node "${2:?node}" ;;
  add-scram-user) add_scram_user "${2:?name}" "${3:?password}" ;;
  env) ensure_secrets; cat "$secrets" ;;
  tls) ensure_tls ;;
  *) echo "usage: $0 start|stop|status|resolve|kill <node>|add-scram-user <name> <password>|env|tls" >&2; exit 2 ;;
esac
