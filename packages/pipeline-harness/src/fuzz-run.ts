import { responsesTopic as responsesTopicOf, serviceTopics, topics } from "@takedown/contracts";
import {
  dlqEntryOf,
  consumerLag,
  eventually,
  TopicReader,
  type DlqEntry,
} from "./fuzz-observers.js";
import { probePipeline, type ProbeResult } from "./fuzz-probe.js";
import { emptyIntakeResult, fuzzIntake, type IntakeFuzzResult } from "./intake-fuzzer.js";
import { PipelineUnderTest } from "./pipeline-under-test.js";
import { SERVICE_NAMES, type ServiceName } from "./pipeline-services.js";
import { fuzzRecords, matchDlq, type DlqMatch, type RecordFuzzResult } from "./record-fuzzer.js";
import { FUZZ_ID_HEADER } from "./response-fuzz-records.js";
import { SeededRandom } from "./seeded-random.js";
import { sampleMemoryAfterGc, type MemorySample } from "./service-memory.js";
import { judgeFuzzRun } from "./fuzz-checks.js";
import type { CheckResult } from "./pipeline-checks.js";

export interface FuzzRunOptions {
  repo: string;
  seed: string;
  /** Malformed HTTP requests to intake. */
  requests: number;
  /** Malformed records on the platform's responses topic. */
  records: number;
  concurrency: number;
  /** Each fuzz phase stops sending at this bound, whatever is left. */
  phaseTimeoutMs: number;
  /** How long the DLQ, lag and probe may take to settle. */
  drainTimeoutMs: number;
  platformId: string;
  keep: boolean;
  print: (line: string) => void;
}

export interface FuzzReport {
  options: Omit<FuzzRunOptions, "print">;
  intake: IntakeFuzzResult;
  records: Omit<RecordFuzzResult, "sent"> & { sent: number };
  dlq: DlqMatch & { otherServices: Record<string, number> };
  lag: { responses: number; rekeyed: number };
  probe: ProbeResult;
  memory: Record<ServiceName, { before: MemorySample; after: MemorySample }>;
  services: Record<
    ServiceName,
    { restarts: number; unexpectedExits: string[]; errorLines: number }
  >;
  checks: CheckResult[];
  passed: boolean;
  dataDir: string;
  seconds: number;
}

const WARM_UP_SHARE = 0.02;

/**
 * Issue 16 §4: malformed requests at intake over real HTTP and malformed records on a
 * platform's responses topic, on a pipeline of its own (services as child processes with their
 * inspector open on loopback, to read memory after a forced GC). A warm-up slice of both comes
 * first, then the memory baseline, the rest, the drain, an end-to-end probe and the checks.
 */
