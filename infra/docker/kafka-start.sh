#!/usr/bin/env bash
# The broker of docker-compose.yml: the apache/kafka image's Kafka with the listeners of
# infra/kafka/kafka.sh (SASL_PLAINTEXT/SCRAM for the services, SASL_SSL/SCRAM for platforms with
# the local CA's certificate, SASL/PLAIN on the controller listener, no anonymous access, the
# cluster's admin the only super user), formatted once with that admin's SCRAM credential: the
# image's own start script formats without one, and then nobody could log in to create the rest.
# Environment (from compose): KAFKA_ADMIN_USER, KAFKA_ADMIN_PASSWORD, KAFKA_ADVERTISED_HOST
# (the name services reach the broker by), KAFKA_PLATFORMS_ADVERTISED (host:port platforms use).
set -euo pipefail

: "${KAFKA_ADMIN_USER:?set KAFKA_ADMIN_USER (.env)}"
: "${KAFKA_ADMIN_PASSWORD:?set KAFKA_ADMIN_PASSWORD (.env)}"
advertised=${KAFKA_ADVERTISED_HOST:-kafka}
platforms=${KAFKA_PLATFORMS_ADVERTISED:-127.0.0.1:9094}
data=/var/lib/kafka/data
tls=/tls
conf=/tmp/takedown-kafka
mkdir -p "$conf"
# Both files hold the admin's password: readable by this container's user only.
umask 077

cat >"$conf/admin-client.properties" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD";
PROPS

cat >"$conf/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=localhost:9093
listeners=SERVICES://:9092,CONTROLLER://localhost:9093,PLATFORMS://:9094
advertised.listeners=SERVICES://$advertised:9092,PLATFORMS://$platforms
controller.listener.names=CONTROLLER
listener.security.protocol.map=SERVICES:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,PLATFORMS:SASL_SSL
inter.broker.listener.name=SERVICES
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
sasl.mechanism.controller.protocol=PLAIN
listener.name.services.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.services.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD";
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$KAFKA_ADMIN_PASSWORD" user_$KAFKA_ADMIN_USER="$KAFKA_ADMIN_PASSWORD";
listener.name.platforms.sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.platforms.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.platforms.ssl.keystore.type=PEM
listener.name.platforms.ssl.keystore.location=$tls/broker.pem
listener.name.platforms.ssl.enabled.protocols=TLSv1.3,TLSv1.2
listener.name.platforms.ssl.client.auth=none
# As kafka.sh: a revoked platform user's open connections end within this bound (KIP-368); the
# services' listener leaves it off unless KAFKA_SERVICES_REAUTH_MS is set.
listener.name.platforms.scram-sha-512.connections.max.reauth.ms=${KAFKA_PLATFORMS_REAUTH_MS:-60000}
listener.name.services.scram-sha-512.connections.max.reauth.ms=${KAFKA_SERVICES_REAUTH_MS:-0}
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:$KAFKA_ADMIN_USER
allow.everyone.if.no.acl.found=false
log.dirs=$data
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
# Same record-size limits as infra/kafka/kafka.sh (see PITFALLS: kafkajs batching).
message.max.bytes=1048588
replica.fetch.max.bytes=1048588
log.retention.check.interval.ms=60000
PROPS

if [ ! -f "$data/meta.properties" ]; then
  /opt/kafka/bin/kafka-storage.sh format --standalone --ignore-formatted \
    -t "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" -c "$conf/server.properties" \
    --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf/server.properties"
