#!/bin/sh
# Entry point of a pipeline service in docker-compose.yml: `takedown up` hands each service its own
# Kafka principal as KAFKA_USERNAME / KAFKA_PASSWORD from TAKEDOWN_DATA_DIR/service-credentials.json,
# which the init container's `takedown topics apply` wrote; this does the same, then runs it.
#   service-entry.sh <service>
set -eu
service=$1
credentials=${TAKEDOWN_DATA_DIR:?}/service-credentials.json
# The portal has no principal (it talks to intake over HTTP): then nothing is exported.
login() {
  node -p 'const c = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; c === undefined ? "" : c[process.argv[3]]' \
    "$credentials" "$service" "$1"
}
if [ -f "$credentials" ]; then
  username=$(login username)
  if [ -n "$username" ]; then
    KAFKA_USERNAME=$username KAFKA_PASSWORD=$(login password)
    export KAFKA_USERNAME KAFKA_PASSWORD
  fi
fi
exec node "/app/services/$service/dist/main.js"
