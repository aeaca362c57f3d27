import { performance } from "node:perf_hooks";
import {
  awaitQuiescence,
  latencyStats,
  processIo,
  type NoticeWatcher,
  type ProcessIo,
} from "@takedown/pipeline-harness";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import type { PhaseResult } from "./phase-result.js";

/** A load phase: CPU counters around it, sending, then waiting for every target's notice. */
export async function measuredPhase(options: {
  send: () => Promise<{ accepted: { targetId: string; acceptedAt: number }[]; startLagMs: number }>;
  watcher: NoticeWatcher;
  /** CPU seconds so far of each process measured, the broker's included. */
  cpu: () => Promise<Record<string, number>>;
  kafka: Kafka;
  /** The topics whose end offsets stop moving once the last hop is done. */
  topics: (topic: string) => boolean;
  timeoutMs: number;
  /** Records the last hop still has to do (the pipeline's audit); awaited down to 0. */
  backlog?: () => Promise<number>;
  /** Processes whose bytes read and written per target are reported, by name. */
  ioPids?: () => Record<string, number | undefined>;
}): Promise<PhaseResult> {
  const ioOf = async (): Promise<Record<string, ProcessIo | undefined>> => {
    const result: Record<string, ProcessIo | undefined> = {};
    for (const [name, pid] of Object.entries(options.ioPids?.() ?? {}))
      result[name] = pid === undefined ? undefined : await processIo(pid);
    return result;
  };
  const before = await options.cpu();
  const ioBefore = await ioOf();
  const started = performance.now();
  const { accepted, startLagMs } = await options.send();
  const ids = accepted.map((t) => t.targetId);
  const complete = await options.watcher.awaitAll(ids, options.timeoutMs);
  if (!complete) throw new Error(`notices missing after ${options.timeoutMs} ms`);
  const last = Math.max(...ids.map((id) => options.watcher.seen.get(id) ?? 0));
  // The last hop (audit) works on after the notice: its CPU counts once it is done.
  await awaitQuiescence({
    kafka: options.kafka,
    quietMs: 3000,
    timeoutMs: 300_000,
    busy: () => false,
    topics: options.topics,
  });
  let backlog = 0;
  for (const deadline = Date.now() + 180_000; options.backlog !== undefined;) {
    backlog = await options.backlog();
    if (backlog === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const after = await options.cpu();
  const ioAfter = await ioOf();
  const ioPerTarget: PhaseResult["ioPerTarget"] = {};
  for (const [name, end] of Object.entries(ioAfter)) {
    const start = ioBefore[name];
    // A process restarted during the phase has counters that started over: no figure.
    if (start === undefined || end === undefined || end.readBytes < start.readBytes) continue;
    ioPerTarget[name] = {
      readBytes: (end.readBytes - start.readBytes) / accepted.length,
      writtenBytes: (end.writtenBytes - start.writtenBytes) / accepted.length,
      readCalls: (end.readCalls - start.readCalls) / accepted.length,
      writeCalls: (end.writeCalls - start.writeCalls) / accepted.length,
    };
  }
  const cpuPerTarget: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(after))
    cpuPerTarget[name] = (seconds - (before[name] ?? 0)) / accepted.length;
  return {
    targets: accepted.length,
    endToEnd: accepted.length / ((last - started) / 1000),
    latency: latencyStats(
      accepted.map((t) => (options.watcher.seen.get(t.targetId) ?? 0) - t.acceptedAt),
    ),
    cpuPerTarget,
    ioPerTarget,
    startLagMs,
    backlog,
  };
}
