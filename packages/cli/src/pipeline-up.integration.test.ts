import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { awaitCondition } from "@takedown/test-kit";
import { createKafka } from "@takedown/kafka";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const cli = join(repo, "packages", "cli", "dist", "main.js");

async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args"]);
  return stdout.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

describe("takedown up", () => {
  it("starts Kafka, S3 and the topics, and Ctrl-C leaves nothing running", async () => {
    expect(existsSync(cli), `${cli} is built by \`pnpm run build\``).toBe(true);
    const dataDir = await mkdtemp(join(tmpdir(), "takedown-up-"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TAKEDOWN_DATA_DIR: dataDir,
      KAFKA_PORT: "29092",
      KAFKA_CONTROLLER_PORT: "29093",
      KAFKA_SASL_PORT: "29094",
      S3_PORT: "29000",
      INTAKE_PORT: "28080",
      STATUS_PORT: "28085",
    };
    for (const name of [
      "KAFKA_BROKERS",
      "KAFKA_SASL_BROKERS",
      "S3_ENDPOINT",
      "S3_ACCESS_KEY_ID",
      "S3_SECRET_ACCESS_KEY",
    ]) {
      delete env[name];
    }
    const child = spawn(process.execPath, [cli, "up"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await awaitCondition(() => output.includes("pipeline is up") || child.exitCode !== null, {
        timeoutMs: 150_000,
        what: "takedown up to report the pipeline up",
      });
      expect(output).toContain("pipeline is up");
      expect(output).toContain("127.0.0.1:29092 (PLAINTEXT, pipeline)");

      const admin = createKafka({ brokers: ["127.0.0.1:29092"], clientId: "up-test" }).admin();
      await admin.connect();
      const topics = await admin.listTopics();
      await admin.disconnect();
      expect(topics).toEqual(
        expect.arrayContaining([
          "takedown.audit.log.v1",
          "takedown.notices.x.v1",
          "takedown.responses.fivech.v1",
        ]),
      );
      expect(await processesMentioning(dataDir)).not.toEqual([]);

      child.kill("SIGINT");
      expect(await exited).toBe(0);
      expect(output).toContain("[up]       stopped");
      expect(await processesMentioning(dataDir)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      for (const script of ["kafka", "s3"]) {
        await run("bash", [join(repo, "infra", script, `${script}.sh`), "stop"], { env }).catch(
          () => undefined,
        );
      }
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
