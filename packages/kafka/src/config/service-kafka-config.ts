import { envSchema, parseEnvironment } from "@takedown/config";
import { createKafkaError } from "../errors.js";
import type { KafkaConnectionOptions } from "../create-kafka.js";

const serviceKafkaSchema = envSchema.pick({ KAFKA_BROKERS: true });

export type ServiceKafkaConfig = Pick<KafkaConnectionOptions, "brokers" | "clientId" | "sasl">;

/**
 * The one place a service reads its Kafka connection: KAFKA_BROKERS (the services' loopback
 * listener) and its own principal's KAFKA_USERNAME / KAFKA_PASSWORD (`takedown up` hands them
 * over from TAKEDOWN_DATA_DIR/service-credentials.json; config/principals.yaml says what each may
 * do). The user defaults to `takedown-<service>`. Pure: the caller passes the environment.
 */
export function loadServiceKafkaConfig(
  env: Readonly<Record<string, string | undefined>>,
  service: string,
  clientId = `takedown-${service}`,
): ServiceKafkaConfig {
  const parsed = parseEnvironment(serviceKafkaSchema, env);
  if (!parsed.ok)
    throw createKafkaError("KAFKA_CONFIG_INVALID", {
      detail: parsed.detail,
      details: { issues: parsed.issues },
    });
  const { KAFKA_BROKERS } = parsed.value;
  const KAFKA_USERNAME = env.KAFKA_USERNAME === "" ? undefined : env.KAFKA_USERNAME;
  const KAFKA_PASSWORD = env.KAFKA_PASSWORD === "" ? undefined : env.KAFKA_PASSWORD;
  if (KAFKA_PASSWORD === undefined)
    throw createKafkaError("KAFKA_CONFIG_INVALID", {
      detail: `environment: KAFKA_PASSWORD: required (the ${service} principal's SCRAM password; \`takedown up\` passes it from TAKEDOWN_DATA_DIR/service-credentials.json)`,
      details: { issues: [{ source: "environment", field: "KAFKA_PASSWORD", reason: "required" }] },
    });
  return {
    brokers: KAFKA_BROKERS,
    clientId,
    sasl: {
      mechanism: "scram-sha-512",
      username: KAFKA_USERNAME ?? `takedown-${service}`,
      password: KAFKA_PASSWORD,
    },
  };
}

/**
 * The operator's connection for the CLI's admin verbs (topics apply, credentials, audit
 * completeness): the cluster's admin from KAFKA_ADMIN_USER / KAFKA_ADMIN_PASSWORD, which infra/
 * writes into TAKEDOWN_DATA_DIR/secrets.env on first start. Never handed to a service.
 */
export function loadOperatorKafkaConfig(
  env: Readonly<Record<string, string | undefined>>,
  clientId = "takedown-cli",
): ServiceKafkaConfig & { sasl: NonNullable<ServiceKafkaConfig["sasl"]> } {
  const parsed = parseEnvironment(serviceKafkaSchema, env);
  const missing = ["KAFKA_ADMIN_USER", "KAFKA_ADMIN_PASSWORD"].filter(
    (name) => env[name] === undefined || env[name] === "",
  );
  if (!parsed.ok || missing.length > 0)
    throw createKafkaError("KAFKA_CONFIG_INVALID", {
      detail: [
        ...(parsed.ok ? [] : [parsed.detail]),
        ...missing.map(
          (name) =>
            `environment: ${name}: required (written to TAKEDOWN_DATA_DIR/secrets.env by infra/kafka on first start)`,
        ),
      ].join("; "),
    });
  return {
    brokers: parsed.value.KAFKA_BROKERS,
    clientId,
    sasl: {
      mechanism: "scram-sha-512",
      username: env.KAFKA_ADMIN_USER ?? "",
      password: env.KAFKA_ADMIN_PASSWORD ?? "",
    },
  };
}
