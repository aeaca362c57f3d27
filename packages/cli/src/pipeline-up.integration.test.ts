import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createKafka } from "@takedown/kafka";
import { freePort } from "@takedown/local-infra";
import { awaitCondition } from "@takedown/test-kit";
import { bareClientOf } from "@takedown/kafka/bare-client";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("../../..", import.meta.url));
const cli = join(repo, "packages", "cli", "dist", "main.js");
/** What the README tells users to run. */
const takedown = join(repo, "scripts", "takedown");

async function processesMentioning(text: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args"]);
  return stdout.split("\n").filter((line) => line.includes(text) && !line.includes("ps -eo"));
}

/** Every process started with this data folder in its environment: scripts, servers, services. */
async function processesWithEnv(entry: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const environ = await readFile(`/proc/${name}/environ`, "utf8").catch(() => "");
    if (environ.split("\0").includes(entry)) pids.push(Number(name));
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `[audit]    started pid 123` / `[audit]    restarted (restart 1) pid 456`, in order. */
function servicePids(output: string, service: string): number[] {
  const tag = `[${service}]`.padEnd(10);
  return [...output.matchAll(/^(\[[a-z]+\] *) (?:started|restarted \(restart \d+\)) pid (\d+)$/gm)]
    .filter((match) => match[1] === tag)
    .map((match) => Number(match[2]));
}

interface UpRun {
  child: ChildProcess;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  ports: { kafka: number; intake: number; audit: number };
  output: () => string;
  exited: Promise<number | null>;
}

async function localEnv(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TAKEDOWN_DATA_DIR: dataDir,
    KAFKA_PORT: String(await freePort()),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
    KAFKA_SASL_PORT: String(await freePort()),
    S3_PORT: String(await freePort()),
    INTAKE_PORT: String(await freePort()),
    AUDIT_PORT: String(await freePort()),
    // Services that listen too, so that a developer's own `takedown up` is left alone.
    DEDUP_PORT: String(await freePort()),
    ROUTING_PORT: String(await freePort()),
    STATUS_PORT: String(await freePort()),
    PORTAL_PORT: String(await freePort()),
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
  return env;
}

/** Runs `scripts/takedown <args>` to completion; its stdout. */
async function takedownVerb(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  const { stdout } = await run(takedown, args, { env });
  return stdout;
}

async function startUp(env: NodeJS.ProcessEnv, dataDir: string): Promise<UpRun> {
  const child = spawn(takedown, ["up"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await awaitCondition(() => output.includes("pipeline is up") || child.exitCode !== null, {
    timeoutMs: 180_000,
    what: "takedown up to report the pipeline up",
  });
  expect(output).toContain("pipeline is up");
  return {
    child,
    env,
    dataDir,
    ports: {
      kafka: Number(env.KAFKA_PORT),
      intake: Number(env.INTAKE_PORT),
      audit: Number(env.AUDIT_PORT),
    },
    output: () => output,
    exited,
  };
}

const restartLines = (output: string): number =>
  output.split("\n").filter((line) => /^\[[a-z]+\] +exited \(.*; restarting in/.test(line)).length;

/** The signal stops everything: exit 0, no server, script or service process left. */
async function expectStoppedBy(up: UpRun, signal: NodeJS.Signals): Promise<void> {
  const services = ["intake", "dedup", "routing", "audit", "portal"].flatMap((s) =>
    servicePids(up.output(), s),
  );
  expect(services.length).toBeGreaterThanOrEqual(4);
  const restartsBefore = restartLines(up.output());
  expect(await processesMentioning(up.dataDir)).not.toEqual([]);
  expect(await processesWithEnv(`TAKEDOWN_DATA_DIR=${up.dataDir}`)).not.toEqual([]);

  expect(up.child.kill(signal)).toBe(true);
  expect(await up.exited).toBe(0);
  expect(up.output()).toContain(`[up]       ${signal}: stopping everything`);
  expect(up.output()).toContain("[up]       stopped");
  // Nothing was restarted while stopping.
  expect(restartLines(up.output())).toBe(restartsBefore);
  expect(await processesMentioning(up.dataDir)).toEqual([]);
  expect(await processesWithEnv(`TAKEDOWN_DATA_DIR=${up.dataDir}`)).toEqual([]);
  expect(services.filter(alive)).toEqual([]);
}

/** After a failed test: the servers are stopped by their scripts, anything else is killed. */
async function cleanUp(up: UpRun | undefined, env: NodeJS.ProcessEnv, dataDir: string) {
  if (up !== undefined && up.child.exitCode === null) up.child.kill("SIGKILL");
  for (const script of ["kafka", "s3"]) {
    await run("bash", [join(repo, "infra", script, `${script}.sh`), "stop"], { env }).catch(
      () => undefined,
    );
  }
  for (const pid of await processesWithEnv(`TAKEDOWN_DATA_DIR=${dataDir}`)) {
    process.kill(pid, "SIGKILL");
  }
  await rm(dataDir, { recursive: true, force: true });
}

describe("takedown up", () => {
  it("starts everything; a killed service is restarted; SIGINT to scripts/takedown leaves nothing running", async () => {
    expect(existsSync(cli), `${cli} is built by \`pnpm run build\``).toBe(true);
    const dataDir = await mkdtemp(join(tmpdir(), "takedown-up-"));
    const env = await localEnv(dataDir);
    let up: UpRun | undefined;
    try {
      up = await startUp(env, dataDir);
      expect(up.output()).toContain(
        `127.0.0.1:${up.ports.kafka} (SASL/SCRAM on loopback, service principals)`,
      );
      // Nobody connects anonymously any more: the test logs in as the cluster's admin.
      const secrets = await readFile(join(dataDir, "secrets.env"), "utf8");
      const secret = (name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(secrets)?.[1] ?? "";
      const admin = bareClientOf(
        createKafka({
          brokers: [`127.0.0.1:${up.ports.kafka}`],
          clientId: "up-test",
          sasl: {
            mechanism: "scram-sha-512",
            username: secret("KAFKA_ADMIN_USER"),
            password: secret("KAFKA_ADMIN_PASSWORD"),
          },
        }),
      ).admin();
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

      const health = `http://127.0.0.1:${up.ports.intake}/healthz`;
      await awaitCondition(async () => (await fetch(health)).ok, {
        timeoutMs: 120_000,
        what: "intake to answer /healthz",
      });
      const [firstPid] = servicePids(up.output(), "intake");
      expect(firstPid).toBeDefined();
      process.kill(firstPid!, "SIGKILL");
      await awaitCondition(() => servicePids(up!.output(), "intake").length === 2, {
        timeoutMs: 30_000,
        what: "intake to be restarted",
      });
      expect(up.output()).toMatch(
        /^\[intake\] +exited \(signal SIGKILL\) after [\d.]+ s; restarting in 1\.0 s$/m,
      );
      const restartedPid = servicePids(up.output(), "intake")[1]!;
      expect(restartedPid).not.toBe(firstPid);
      expect(alive(firstPid!)).toBe(false);
      expect(alive(restartedPid)).toBe(true);
      await awaitCondition(async () => (await fetch(health)).ok, {
        timeoutMs: 120_000,
        what: "the restarted intake to answer /healthz",
      });

      await expectStoppedBy(up, "SIGINT");
    } finally {
      await cleanUp(up, env, dataDir);
    }
  }, 420_000);

  it("the audit API takes the keys `takedown auditor add` prints, refuses others; SIGTERM leaves nothing running", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "takedown-up-"));
    const env = await localEnv(dataDir);
    let up: UpRun | undefined;
    try {
      const auditorKey = (await takedownVerb(env, "auditor", "add", "--name", "test")).trim();
      const organKey = (await takedownVerb(env, "organ", "add", "--organ", "moj-jinken")).trim();
      expect(auditorKey).toMatch(/^tdk_[a-z0-9]+_[A-Za-z0-9_-]+$/);
      expect(await readFile(join(dataDir, "auditor-keys.yaml"), "utf8")).not.toContain(auditorKey);

      up = await startUp(env, dataDir);
      const audit = `http://127.0.0.1:${up.ports.audit}`;
      expect(up.output()).toContain(`[up]       audit API ${audit}`);
      await awaitCondition(async () => (await fetch(`${audit}/healthz`)).ok, {
        timeoutMs: 120_000,
        what: "the audit API to answer /healthz",
      });
      const checkpoint = (key?: string) =>
        fetch(`${audit}/v1/checkpoint`, {
          headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
        });
      expect((await checkpoint()).status).toBe(401);
      expect((await checkpoint(`${auditorKey}x`)).status).toBe(401);
      expect((await checkpoint(organKey)).status).toBe(401);
      // Accepted: on a log that has no checkpoint yet the answer is 404, not 401.
      expect([200, 404]).toContain((await checkpoint(auditorKey)).status);

      // A key made while everything runs is taken at once.
      const laterKey = (await takedownVerb(env, "auditor", "add")).trim();
      expect([200, 404]).toContain((await checkpoint(laterKey)).status);

      // The organ key made by `takedown organ add` submits; the auditor sees it in the log.
      const requestDir = await mkdtemp(join(tmpdir(), "takedown-request-"));
      await writeFile(join(requestDir, "shot.pdf"), "%PDF-1.7\n%test evidence\n");
      await writeFile(
        join(requestDir, "request.yaml"),
        [
          "targets:",
          "  - url: https://x.com/someone/status/1234567890",
          "category: defamation",
          "classification: rights_infringement",
          "legalBasis: pla_art3_2_1",
          "requestedAction: remove",
          "description: test",
          "evidenceFiles: [shot.pdf]",
          "",
        ].join("\n"),
      );
      await takedownVerb(
        env,
        "submit",
        join(requestDir, "request.yaml"),
        "--intake-url",
        `http://127.0.0.1:${up.ports.intake}`,
        "--api-key",
        organKey,
      );
      await rm(requestDir, { recursive: true, force: true });
      // A checkpoint note: origin, tree size, root hash, signature.
      const note = await awaitCondition(
        async () => {
          const response = await checkpoint(auditorKey);
          const text = response.status === 200 ? await response.text() : "";
          return Number(text.split("\n")[1] ?? 0) > 0 ? text : undefined;
        },
        { timeoutMs: 120_000, what: "a checkpoint over the submitted request" },
      );
      expect(note.split("\n")[0]).toBe("audit.takedown.local/log");
      const entries = (await (
        await fetch(`${audit}/v1/entries?start=0`, {
          headers: { authorization: `Bearer ${laterKey}` },
        })
      ).json()) as { entries: { index: string }[] };
      expect(entries.entries.map((e) => e.index)[0]).toBe("0");

      await expectStoppedBy(up, "SIGTERM");
    } finally {
      await cleanUp(up, env, dataDir);
    }
  }, 420_000);
});
