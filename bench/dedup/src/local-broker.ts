import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../..", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no free port")),
      );
    });
  });
}

/**
 * The broker the bench talks to: KAFKA_BROKERS when set, else a fresh one from infra/kafka in a
 * temporary data folder on free ports (as the test-kit does), stopped and deleted afterwards.
 */
export async function benchBroker(): Promise<{ brokers: string[]; stop: () => Promise<void> }> {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given.split(","), stop: async () => {} };
  const dataDir = await mkdtemp(join(tmpdir(), "bench-dedup-"));
  const port = await freePort();
  const env = {
    ...process.env,
    TAKEDOWN_DATA_DIR: dataDir,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_SASL_PORT: String(await freePort()),
  };
  const script = join(repo, "infra", "kafka", "kafka.sh");
  const stop = async () => {
    await run("bash", [script, "stop"], { env }).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await run("bash", [script, "env"], { env, timeout: 120_000 });
    await run("bash", [script, "start"], { env, timeout: 180_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { brokers: [`127.0.0.1:${port}`], stop };
}
