import { performance } from "node:perf_hooks";

/**
 * Calls `send(i)` for i = 0…count-1 with at most `concurrency` calls running: as fast as that
 * allows, or (open loop) call i started at i / ratePerSecond. Returns the worst lag behind that
 * schedule, which shows when the system under test could not keep the rate.
 */
export async function runPaced(options: {
  count: number;
  ratePerSecond?: number;
  concurrency: number;
  send: (index: number) => Promise<void>;
}): Promise<{ worstStartLagMs: number }> {
  const started = performance.now();
  let next = 0;
  let worstStartLagMs = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      if (index >= options.count) return;
      const rate = options.ratePerSecond;
      if (rate !== undefined) {
        const wait = started + (index * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else worstStartLagMs = Math.max(worstStartLagMs, -wait);
      }
      await options.send(index);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { worstStartLagMs };
}
