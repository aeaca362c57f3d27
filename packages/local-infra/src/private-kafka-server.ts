import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, runInfraScript } from "./infra-script.js";
import { parseEnvFile } from "./local-infra.js";

export interface PrivateKafkaServer {
  /** The services' listener, `127.0.0.1:<port>` (SASL/SCRAM). */
  brokers: string[];
  /** The platforms' listener, `127.0.0.1:<port>` (SASL_SSL/SCRAM, certificate from `saslCa`). */
  saslBrokers: string[];
  /** The local CA (PEM) that signed the platforms' listener's certificate. */
  saslCa: string;
  /** The data folder of this broker (its secrets, TLS files and log). */
  dataDir: string;
  /** The cluster's admin: the login for tests and benches on their own topics. */
  sasl: { mechanism: "scram-sha-512"; username: string; password: string };
  /** Starts it again on the same ports and data (after `stop`). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the broker and deletes its files. */
  destroy(): Promise<void>;
}

export interface PrivateKafkaServerOptions {
  /**
   * Broker settings infra/kafka/kafka.sh takes from its environment, e.g.
   * `{ KAFKA_PLATFORMS_REAUTH_MS: "3000" }` for a test of re-authentication that must not shorten
   * the shared broker's sessions for every other test.
   */
  settings?: Record<string, string>;
}

/**
 * A Kafka broker of one test's own (infra/kafka on free ports), for tests that stop and restart
 * it or need settings of their own: stopping or reconfiguring the run's shared broker would fail
 * unrelated tests in other workers.
 */
export async function startPrivateKafkaServer(
  options: PrivateKafkaServerOptions = {},
): Promise<PrivateKafkaServer> {
  const repo = fileURLToPath(new URL("../../..", import.meta.url));
  const dataDir = await mkdtemp(join(tmpdir(), "takedown-kafka-"));
  const port = await freePort();
  const saslPort = await freePort();
  const local = {
    repo,
    dataDir,
    env: {
      ...options.settings,
      TAKEDOWN_DATA_DIR: dataDir,
      KAFKA_PORT: String(port),
      KAFKA_SASL_PORT: String(saslPort),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
    },
  };
  try {
    await runInfraScript(local, "kafka", ["start"]);
  } catch (error) {
    // A half-started server must not outlive the failed call, nor its folder stay behind.
    await runInfraScript(local, "kafka", ["stop"]).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const secrets = parseEnvFile(await readFile(join(dataDir, "secrets.env"), "utf8"));
  return {
    brokers: [`127.0.0.1:${port}`],
    saslBrokers: [`127.0.0.1:${saslPort}`],
    saslCa: await readFile(join(dataDir, "tls", "ca.pem"), "utf8"),
    dataDir,
    sasl: {
      mechanism: "scram-sha-512",
      username: secrets.KAFKA_ADMIN_USER ?? "",
      password: secrets.KAFKA_ADMIN_PASSWORD ?? "",
    },
    start: async () => {
      await runInfraScript(local, "kafka", ["start"]);
    },
    stop: async () => {
      await runInfraScript(local, "kafka", ["stop"]);
    },
    destroy: async () => {
      await runInfraScript(local, "kafka", ["stop"]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
