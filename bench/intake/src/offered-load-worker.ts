/**
 * Open-loop load in a worker thread of its own (so the server's event loop cannot delay it):
 * requests start on a fixed schedule whatever the answers do, and each latency counts from the
 * request's scheduled start, so a server that queues is not excused (no coordinated omission).
 */
import { Agent, request } from "node:http";
import { parentPort, workerData } from "node:worker_threads";
import type { OfferedLoadOutcome, OfferedLoadRequest } from "./offered-load.js";

const job = workerData as OfferedLoadRequest;
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const outcomes: OfferedLoadOutcome[] = [];

function send(scheduledAt: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (kind: string) => {
      outcomes.push({ kind, ms: performance.now() - scheduledAt });
      resolve();
    };
    const req = request(
      job.url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          authorization: job.authorization,
          "content-length": Buffer.byteLength(job.body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          if (res.statusCode === 503) {
            const code = /"code":"([A-Z_]+)"/.exec(Buffer.concat(chunks).toString())?.[1];
            done(`503 ${code ?? "?"}`);
          } else done(String(res.statusCode));
        });
        res.on("error", () => done("reset"));
      },
    );
    req.setTimeout(job.timeoutMs, () => req.destroy(new Error("timeout")));
    req.on("error", (error: NodeJS.ErrnoException) =>
      done(error.message === "timeout" ? "timeout" : (error.code ?? "error")),
    );
    req.end(job.body);
  });
}

async function run(): Promise<void> {
  const total = Math.round(job.rate * job.seconds);
  const began = performance.now();
  const pending: Promise<void>[] = [];
  while (pending.length < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - began) * job.rate) / 1000) + 1);
    while (pending.length < due) pending.push(send(began + (pending.length * 1000) / job.rate));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const offeredMs = performance.now() - began;
  await Promise.all(pending);
  agent.destroy();
  parentPort?.postMessage({ outcomes, offeredMs });
}

void run();
