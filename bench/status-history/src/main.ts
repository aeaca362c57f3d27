#!/usr/bin/env node
/**
 * Intake's start-up against a long history. Run by hand (not in CI):
 *   pnpm exec tsc -b bench/status-history && pnpm exec node bench/status-history/dist/main.js [--targets 1000000] [--samples 500]
 * Starts its own broker from infra/kafka (packages/local-infra), measures an intake start on
 * empty topics, writes the history straight onto the pipeline's topics, and measures again.
 */
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createKafka, type Admin } from "@takedown/kafka";
import { startPrivateKafkaServer } from "@takedown/local-infra";
import { createLogger } from "@takedown/logger";
import { writeHistory, type SampledRequest } from "./history-writer.js";
import type { IntakeChildInput, IntakeChildOutput } from "./intake-child.js";

const PARTITIONS = 6;
const ORGANS = ["moj-tokyo", "moj-osaka", "moj-nagoya", "consult-sapporo", "moj-fukuoka"];
const here = fileURLToPath(new URL(".", import.meta.url));
const topics = {
  targets: "takedown.targets.v1",
  cases: "takedown.cases.v1",
  notices: "takedown.notices.x.v1",
  responses: "takedown.responses.x.v1",
  idempotency: "takedown.intake.idempotency.v1",
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function runChild<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", join(here, script), JSON.stringify(input)],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || line === undefined)
        reject(new Error(`${script} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as T);
    });
  });
}

async function createTopics(admin: Admin): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.entries(topics).map(([name, topic]) => ({
      topic,
      numPartitions: PARTITIONS,
      replicationFactor: 1,
      configEntries: name === "idempotency" ? [{ name: "cleanup.policy", value: "compact" }] : [],
    })),
  });
}

function printIntake(label: string, figures: IntakeChildOutput): void {
  if (figures.notReadyAfterMs !== undefined) {
    console.log(
      `[intake] ${label.padEnd(22)} NOT READY after ${figures.notReadyAfterMs / 1000} s (load ${load()})`,
    );
    return;
  }
  console.log(
    `[intake] ${label.padEnd(22)} ready in ${(figures.readyMs / 1000).toFixed(2).padStart(7)} s, RSS ${mib(figures.rssBytes)}, heap ${mib(figures.heapUsedBytes)}; GET p50 ${figures.getMs.p50.toFixed(2)} ms p99 ${figures.getMs.p99.toFixed(2)} ms over ${figures.checked} sampled requests, ${figures.wrong.length} wrong (load ${load()})`,
  );
  if (figures.wrong.length > 0) console.log(`[intake]   wrong: ${figures.wrong.join("; ")}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { targets: { type: "string" }, samples: { type: "string" } },
  });
  const targetCount = Number(values.targets ?? 1_000_000);
  const sampleCount = Number(values.samples ?? 500);
  const logger = createLogger({ service: "bench-status-history", level: "error" });
  console.log(`[bench] load ${load()} at start; ${targetCount.toLocaleString("en-US")} targets`);
  const server = await startPrivateKafkaServer();
  const kafka = createKafka({ brokers: server.brokers, clientId: "bench-status-history", logger });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await createTopics(admin);
    const childInput = (samples: SampledRequest[]): IntakeChildInput => ({
      brokers: server.brokers,
      topics,
      organIds: ORGANS,
      samples,
      readyTimeoutMs: 900_000,
    });
    printIntake("empty history", await runChild("intake-child.js", childInput([])));

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
        console.log(
          `[history] ${written.toLocaleString("en-US")} targets written (load ${load()})`,
        );
      },
    });
    console.log(
      `[history] ${history.targets.toLocaleString("en-US")} targets, ${history.cases.toLocaleString("en-US")} cases, ${history.events.toLocaleString("en-US")} events, ${mib(history.bytes)} of values, written in ${history.seconds.toFixed(1)} s`,
    );
    printIntake("full history", await runChild("intake-child.js", childInput(history.samples)));
  } finally {
    await admin.disconnect();
    await server.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
