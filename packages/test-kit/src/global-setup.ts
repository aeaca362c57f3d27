import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { dockerAnswers, startDockerInfra } from "./docker-infra.js";
import type { InfraDescription } from "./infra-description.js";
import { startLocalInfra } from "@takedown/local-infra";
import { provisionServiceLogins } from "./service-logins.js";

function fromEnvironment(env: NodeJS.ProcessEnv): InfraDescription | undefined {
  if (!env.KAFKA_BROKERS || !env.S3_ENDPOINT) return undefined;
  const need = (name: string): string => {
    const value = env[name];
    if (!value)
      throw new Error(`KAFKA_BROKERS and S3_ENDPOINT are set, so ${name} must be set too`);
    return value;
  };
  return {
    mode: "env",
    kafkaBrokers: env.KAFKA_BROKERS.split(","),
    kafkaSaslBrokers: need("KAFKA_SASL_BROKERS").split(","),
    kafkaAdmin: { username: need("KAFKA_ADMIN_USER"), password: need("KAFKA_ADMIN_PASSWORD") },
    // The platforms' listener's CA: KAFKA_SASL_CA_FILE names its PEM file.
    ...(env.KAFKA_SASL_CA_FILE
      ? { kafkaSaslCa: readFileSync(env.KAFKA_SASL_CA_FILE, "utf8") }
      : {}),
    s3: {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? "us-east-1",
      accessKeyId: need("S3_ACCESS_KEY_ID"),
      secretAccessKey: need("S3_SECRET_ACCESS_KEY"),
    },
  };
}

/**
 * Runs once per test run: uses the servers named in the environment, else containers when a
 * Docker engine answers, else starts the real broker and S3 server from infra/ and stops them
 * when the run ends, whether tests passed or not.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const repo = fileURLToPath(new URL("../../..", import.meta.url));
  const given = fromEnvironment(process.env);
  if (given !== undefined) {
    await provisionServiceLogins(given, repo);
    project.provide("takedownInfra", given);
    return async () => {};
  }
  const started = (await dockerAnswers()) ? await startDockerInfra() : await startLocalInfra(repo);
  try {
    await provisionServiceLogins(started.infra, repo);
  } catch (error) {
    await started.stop();
    throw error;
  }
  project.provide("takedownInfra", started.infra);
  return started.stop;
}
