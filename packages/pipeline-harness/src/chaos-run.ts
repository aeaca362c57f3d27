import { randomBytes } from "node:crypto";
import { buildAliasCorpus } from "./alias-corpus.js";
import { auditBacklog } from "./audit-backlog.js";
import { archivedTreeSize, runAuditVerify } from "./audit-verification.js";
import { ChaosFaults, type FaultRecord } from "./chaos-faults.js";
import { planChaos } from "./chaos-plan.js";
import { HARNESS_ORGANS } from "./harness-config.js";
import { LoadDriver, planRequests } from "./load-driver.js";
import { checkPipeline, type CheckResult } from "./pipeline-checks.js";
import { awaitQuiescence } from "./pipeline-quiescence.js";
import { SERVICE_NAMES, type ServiceName } from "./pipeline-services.js";
import { readPipelineSnapshot, topicVolumes } from "./pipeline-snapshot.js";
import { PipelineUnderTest } from "./pipeline-under-test.js";
import type { UnexpectedExit } from "./supervised-service.js";

export interface ChaosRunOptions {
  repo: string;
  targets: number;
  /** Targets per request (100 makes consumers meet batches past 1 MiB). */
  requestSize: number;
  /** Mean targets per canonical URL. */
  duplication: number;
  killsPerService: number;
  brokers: 1 | 3;
  s3OutageMs: number;
  brokerDownMs: number;
  /** Requests started per second; by default the load is spread over enough time for the kills. */
  ratePerSecond?: number;
  concurrency: number;
  quietMs: number;
  drainTimeoutMs: number;
  /** Keep the run's data folder (logs, broker files) after the run. */
  keep: boolean;
  print: (line: string) => void;
}

export interface ChaosReport {
  options: Omit<ChaosRunOptions, "print" | "repo">;
  checks: CheckResult[];
  passed: boolean;
  durationSeconds: number;
  loadSeconds: number;
  drainSeconds: number | undefined;
  contents: number;
  accepted: number;
  kills: Record<ServiceName, number>;
  faults: FaultRecord[];
  outcomes: Record<string, number>;
  retries: number;
  unexpectedExits: UnexpectedExit[];
  errorLines: Record<ServiceName, [string, number][]>;
  volumes: ReturnType<typeof topicVolumes>;
  dataDir: string;
}

/** Load with alias duplicates from two organs under kills, a broker crash and an S3 outage. */
export async function runChaos(options: ChaosRunOptions): Promise<ChaosReport> {
  const { print } = options;
  const began = Date.now();
  const seed = randomBytes(4).toString("hex");
  const corpus = buildAliasCorpus({
    targets: options.targets,
    duplication: options.duplication,
    seed,
  });
  const requests = planRequests({
    targets: corpus.targets,
    size: options.requestSize,
    organs: HARNESS_ORGANS,
    keyPrefix: `chaos-${seed}`,
  });
  const plan = planChaos(options);
  // Spread the load so every service is killed while it runs: a kill and restart take seconds.
  const rate =
    options.ratePerSecond ??
    requests.length / Math.max(60, options.killsPerService * 12, options.s3OutageMs / 250);
  print(
    `[chaos] ${corpus.targets.length} targets over ${corpus.contents} canonical URLs in ${requests.length} requests of ${options.requestSize} at ${rate.toFixed(2)} requests/s; ${plan.length} faults${corpus.brokenFamilies.length > 0 ? `; alias families that no longer meet: ${corpus.brokenFamilies.join(", ")}` : ""}`,
  );
  const pipeline = await PipelineUnderTest.start({
    repo: options.repo,
    purpose: "chaos-runs",
    brokers: options.brokers,
    print,
  });
  let report: ChaosReport | undefined;
  try {
    const driver = new LoadDriver({
      intakeUrl: pipeline.services.intakeUrl,
      apiKeys: pipeline.apiKeys,
      evidenceId: pipeline.evidenceId,
      ratePerSecond: rate,
      concurrency: options.concurrency,
      giveUpAfterMs: Math.max(600_000, options.drainTimeoutMs),
    });
    const loadStart = Date.now();
    const faults = new ChaosFaults(pipeline, driver, loadStart);
    const fired: Promise<void>[] = [];
    let pending = [...plan];
    const trigger = setInterval(() => {
      const progress = driver.accepted.length / corpus.targets.length;
      const due = pending.filter((a) => a.atProgress <= progress);
      pending = pending.filter((a) => a.atProgress > progress);
      for (const action of due) fired.push(faults.fire(action));
    }, 50);
    const progress = setInterval(() => {
      print(
        `[chaos] ${Math.round((Date.now() - loadStart) / 1000)} s: ${driver.accepted.length}/${corpus.targets.length} accepted, ${driver.retries} retries, ${fired.length}/${plan.length} faults fired`,
      );
    }, 15_000);
    await driver.run(requests);
    clearInterval(trigger);
    // Faults not reached (the load ended early) still fire, so every run has all of them.
    for (const action of pending) fired.push(faults.fire(action));
    await Promise.all(fired);
    clearInterval(progress);
    const loadSeconds = (Date.now() - loadStart) / 1000;
    print(`[chaos] load and faults done in ${loadSeconds.toFixed(0)} s; draining`);

    const services = Object.values(pipeline.services.services);
    const drainMs = await awaitQuiescence({
      kafka: pipeline.kafka,
      quietMs: options.quietMs,
      timeoutMs: options.drainTimeoutMs,
      busy: () => services.some((s) => !s.serving),
      backlog: () => auditBacklog(pipeline.kafka).catch(() => 1),
    });
    print(
      drainMs === undefined
        ? `[chaos] still moving after ${options.drainTimeoutMs / 1000} s; checking what is there`
        : `[chaos] quiet after ${(drainMs / 1000).toFixed(0)} s; reading every topic`,
    );
    const snapshot = await readPipelineSnapshot(pipeline.kafka);
    const checks = checkPipeline(driver.accepted, snapshot);
    checks.push(requestsAnswered(driver, requests.length));
    checks.push(
      inFlightRetried(
        faults.keysInFlightAtIntakeKill,
        driver.acceptedKeys,
        faults.kills.get("intake") ?? 0,
      ),
    );
    checks.push(killsDone(faults, options.killsPerService));
    checks.push(await awaitArchive(pipeline, snapshot.auditEntries.length));
    const env = pipeline.cliEnv;
    checks.push(await runAuditVerify({ repo: options.repo, env, completeness: false }));
    checks.push(await runAuditVerify({ repo: options.repo, env, completeness: true }));

    const kills = {} as Record<ServiceName, number>;
    const errorLines = {} as Record<ServiceName, [string, number][]>;
    for (const name of SERVICE_NAMES) {
      kills[name] = faults.kills.get(name) ?? 0;
      errorLines[name] = [...pipeline.services.services[name].errorLines].sort(
        (a, b) => b[1] - a[1],
      );
    }
    report = {
      options: {
        targets: options.targets,
        requestSize: options.requestSize,
        duplication: options.duplication,
        killsPerService: options.killsPerService,
        brokers: options.brokers,
        s3OutageMs: options.s3OutageMs,
        brokerDownMs: options.brokerDownMs,
        ...(options.ratePerSecond === undefined ? {} : { ratePerSecond: options.ratePerSecond }),
        concurrency: options.concurrency,
        quietMs: options.quietMs,
        drainTimeoutMs: options.drainTimeoutMs,
        keep: options.keep,
      },
      checks,
      passed: checks.every((c) => c.ok || c.unavailable === true),
      durationSeconds: (Date.now() - began) / 1000,
      loadSeconds,
      drainSeconds: drainMs === undefined ? undefined : drainMs / 1000,
      contents: new Set(driver.accepted.map((t) => t.canonicalUrl)).size,
      accepted: driver.accepted.length,
      kills,
      faults: faults.records,
      outcomes: Object.fromEntries([...driver.outcomes].sort()),
      retries: driver.retries,
      unexpectedExits: services.flatMap((s) => s.unexpectedExits),
      errorLines,
      volumes: topicVolumes(snapshot),
      dataDir: pipeline.dataDir,
    };
    return report;
  } finally {
    await pipeline.stop({ keep: options.keep || report?.passed !== true });
  }
}

