import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { InfraDescription } from "./infra-description.js";
import { freePort, runInfraScript } from "./infra-script.js";

/** The KEY=value lines of a secrets.env written by infra/. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

/**
 * Starts a fresh broker and S3 server from infra/ in a data folder and on free ports of the
 * caller's own (`.data/<purpose>/<pid>-<time>`), so several test runs, benches and a developer's
 * `takedown up` can share the machine. `stop` stops both and deletes the folder.
 */
export async function startLocalInfra(
  repo: string,
  purpose = "test-runs",
): Promise<{ infra: InfraDescription; stop: () => Promise<void> }> {
  // Free ports are picked a moment before the JVMs bind them; another process's outgoing
  // connection may take one meanwhile (BindException, seen in CI). New ports are the cure.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startLocalInfraOnce(repo, purpose);
    } catch (error) {
      if (attempt === 3 || !/exited during start|already in use/i.test(String(error))) throw error;
    }
  }
}

async function startLocalInfraOnce(
  repo: string,
  purpose: string,
): Promise<{ infra: InfraDescription; stop: () => Promise<void> }> {
  const dataDir = join(repo, ".data", purpose, `${process.pid}-${Date.now()}`);
  await mkdir(dataDir, { recursive: true });
  const testPorts = {
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_SASL_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
  };
  const local = { repo, dataDir, env: { ...testPorts, TAKEDOWN_DATA_DIR: dataDir } };
  const stop = async (): Promise<void> => {
    await Promise.allSettled([
      runInfraScript(local, "s3", ["stop"]),
      runInfraScript(local, "kafka", ["stop"]),
    ]);
    await rm(dataDir, { recursive: true, force: true });
  };
  let kafkaSaslCa: string;
  try {
    // The secrets file is made by the first script; make it before both run at once.
    await runInfraScript(local, "kafka", ["env"]);
    await runInfraScript(local, "s3", ["env"]);
    await Promise.all([
      runInfraScript(local, "kafka", ["start"]),
      runInfraScript(local, "s3", ["start"]),
    ]);
    kafkaSaslCa = await readFile(join(dataDir, "tls", "ca.pem"), "utf8");
  } catch (error) {
    await stop();
    throw error;
  }
  const secrets = parseEnvFile(await readFile(join(dataDir, "secrets.env"), "utf8"));
  const required = (name: string): string => {
    const value = secrets[name];
    if (value === undefined) throw new Error(`${join(dataDir, "secrets.env")} lacks ${name}`);
    return value;
  };
  return {
    stop,
    infra: {
      mode: "local",
      kafkaBrokers: [`127.0.0.1:${testPorts.KAFKA_PORT}`],
      kafkaSaslBrokers: [`127.0.0.1:${testPorts.KAFKA_SASL_PORT}`],
      kafkaSaslCa,
      kafkaAdmin: {
        username: required("KAFKA_ADMIN_USER"),
        password: required("KAFKA_ADMIN_PASSWORD"),
      },
      s3: {
        endpoint: `http://127.0.0.1:${testPorts.S3_PORT}`,
        region: "us-east-1",
        accessKeyId: required("S3_ACCESS_KEY_ID"),
        secretAccessKey: required("S3_SECRET_ACCESS_KEY"),
      },
      local,
    },
  };
}
