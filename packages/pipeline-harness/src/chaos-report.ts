import type { ChaosReport } from "./chaos-run.js";

/** The run as a plain-text table for a terminal or a CI log. */
export function formatChaosReport(report: ChaosReport): string {
  const o = report.options;
  const lines = [
    `chaos run: ${report.accepted} targets accepted (${o.targets} planned) over ${report.contents} canonical URLs, requests of ${o.requestSize}, ${o.brokers} broker(s)`,
    `kills: ${Object.entries(report.kills)
      .map(([name, n]) => `${name} ${n}`)
      .join(
        ", ",
      )}; duration ${report.durationSeconds.toFixed(0)} s (load ${report.loadSeconds.toFixed(0)} s, drain ${report.drainSeconds === undefined ? "did not settle" : `${report.drainSeconds.toFixed(0)} s`})`,
    `intake answers: ${Object.entries(report.outcomes)
      .map(([what, n]) => `${what}×${n}`)
      .join(" ")}; ${report.retries} retries`,
    `volume: ${report.volumes
      .map((v) => `${v.family} ${mb(v.bytes)} (largest partition ${mb(v.largestPartition)})`)
      .join(", ")}`,
    "",
    "| check | result | detail |",
    "| --- | --- | --- |",
    ...report.checks.map(
      (c) =>
        `| ${c.name} | ${c.ok ? "PASS" : c.unavailable === true ? "N/A" : "FAIL"} | ${c.detail.replaceAll("|", "/")} |`,
    ),
    "",
    "faults:",
    ...report.faults.map(
      (f) =>
        `  +${f.at.toFixed(1)} s ${f.what}; back after ${(f.recoveredAfterMs / 1000).toFixed(1)} s${f.error === undefined ? "" : ` — ERROR ${f.error}`}`,
    ),
  ];
  if (report.unexpectedExits.length > 0) {
    lines.push("", "services that exited on their own (restarted by the harness):");
    for (const exit of report.unexpectedExits) {
      lines.push(
        `  ${exit.service} #${exit.incarnation} ${exit.signal ?? `code ${exit.code}`} at ${exit.at.toISOString()}: ${exit.lastErrors.join(" / ") || "(nothing logged)"}`,
      );
    }
  }
  const errors = Object.entries(report.errorLines).filter(([, list]) => list.length > 0);
  if (errors.length > 0) {
    lines.push("", "ERROR/FATAL log lines (a person would be paged for each):");
    for (const [service, list] of errors) {
      for (const [text, count] of list.slice(0, 5)) lines.push(`  ${service} ${count}× ${text}`);
    }
  }
  lines.push(
    "",
    `${report.passed ? "PASSED" : "FAILED"}; logs in ${report.dataDir}/logs${report.passed ? " (deleted)" : ""}`,
  );
  return lines.join("\n");
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
