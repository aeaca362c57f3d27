#!/usr/bin/env node
/**
 * Intake's start-up against a long history. Run by hand (not in CI):
 *   pnpm exec tsc -b bench/status-history && pnpm exec node bench/status-history/dist/main.js [--targets 1000000] [--samples 500]
 * Starts its own broker from infra/kafka (packages/local-infra) and, each in a process of its own
 * (so memory figures are theirs alone), the status service and intake:
 * 1. on empty topics: status and intake start;
 * 2. writes the history straight onto the pipeline's topics, lets the status service fold it;
 * 3. restarts status on its store, then intake: time to ready, RSS and heap, sampled GETs;
 * 4. starts status on an empty store (a new machine): it reads the compacted state topic.
 * Before this change intake replayed the four topics into memory on each start; the figures of
 * that approach are in the README (measured with this bench before the change).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createKafka } from "@takedown/kafka";
import { bareClientOf, type BareKafka } from "@takedown/kafka/bare-client";

type Admin = ReturnType<BareKafka["admin"]>;
import { startPrivateKafkaServer } from "@takedown/local-infra";
import { createLogger } from "@takedown/logger";
import type { ExpectedTarget } from "@takedown/status";
import { writeHistory } from "./history-writer.js";
import type { IntakeChildInput, IntakeChildOutput } from "./intake-child.js";
import type { StatusChildInput, StatusChildProgress, StatusChildReady } from "./status-child.js";

const PARTITIONS = 6;
const ORGANS = ["moj-tokyo", "moj-osaka", "moj-nagoya", "consult-sapporo", "moj-fukuoka"];
const here = fileURLToPath(new URL(".", import.meta.url));
const topics = {
  targets: "takedown.targets.v1",
  cases: "takedown.cases.v1",
  notices: "takedown.notices.x.v1",
  responses: "takedown.responses.x.v1",
  idempotency: "takedown.intake.idempotency.v1",
  state: "takedown.status.state.v1",
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const count = (n: number) => n.toLocaleString("en-US");

/** The private broker's admin login, handed to the children (their topics are the bench's own). */
const childLogin: Record<string, string> = {};

function spawnChild(script: string, input: unknown, onLine: (line: string) => void): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--no-warnings=ExperimentalWarning", join(here, script), JSON.stringify(input)],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...childLogin } },
  );
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  });
  return child;
}

/** Runs the intake child to its end and returns its one result line. */
function runIntake(input: IntakeChildInput): Promise<IntakeChildOutput> {
  return new Promise((resolve, reject) => {
    let result: IntakeChildOutput | undefined;
    const child = spawnChild("intake-child.js", input, (line) => {
      if (line.startsWith("RESULT ")) result = JSON.parse(line.slice(7)) as IntakeChildOutput;
    });
    child.once("exit", (code) =>
      code === 0 && result !== undefined
        ? resolve(result)
        : reject(new Error(`intake-child exited with ${code}`)),
    );
  });
}

interface RunningStatus {
  ready: StatusChildReady;
  latest: () => StatusChildProgress | undefined;
  stop: () => Promise<void>;
}

/** Starts the status child; resolves once it is ready (it keeps running until stopped). */
function startStatus(input: StatusChildInput): Promise<RunningStatus> {
  return new Promise((resolve, reject) => {
    let progress: StatusChildProgress | undefined;
    const child = spawnChild("status-child.js", input, (line) => {
      if (line.startsWith("PROGRESS ")) progress = JSON.parse(line.slice(9)) as StatusChildProgress;
      if (!line.startsWith("READY ")) return;
      const ready = JSON.parse(line.slice(6)) as StatusChildReady;
      resolve({
        ready,
        latest: () => progress,
        stop: async () => {
          const exited = new Promise((done) => child.once("exit", done));
          child.kill("SIGTERM");
          await exited;
        },
      });
    });
    child.once("exit", (code) => reject(new Error(`status-child exited with ${code}`)));
  });
}

async function createTopics(admin: Admin): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.entries(topics).map(([name, topic]) => ({
      topic,
      numPartitions: PARTITIONS,
      replicationFactor: 1,
      configEntries:
        name === "idempotency" || name === "state"
          ? [{ name: "cleanup.policy", value: "compact" }]
          : [],
    })),
  });
}

async function groupCaughtUp(admin: Admin, groupId: string, names: string[]): Promise<boolean> {
  for (const topic of names) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    for (const end of ends) {
      const at = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
      if (Number(end.high) > 0 && at !== end.high) return false;
    }
  }
  return true;
}

function printIntake(label: string, f: IntakeChildOutput): void {
  if (f.notReadyAfterMs !== undefined) {
    console.log(
      `[intake] ${label.padEnd(30)} NOT READY after ${seconds(f.notReadyAfterMs)} (load ${load()})`,
    );
    return;
  }
  console.log(
    `[intake] ${label.padEnd(30)} ready in ${seconds(f.readyMs).padStart(8)}, RSS ${mib(f.rssBytes)}, heap ${mib(f.heapUsedBytes)}; GET p50 ${f.getMs.p50.toFixed(2)} ms, p99 ${f.getMs.p99.toFixed(2)} ms over ${f.checked} sampled requests, ${f.wrongCount} wrong (load ${load()})`,
  );
  if (f.wrong.length > 0) console.log(`[intake]   wrong: ${f.wrong.join("; ")}`);
}

