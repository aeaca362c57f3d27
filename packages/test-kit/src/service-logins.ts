import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyServiceAccess, readAccessConfig } from "@takedown/kafka";
import type { InfraDescription } from "./infra-description.js";

/**
 * Gives the run's broker the same service principals and ACLs as `takedown up` does
 * (config/principals.yaml), so tests that start a service as a process on the real topic names
 * run it as its own least-privilege principal.
 */
export async function provisionServiceLogins(infra: InfraDescription, repo: string): Promise<void> {
  const dataDir = infra.local?.dataDir ?? (await mkdtemp(join(tmpdir(), "takedown-logins-")));
  const result = await applyServiceAccess({
    brokers: infra.kafkaBrokers,
    admin: infra.kafkaAdmin,
    ...(await readAccessConfig(join(repo, "config"))),
    dataDir,
  });
  infra.serviceLogins = Object.fromEntries(
    result.credentials.map((c) => [c.service, { username: c.username, password: c.password }]),
  );
}

/** The Kafka variables of a service process logged in as its own principal. */
export function serviceKafkaEnv(infra: InfraDescription, service: string): Record<string, string> {
  const login = infra.serviceLogins?.[service];
  if (login === undefined) throw new Error(`no Kafka principal provisioned for ${service}`);
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(","),
    KAFKA_USERNAME: login.username,
    KAFKA_PASSWORD: login.password,
  };
}

/**
 * The Kafka variables of a service process that works on a test's own random topics, which no
 * service principal is granted: it logs in as the cluster's admin. Tests of the principals
 * themselves use `serviceKafkaEnv`.
 */
export function adminKafkaEnv(infra: InfraDescription): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers.join(","),
    KAFKA_USERNAME: infra.kafkaAdmin.username,
    KAFKA_PASSWORD: infra.kafkaAdmin.password,
  };
}

/** createKafka's login as the cluster's admin, for tests on their own topics. */
export function adminSasl(infra: InfraDescription): {
  mechanism: "scram-sha-512";
  username: string;
  password: string;
} {
  return { mechanism: "scram-sha-512", ...infra.kafkaAdmin };
}

/** The CA that signed the platforms' TLS listener, for clients of `kafkaSaslBrokers`. */
export function platformListenerCa(infra: InfraDescription): string {
  if (infra.kafkaSaslCa === undefined)
    throw new Error("no CA for the platforms' listener (set KAFKA_SASL_CA_FILE)");
  return infra.kafkaSaslCa;
}
