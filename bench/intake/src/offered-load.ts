import { Worker } from "node:worker_threads";

export interface OfferedLoadRequest {
  url: string;
  body: string;
  authorization: string;
  /** Requests started per second, on schedule, whatever the answers do. */
  rate: number;
  seconds: number;
  /** A request not answered by then counts as "timeout" (the client gave up). */
  timeoutMs: number;
}

/** One request: its status ("202", "503 INTAKE_OVERLOADED", "ECONNRESET", "timeout") and latency. */
export interface OfferedLoadOutcome {
  kind: string;
  ms: number;
}

export interface OfferedLoadFigures {
  rate: number;
  seconds: number;
  /** Answers per second of the offered window, by kind. */
  perSecond: Record<string, number>;
  accepted: { p50: number; p99: number; max: number };
  refused: { p50: number; p99: number; max: number };
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5) ?? NaN, p99: at(0.99) ?? NaN, max: sorted.at(-1) ?? NaN };
}

/** Runs the open-loop load in a worker thread and summarises what came back. */
export async function offerLoad(request: OfferedLoadRequest): Promise<OfferedLoadFigures> {
  const worker = new Worker(new URL("./offered-load-worker.js", import.meta.url), {
    workerData: request,
  });
  const result = await new Promise<{ outcomes: OfferedLoadOutcome[]; offeredMs: number }>(
    (resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    },
  );
  await worker.terminate();
  const seconds = result.offeredMs / 1000;
  const perSecond: Record<string, number> = {};
  for (const { kind } of result.outcomes) perSecond[kind] = (perSecond[kind] ?? 0) + 1 / seconds;
  return {
    rate: request.rate,
    seconds,
    perSecond,
    accepted: percentiles(result.outcomes.filter((o) => o.kind === "202").map((o) => o.ms)),
    refused: percentiles(result.outcomes.filter((o) => o.kind.startsWith("503")).map((o) => o.ms)),
  };
}