function printStatus(label: string, s: StatusChildReady): void {
  const read = Object.entries(s.read)
    .map(([topic, n]) => `${topic} ${count(n)}`)
    .join(", ");
  console.log(
    `[status] ${label.padEnd(30)} ready in ${seconds(s.readyMs).padStart(8)}, RSS ${mib(s.rssBytes)}, heap ${mib(s.heapUsedBytes)}; records read: ${read || "none"} (load ${load()})`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { targets: { type: "string" }, samples: { type: "string" } },
  });
  const targetCount = Number(values.targets ?? 1_000_000);
  const sampleCount = Number(values.samples ?? 500);
  const logger = createLogger({ service: "bench-status-history", level: "error" });
  console.log(`[bench] load ${load()} at start; ${count(targetCount)} targets`);
  const server = await startPrivateKafkaServer();
  childLogin.KAFKA_USERNAME = server.sasl.username;
  childLogin.KAFKA_PASSWORD = server.sasl.password;
  const dir = await mkdtemp(join(tmpdir(), "bench-status-"));
  const kafka = bareClientOf(
    createKafka({
      brokers: server.brokers,
      sasl: server.sasl,
      clientId: "bench-status-history",
      logger,
    }),
  );
  const admin = kafka.admin();
  await admin.connect();
  const running: RunningStatus[] = [];
  try {
    await createTopics(admin);
    const statusInput = (db: string): StatusChildInput => ({
      brokers: server.brokers,
      topics,
      dbPath: join(dir, db),
    });
    const intakeInput = (statusUrl: string, samples: ExpectedTarget[]): IntakeChildInput => ({
      brokers: server.brokers,
      topics: { targets: topics.targets, idempotency: topics.idempotency },
      statusUrl,
      organIds: ORGANS,
      samples,
      readyTimeoutMs: 900_000,
    });

    // 1. Empty history.
    const empty = await startStatus(statusInput("empty.db"));
    running.push(empty);
    printStatus("empty history", empty.ready);
    printIntake("empty history", await runIntake(intakeInput(empty.ready.url, [])));
    await empty.stop();
    running.pop();

    // 2. The history, folded by a status service that runs meanwhile.
    const folding = await startStatus(statusInput("status.db"));
    running.push(folding);
    let reported = 0;
    const history = await writeHistory({
      kafka,
      topics,
      targets: targetCount,
      runId: "bench",
      samples: sampleCount,
      onProgress: (written) => {
        if (written - reported < 200_000 && written < targetCount) return;
        reported = written;
        const p = folding.latest();
        console.log(
          `[history] ${count(written)} targets written; status has folded ${count(p?.folded ?? 0)} records, stored ${count(p?.targets ?? 0)} targets (load ${load()})`,
        );
      },
    });
    console.log(
      `[history] ${count(history.targets)} targets, ${count(history.cases)} cases, ${count(history.events)} events, ${mib(history.bytes)} of values, written in ${history.seconds.toFixed(1)} s`,
    );
    const foldStarted = performance.now();
    for (;;) {
      const p = folding.latest();
      if (
        p !== undefined &&
        p.targets === history.targets &&
        p.members === history.targets &&
        p.cases === history.cases &&
        (await groupCaughtUp(admin, "bench-status", [
          topics.targets,
          topics.cases,
          topics.notices,
          topics.responses,
        ]))
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    // The store has every target and case; the last facts of the last transactions may still be
    // on their way: done when two reports 5 s apart count the same records applied.
    for (let before = folding.latest()?.applied; ;) {
      await new Promise((resolve) => setTimeout(resolve, 5500));
      const now = folding.latest()?.applied;
      if (now === before) break;
      before = now;
    }
    const folded = folding.latest();
    console.log(
      `[status] folded the history: ${count(folded?.folded ?? 0)} source records, ${count(folded?.applied ?? 0)} records applied to the store; caught up ${seconds(performance.now() - foldStarted)} after the last write; RSS while folding ${mib(folded?.rssBytes ?? 0)} (load ${load()})`,
    );
    await folding.stop();
    running.pop();
    const dbBytes = (await stat(join(dir, "status.db"))).size;
    const stateEnds = await admin.fetchTopicOffsets(topics.state);
    console.log(
      `[status] store ${mib(dbBytes)} on disk; state topic ${count(stateEnds.reduce((s, o) => s + Number(o.high), 0))} offsets`,
    );

    // 3. Restarts on the history: status on its store, then intake.
    const kept = await startStatus(statusInput("status.db"));
    running.push(kept);
    printStatus("restart, store on disk", kept.ready);
    printIntake("full history", await runIntake(intakeInput(kept.ready.url, history.samples)));
    await kept.stop();
    running.pop();

    // 4. Status on an empty store: reads the compacted state topic (and the answers' texts).
    const fresh = await startStatus(statusInput("fresh.db"));
    running.push(fresh);
    printStatus("restart, empty store", fresh.ready);
    printIntake(
      "full history, rebuilt store",
      await runIntake(intakeInput(fresh.ready.url, history.samples)),
    );
    await fresh.stop();
    running.pop();
  } finally {
    for (const status of running) await status.stop().catch(() => undefined);
    await admin.disconnect();
    await server.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
