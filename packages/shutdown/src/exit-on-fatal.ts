import type { Logger } from "pino";

export interface ExitOnFatalOptions {
  logger: Logger;
  /** Stops the service's components, as on a signal. */
  stop: () => Promise<void>;
  /** How long stopping may take before the process exits anyway (default 10 s). */
  graceMs?: number;
  /** process.exit unless a test passes its own. */
  exit?: (code: number) => void;
}

/**
 * The onFatal of a service's processors: a component that cannot recover must not leave a live
 * process with a dead consumer behind, so this logs FATAL, stops what still runs (within a
 * grace) and exits 1 for the orchestrator to restart the service.
 */
export function exitOnFatal(options: ExitOnFatalOptions): (error: Error) => void {
  let exiting = false;
  return (error) => {
    if (exiting) return;
    exiting = true;
    options.logger.fatal({ err: error }, "a component cannot recover; exiting");
    const exit = options.exit ?? ((code: number) => process.exit(code));
    const grace = setTimeout(() => exit(1), options.graceMs ?? 10_000);
    options
      .stop()
      .catch((stopError: unknown) => options.logger.error({ err: stopError }, "stop failed"))
      .finally(() => {
        clearTimeout(grace);
        exit(1);
      });
  };
}
