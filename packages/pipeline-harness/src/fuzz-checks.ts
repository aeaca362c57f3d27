import type { FuzzReport } from "./fuzz-run.js";
import type { CheckResult } from "./pipeline-checks.js";

/** A heap may end this much above its baseline (ratio) or this many bytes, whichever is more. */
export const HEAP_RATIO_BOUND = 1.25;
export const HEAP_SLACK_BYTES = 16 * 1024 * 1024;

type Figures = Omit<FuzzReport, "checks" | "passed">;

/** The properties issue 16 §4 asks of a fuzz run, each with its figures. */
export function judgeFuzzRun(report: Figures): CheckResult[] {
  const o = report.options;
  const { intake, dlq, records } = report;
  const fiveXx = Object.entries(intake.outcomes).filter(([outcome]) => /^5\d\d$/.test(outcome));
  const serverErrors = fiveXx.reduce((sum, [, n]) => sum + n, 0);
  const exits = Object.entries(report.services).filter(([, s]) => s.unexpectedExits.length > 0);
  const memory = Object.entries(report.memory).map(([name, m]) => {
    const bound = Math.max(
      m.before.heapUsed * HEAP_RATIO_BOUND,
      m.before.heapUsed + HEAP_SLACK_BYTES,
    );
    return {
      name,
      ok: m.after.heapUsed <= bound,
      ratio: m.after.heapUsed / m.before.heapUsed,
      rss: m.after.rss / m.before.rss,
    };
  });
  return [
    {
      name: "intake: requests sent",
      ok: intake.sent >= o.requests,
      detail: `${intake.sent} of ${o.requests} in ${intake.seconds.toFixed(0)} s`,
    },
    {
      name: "intake: no 5xx",
      ok: serverErrors === 0,
      detail:
        serverErrors === 0
          ? "none"
          : `${serverErrors}: ${fiveXx.map(([s, n]) => `${s}×${n}`).join(" ")}; first ${JSON.stringify(intake.serverErrors.slice(0, 5))}`,
    },
    {
      name: "records: sent",
      ok: records.sent + records.refusedByBroker >= o.records,
      detail: `${records.sent} of ${o.records} in ${records.seconds.toFixed(0)} s (${records.refusedByBroker} refused by the broker as too large)`,
    },
    {
      name: "records: every one in the DLQ with its reason",
      ok: dlq.missing.length === 0 && dlq.wrongReason.length === 0 && dlq.duplicates === 0,
      detail: `${dlq.matched} matched; missing ${dlq.missing.length}${dlq.missing.length > 0 ? ` (first ${JSON.stringify(dlq.missing.slice(0, 3))})` : ""}; wrong reason ${dlq.wrongReason.length}${dlq.wrongReason.length > 0 ? ` (first ${JSON.stringify(dlq.wrongReason.slice(0, 3))})` : ""}; duplicates ${dlq.duplicates}`,
    },
    {
      name: "no crash",
      ok: exits.length === 0,
      detail:
        exits.length === 0
          ? "every service ran throughout"
          : exits.map(([n, s]) => `${n}: ${s.unexpectedExits.join("; ")}`).join(" | "),
    },
    {
      name: "no stalled partition",
      ok: report.lag.responses === 0 && report.lag.rekeyed === 0 && report.probe.answered,
      detail: `lag responses ${report.lag.responses}, re-keyed ${report.lag.rekeyed}; probe: intake ${report.probe.intakeStatus}, notice ${report.probe.noticed}, answer applied ${report.probe.answered} (${report.probe.seconds.toFixed(1)} s)`,
    },
    {
      name: "memory back to baseline",
      ok: memory.every((m) => m.ok),
      detail: memory
        .map((m) => `${m.name} heap×${m.ratio.toFixed(2)} rss×${m.rss.toFixed(2)}`)
        .join(", "),
    },
  ];
}

/** The run as plain text: counts per status and per reason, then the checks. */
export function formatFuzzReport(report: FuzzReport): string {
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)}`;
  const table = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}×${n}`)
      .join(" ");
  const lines = [
    `fuzz run, seed ${report.options.seed}: ${report.intake.sent} requests, ${report.records.sent} records, ${report.seconds.toFixed(0)} s`,
    `intake answers: ${table(report.intake.outcomes)} (${report.intake.staleSocketRetries} sent again after a kept-alive socket closed)`,
    ...Object.entries(report.intake.byKind).map(([kind, counts]) => `  ${kind}: ${table(counts)}`),
    `4xx without problem+json: ${table(report.intake.nonProblem4xx) || "none"}`,
    `records by kind: ${table(report.records.byKind)}`,
    `DLQ (routing) by reason: ${table(report.dlq.byReason)}`,
    ...Object.entries(report.dlq.byKindReason).map(
      ([kind, counts]) => `  ${kind}: ${table(counts)}`,
    ),
    `DLQ by other services: ${table(report.dlq.otherServices) || "none"}; foreign routing entries ${report.dlq.foreign}`,
    "memory after GC, MiB (heap before → after, rss before → after):",
    ...Object.entries(report.memory).map(
      ([name, m]) =>
        `  ${name}: heap ${mib(m.before.heapUsed)} → ${mib(m.after.heapUsed)} (×${(m.after.heapUsed / m.before.heapUsed).toFixed(2)}), rss ${mib(m.before.rss)} → ${mib(m.after.rss)} (×${(m.after.rss / m.before.rss).toFixed(2)})`,
    ),
    `services: ${Object.entries(report.services)
      .map(([n, s]) => `${n} restarts ${s.restarts}, ERROR lines ${s.errorLines}`)
      .join("; ")}`,
    "",
    "| check | result | detail |",
    "| --- | --- | --- |",
    ...report.checks.map(
      (c) => `| ${c.name} | ${c.ok ? "PASS" : "FAIL"} | ${c.detail.replaceAll("|", "/")} |`,
    ),
    "",
    `${report.passed ? "PASSED" : `FAILED; data and logs kept in ${report.dataDir}`}`,
  ];
  return lines.join("\n");
}
