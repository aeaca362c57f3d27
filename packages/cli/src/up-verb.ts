import type { Logger } from "@takedown/logger";
import { startPipeline } from "./pipeline-up.js";
import type { Environment } from "./local-environment.js";

/**
 * `takedown up`: starts everything and stops it all on the first SIGINT or SIGTERM, also one
 * that arrives while it is still starting. Returns the exit code.
 */
export async function runUp(options: {
  repo: string;
  env: Environment;
  logger: Logger;
  print: (line: string) => void;
  /** Kafka nodes (`--brokers`). */
  brokers?: 1 | 3;
  /** `--https`: intake, audit and portal over TLS from the local CA. */
  https?: boolean;
}): Promise<number> {
  const { print } = options;
  const shutdown = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.signal.aborted) {
      print(`[up]       ${signal}: already stopping (Kafka may take up to 30 s)`);
      return;
    }
    print(`[up]       ${signal}: stopping everything`);
    shutdown.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // The servers run in their own process groups, so nothing else keeps this process waiting.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    const pipeline = await startPipeline({ ...options, signal: shutdown.signal });
    if (!shutdown.signal.aborted) {
      await new Promise((resolve) =>
        shutdown.signal.addEventListener("abort", resolve, { once: true }),
      );
    }
    await pipeline.stop();
  } catch (error) {
    // startPipeline has stopped what it started; an abort is the user's Ctrl-C, not a failure.
    if (!shutdown.signal.aborted) throw error;
  } finally {
    clearInterval(keepAlive);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  print("[up]       stopped");
  return 0;
}