export async function runFuzz(options: FuzzRunOptions): Promise<FuzzReport> {
  const { print, ...settings } = options;
  const began = Date.now();
  const runId = `r${Date.now().toString(36)}`;
  print(`[fuzz] seed ${options.seed} (repeat with --seed ${options.seed})`);
  const pipeline = await PipelineUnderTest.start({
    repo: options.repo,
    purpose: "fuzz",
    brokers: 1,
    nodeArgs: ["--inspect=127.0.0.1:0"],
    // The fuzz tests what intake makes of its input, not the machine's capacity: on a loaded
    // machine a commit may take past the 5 s deadline, and intake would rightly shed with 503.
    // Shedding by in-flight count stays; any 5xx still fails the run.
    env: { INTAKE_PUBLISH_TIMEOUT_MS: "60000", INTAKE_MAX_EVENT_LOOP_DELAY_MS: "0" },
    print,
  });
  let passed = false;
  try {
    const [organ, apiKey] = Object.entries(pipeline.apiKeys)[0] ?? ["", ""];
    const httpRandom = new SeededRandom(`${options.seed}/http`);
    const recordRandom = new SeededRandom(`${options.seed}/records`);
    const httpContext = { apiKey, evidenceId: pipeline.evidenceId, maxJsonBytes: 1024 * 1024 };
    const otherPlatformId = options.platformId === "google" ? "x" : "google";
    const recordContext = { platformId: options.platformId, otherPlatformId, partitions: 6, runId };
    const responsesTopic = responsesTopicOf(options.platformId);
    const entries: DlqEntry[] = [];
    const dlqReader = new TopicReader({
      kafka: pipeline.kafka,
      topic: topics.dlq,
      onRecord: (message) => {
        const entry = dlqEntryOf(message, FUZZ_ID_HEADER);
        if (entry !== undefined) entries.push(entry);
      },
    });
    await dlqReader.start();
    const intake = emptyIntakeResult();
    const records: RecordFuzzResult = {
      sent: new Map(),
      refusedByBroker: 0,
      seconds: 0,
      byKind: {},
    };
    const phase = async (share: [number, number]) => {
      const deadline = Date.now() + options.phaseTimeoutMs;
      await fuzzIntake({
        intakeUrl: pipeline.services.intakeUrl,
        random: httpRandom,
        context: httpContext,
        from: Math.floor(options.requests * share[0]),
        to: Math.floor(options.requests * share[1]),
        concurrency: options.concurrency,
        deadline,
        result: intake,
      });
      await fuzzRecords({
        kafka: pipeline.kafka,
        topic: responsesTopic,
        random: recordRandom,
        context: recordContext,
        from: Math.floor(options.records * share[0]),
        to: Math.floor(options.records * share[1]),
        deadline: Date.now() + options.phaseTimeoutMs,
        result: records,
      });
    };
    const lag = { responses: -1, rekeyed: -1 };
    const settle = async () => {
      const expected = () => records.sent.size;
      await eventually(
        () => entries.filter((e) => e.rejectedBy === "routing").length >= expected(),
        options.drainTimeoutMs,
      );
      await eventually(async () => {
        lag.responses = await consumerLag({
          kafka: pipeline.kafka,
          groupId: "takedown-routing-responses",
          topic: responsesTopic,
          markers: false,
        });
        lag.rekeyed = await consumerLag({
          kafka: pipeline.kafka,
          groupId: "takedown-routing",
          topic: serviceTopics.routingResponses,
          markers: true,
        });
        return lag.responses === 0 && lag.rekeyed === 0;
      }, options.drainTimeoutMs);
    };
    const memory = async () => {
      const samples = {} as Record<ServiceName, MemorySample>;
      for (const name of SERVICE_NAMES) {
        const url = pipeline.services.services[name].inspectorUrl;
        if (url === undefined) throw new Error(`${name} has no inspector URL`);
        samples[name] = await sampleMemoryAfterGc(url).catch((error: unknown) => {
          // Reported as NaN, which fails the memory check with the service named.
          print(`[fuzz] ${name}: no memory sample: ${String(error)}`);
          return { rss: Number.NaN, heapUsed: Number.NaN, external: Number.NaN };
        });
      }
      return samples;
    };

    print(
      `[fuzz] warm-up: ${Math.floor(options.requests * WARM_UP_SHARE)} requests, ${Math.floor(options.records * WARM_UP_SHARE)} records`,
    );
    await phase([0, WARM_UP_SHARE]);
    await settle();
    const before = await memory();
    print(
      `[fuzz] baseline taken; fuzzing intake with ${options.requests} requests (${options.concurrency} at a time) and ${responsesTopic} with ${options.records} records`,
    );
    await phase([WARM_UP_SHARE, 1]);
    print(
      `[fuzz] sent ${intake.sent} requests in ${intake.seconds.toFixed(0)} s, ${records.sent.size} records in ${records.seconds.toFixed(0)} s; draining`,
    );
    await settle();
    const probe = await probePipeline({
      kafka: pipeline.kafka,
      intakeUrl: pipeline.services.intakeUrl,
      apiKey,
      evidenceId: pipeline.evidenceId,
      platformId: options.platformId,
      runId,
      timeoutMs: options.drainTimeoutMs,
    });
    await settle();
    const after = await memory();
    await dlqReader.stop();
    print(`[fuzz] organ ${organ}; probe ${JSON.stringify(probe)}`);

    const otherServices: Record<string, number> = {};
    for (const entry of entries)
      if (entry.rejectedBy !== "routing")
        otherServices[entry.rejectedBy] = (otherServices[entry.rejectedBy] ?? 0) + 1;
    const dlq = {
      ...matchDlq({ sent: records.sent, entries, topic: responsesTopic }),
      otherServices,
    };
    const memoryTable = {} as FuzzReport["memory"];
    const services = {} as FuzzReport["services"];
    for (const name of SERVICE_NAMES) {
      memoryTable[name] = { before: before[name], after: after[name] };
      const service = pipeline.services.services[name];
      services[name] = {
        restarts: service.restarts,
        unexpectedExits: service.unexpectedExits.map(
          (e) => `${e.signal ?? `code ${e.code}`}: ${e.lastErrors.join(" / ")}`,
        ),
        errorLines: [...service.errorLines.values()].reduce((sum, n) => sum + n, 0),
      };
    }
    const { sent, ...recordFigures } = records;
    const report: Omit<FuzzReport, "checks" | "passed"> = {
      options: settings,
      intake,
      records: { ...recordFigures, sent: sent.size },
      dlq,
      lag,
      probe,
      memory: memoryTable,
      services,
      dataDir: pipeline.dataDir,
      seconds: (Date.now() - began) / 1000,
    };
    const checks = judgeFuzzRun(report);
    passed = checks.every((c) => c.ok);
    return { ...report, checks, passed };
  } finally {
    await pipeline.stop({ keep: options.keep || !passed });
  }
}
