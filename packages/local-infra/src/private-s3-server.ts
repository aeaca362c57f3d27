import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, runInfraScript } from "./infra-script.js";

export interface PrivateS3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

/**
 * An S3 server of one test's own, for tests that stop or restart it: stopping the run's shared
 * server would fail unrelated tests running in other workers.
 */
export async function startPrivateS3Server(): Promise<PrivateS3Server> {
  const repo = fileURLToPath(new URL("../../..", import.meta.url));
  const dataDir = await mkdtemp(join(tmpdir(), "takedown-s3-"));
  const port = await freePort();
  const local = { repo, dataDir, env: { TAKEDOWN_DATA_DIR: dataDir, S3_PORT: String(port) } };
  try {
    await runInfraScript(local, "s3", ["start"]);
  } catch (error) {
    // A half-started server must not outlive the failed call, nor its folder stay behind.
    await runInfraScript(local, "s3", ["stop"]).catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const secrets = await readFile(join(dataDir, "secrets.env"), "utf8");
  const value = (name: string): string => {
    const match = new RegExp(`^${name}=(.*)$`, "m").exec(secrets);
    if (match?.[1] === undefined) throw new Error(`${name} missing in ${dataDir}/secrets.env`);
    return match[1];
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: value("S3_ACCESS_KEY_ID"),
    secretAccessKey: value("S3_SECRET_ACCESS_KEY"),
    start: async () => {
      await runInfraScript(local, "s3", ["start"]);
    },
    stop: async () => {
      await runInfraScript(local, "s3", ["stop"]);
    },
    destroy: async () => {
      await runInfraScript(local, "s3", ["stop"]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
