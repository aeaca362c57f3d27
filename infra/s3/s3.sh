#!/usr/bin/env bash
# A real S3-compatible HTTP server (S3Proxy over plain files) as one local JVM.
#   s3.sh start | stop | status | resolve | env
# Environment: TAKEDOWN_DATA_DIR (default <repo>/.data), S3_PORT (9000), S3_HEAP (128m),
# S3_START_TIMEOUT (60 s). Credentials are made once per data folder (secrets.env, git-ignored)
# and every request must be signed with them (AWS v2/v4, presigned URLs included).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
data_root=${TAKEDOWN_DATA_DIR:-$repo/.data}
dir=$data_root/s3
lib=$here/lib
port=${S3_PORT:-9000}
heap=${S3_HEAP:-128m}
timeout=${S3_START_TIMEOUT:-60}
pidfile=$dir/server.pid
secrets=$data_root/secrets.env

log() { printf '[s3] %s\n' "$*" >&2; }

resolve() {
  local stamp=$lib/.pom.sha256 sum
  sum=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  log "resolving S3Proxy jars from Maven Central (pom.xml)"
  rm -rf "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -DincludeScope=runtime
  echo "$sum" >"$stamp"
}

ensure_secrets() {
  mkdir -p "$data_root"
  touch "$secrets"
  chmod 600 "$secrets"
  if ! grep -q '^S3_SECRET_ACCESS_KEY=' "$secrets"; then
    {
      echo "S3_ACCESS_KEY_ID=takedown-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
      echo "S3_SECRET_ACCESS_KEY=$(head -c 30 /dev/urandom | base64 | tr -d '/+=')"
    } >>"$secrets"
  fi
  # shellcheck disable=SC1090
  . "$secrets"
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.gaul.s3proxy'; then
    echo "$pid"
    return 0
  fi
  log "removing stale pid file ($pid is not a running S3 server)"
  rm -f "$pidfile"
  return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if pid=$(running_pid); then
    log "already running (pid $pid) on http://127.0.0.1:$port"
    return 0
  fi
  if port_open "$port"; then
    log "port $port is taken by another process; set S3_PORT or stop it"
    return 1
  fi
  resolve
  ensure_secrets
  mkdir -p "$dir/blobs" "$dir/logs"
  umask 077
  cat >"$dir/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ACCESS_KEY_ID
s3proxy.credential=$S3_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$dir/blobs
PROPS
  local started=$SECONDS
  : >"$dir/logs/console.log"
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlogback.configurationFile="$here/logback.xml" -Ds3.logs.dir="$dir/logs" \
    -cp "$lib/*" org.gaul.s3proxy.Main --properties "$dir/s3proxy.properties" \
    >>"$dir/logs/console.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  # Any HTTP answer (403 for an unsigned request) means the server is serving.
  until curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "S3 server exited during start; last lines of its log:"
      tail -n 30 "$dir/logs/console.log" "$dir/logs/server.log" >&2 || true
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
  log "ready in $((SECONDS - started))s (pid $pid): http://127.0.0.1:$port"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "did not stop in 20s; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  log "stopped"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then echo "running $pid"; else echo "stopped"; exit 3; fi ;;
  resolve) resolve ;;
  env) ensure_secrets; grep '^S3_' "$secrets" ;;
  *) echo "usage: $0 start|stop|status|resolve|env" >&2; exit 2 ;;
esac