function requestsAnswered(driver: LoadDriver, planned: number): CheckResult {
  const problems = [
    ...driver.refused.map((r) => `${r.idempotencyKey} refused ${r.status}: ${r.problem}`),
    ...driver.abandoned.map((key) => `${key} never answered`),
  ];
  return {
    name: "every request answered 202 (retried with its key through every fault)",
    ok: problems.length === 0 && driver.acceptedKeys.size === planned,
    detail: `${driver.acceptedKeys.size}/${planned} accepted${problems.length > 0 ? `; ${problems.slice(0, 3).join("; ")}` : ""}`,
  };
}

function inFlightRetried(
  atKill: ReadonlySet<string>,
  accepted: ReadonlySet<string>,
  intakeKills: number,
): CheckResult {
  const lost = [...atKill].filter((key) => !accepted.has(key));
  return {
    name: "requests in flight when intake was killed were answered on retry with the same key",
    ok: (intakeKills === 0 || atKill.size > 0) && lost.length === 0,
    detail:
      atKill.size === 0
        ? `no request was in flight at any of ${intakeKills} intake kill(s)`
        : `${atKill.size - lost.length}/${atKill.size} answered`,
  };
}

function killsDone(faults: ChaosFaults, wanted: number): CheckResult {
  const short = SERVICE_NAMES.filter((name) => (faults.kills.get(name) ?? 0) < wanted);
  const failed = faults.records.filter((r) => r.error !== undefined);
  return {
    name: "every fault was applied and the faulted part came back",
    ok: short.length === 0 && failed.length === 0,
    detail: [
      SERVICE_NAMES.map((n) => `${n} ${faults.kills.get(n) ?? 0}`).join(", "),
      ...failed.map((r) => `${r.what}: ${r.error}`),
    ].join("; "),
  };
}

async function awaitArchive(pipeline: PipelineUnderTest, entries: number): Promise<CheckResult> {
  const deadline = Date.now() + 120_000;
  let size: bigint | undefined;
  for (;;) {
    size = await archivedTreeSize({
      auditUrl: pipeline.services.auditUrl,
      auditorKey: pipeline.auditorKey,
    });
    if ((size !== undefined && size >= BigInt(entries)) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return {
    name: "the S3 archive's signed checkpoint covers the whole audit log",
    ok: size === BigInt(entries),
    detail: `checkpoint size ${size ?? "none"}, log ${entries} entries`,
  };
}
