import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { InfraDescription } from "./infra-description.js";

const run = promisify(execFile);

export async function dockerAnswers(): Promise<boolean> {
  try {
    await run("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * Same servers as `docker-compose.yml` (apache/kafka and MinIO), for machines with a Docker
 * engine. The broker is configured like infra/kafka: PLAINTEXT for the pipeline, SASL/SCRAM with
 * the StandardAuthorizer for platforms.
 */
export async function startDockerInfra(): Promise<{
  infra: InfraDescription;
  stop: () => Promise<void>;
}> {
  const { GenericContainer, Wait } = await import("testcontainers");
  const adminPassword = randomBytes(18).toString("base64url");
  const s3Secret = randomBytes(24).toString("base64url");
  const kafka = await new GenericContainer("apache/kafka:4.1.1")
    .withExposedPorts({ container: 9092, host: 19092 }, { container: 9094, host: 19094 })
    .withEnvironment({
      KAFKA_NODE_ID: "1",
      KAFKA_PROCESS_ROLES: "broker,controller",
      KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
      KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093,SASL_PLAINTEXT://:9094",
      KAFKA_ADVERTISED_LISTENERS: "PLAINTEXT://127.0.0.1:19092,SASL_PLAINTEXT://127.0.0.1:19094",
      KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
      KAFKA_SASL_ENABLED_MECHANISMS: "SCRAM-SHA-512",
      KAFKA_LISTENER_NAME_SASL__PLAINTEXT_SCRAM__SHA__512_SASL_JAAS_CONFIG:
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
      KAFKA_AUTHORIZER_CLASS_NAME: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
      KAFKA_SUPER_USERS: "User:ANONYMOUS;User:takedown-admin",
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  await kafka.exec([
    "/opt/kafka/bin/kafka-configs.sh",
    "--bootstrap-server",
    "localhost:9092",
    "--alter",
    "--add-config",
    `SCRAM-SHA-512=[password=${adminPassword}]`,
    "--entity-type",
    "users",
    "--entity-name",
    "takedown-admin",
  ]);
  const minio = await new GenericContainer("minio/minio:latest")
    .withCommand(["server", "/data"])
    .withEnvironment({ MINIO_ROOT_USER: "takedown-test", MINIO_ROOT_PASSWORD: s3Secret })
    .withExposedPorts(9000)
    .withWaitStrategy(Wait.forHttp("/minio/health/ready", 9000))
    .start();
  return {
    stop: async () => {
      await Promise.allSettled([kafka.stop(), minio.stop()]);
    },
    infra: {
      mode: "docker",
      kafkaBrokers: ["127.0.0.1:19092"],
      kafkaSaslBrokers: ["127.0.0.1:19094"],
      kafkaAdmin: { username: "takedown-admin", password: adminPassword },
      s3: {
        endpoint: `http://${minio.getHost()}:${minio.getMappedPort(9000)}`,
        region: "us-east-1",
        accessKeyId: "takedown-test",
        secretAccessKey: s3Secret,
      },
    },
  };
}
