import type { latencyStats, ProcessIo } from "@takedown/pipeline-harness";

/** One load phase's figures for one system (pipeline or bare relay). */
export interface PhaseResult {
  targets: number;
  /** Targets per second from the first send to the last target readable in a notice. */
  endToEnd: number;
  latency: ReturnType<typeof latencyStats>;
  /** CPU seconds per target, by process (service, relay hops, broker). */
  cpuPerTarget: Record<string, number>;
  /** Bytes and calls of read and write per target (/proc/<pid>/io), for the processes asked. */
  ioPerTarget: Record<string, ProcessIo>;
  /** Worst lag behind the open-loop schedule (ms): the system did not keep the rate. */
  startLagMs: number;
  /** Records the last hop had not done when CPU was read (0 unless it fell behind or stalled). */
  backlog: number;
}

const ms = (value: number | undefined): string =>
  value === undefined ? "   n/a" : `${value.toFixed(0).padStart(5)} ms`;

export function describePhase(label: string, result: PhaseResult): string {
  const cpu = Object.entries(result.cpuPerTarget)
    .map(([name, seconds]) => `${name} ${(seconds * 1e6).toFixed(0)} µs`)
    .join(", ");
  const total = Object.values(result.cpuPerTarget).reduce((sum, seconds) => sum + seconds, 0);
  return [
    `  ${label.padEnd(8)} ${result.targets.toString().padStart(6)} targets, ${result.endToEnd.toFixed(0).padStart(5)} targets/s end to end`,
    `accept→notice p50 ${ms(result.latency?.p50)} p99 ${ms(result.latency?.p99)} max ${ms(result.latency?.max)}`,
    `lag ${result.startLagMs.toFixed(0)} ms`,
    ...(result.backlog > 0 ? [`AUDIT BEHIND BY ${result.backlog} RECORDS`] : []),
    `CPU/target: ${cpu}; all ${(total * 1e6).toFixed(0)} µs`,
    ...Object.entries(result.ioPerTarget).map(
      ([name, io]) =>
        `${name} read/wrote ${(io.readBytes / 1024).toFixed(2)}/${(io.writtenBytes / 1024).toFixed(2)} KiB in ${io.readCalls.toFixed(2)}/${io.writeCalls.toFixed(2)} calls per target`,
    ),
  ].join("; ");
}

export function ratio(value: number, base: number): string {
  return base === 0 ? "n/a" : (value / base).toFixed(2);
}
