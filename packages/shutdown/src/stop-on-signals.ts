import type { Logger } from "pino";

export interface StopOnSignalsOptions {
  logger: Logger;
  /** Stops the service's components in reverse order of their start. */
  stop: () => Promise<void>;
  /** process.exit unless a test passes its own. */
  exit?: (code: number) => void;
}

/**
 * SIGINT or SIGTERM stops the service once, then ends the process: 0 when everything stopped,
 * 1 when stopping failed. Exiting explicitly, because a client library may keep a timer alive
 * after its stop resolves and an orchestrator would otherwise kill the process after its grace.
 */
export function stopOnSignals(options: StopOnSignalsOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const exit = options.exit ?? ((code: number) => process.exit(code));
    options.logger.info({ signal }, "stopping");
    options.stop().then(
      () => {
        options.logger.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        options.logger.error({ err: error }, "stop failed");
        exit(1);
      },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}
