import { createLogger, type Logger, type LoggerOptions } from "@takedown/logger";
import { exitOnFatal } from "./exit-on-fatal.js";
import { stopOnSignals } from "./stop-on-signals.js";

type Env = Readonly<Record<string, string | undefined>>;

/** What a service's build hands back: the app, started once everything is wired. */
export interface ServiceApp {
  /** Resolves once the service serves (logging its own ready line). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceContext<Config> {
  config: Config;
  logger: Logger;
  /** For components that cannot recover (processors' onFatal): stop everything, exit 1. */
  onFatal: (error: Error) => void;
  /** Something to stop after the app (clients, stores); stopped in reverse order of calls. */
  stopAfterApp: (stop: () => void | Promise<void>) => void;
}

export interface ServiceDefinition<Config> {
  /** The service's name in logs and in the start-up failure line. */
  name: string;
  /** Reads and validates the service's config; a failure ends the process with code 1. */
  loadConfig: (env: Env) => Config | Promise<Config>;
  logLevel: (config: Config) => LoggerOptions["level"];
  /** Wires clients and the app; only wiring, no work. */
  build: (context: ServiceContext<Config>) => ServiceApp | Promise<ServiceApp>;
  /**
   * A start that failed on a fault of this kind (a broker or S3 away for a moment: in a cluster
   * of three, a broker the metadata still lists) is torn down and built again after a backoff,
   * logged at WARN, until `startRetryMs` has passed; only then is it FATAL. Without it, or for
   * any other failure, the first failed start is FATAL.
   */
  isTransientStartFailure?: (error: unknown) => boolean;
  /** How long start-up may keep retrying transient failures (default 120 s). */
  startRetryMs?: number;
}

export interface RunServiceOptions {
  env?: Env;
  /** Waits between start attempts; tests pass their own. */
  sleep?: (ms: number) => Promise<void>;
  /** process.exit unless a test passes its own. */
  exit?: (code: number) => void;
  /** Where the line goes when config is invalid (no logger yet); default stderr. */
  writeError?: (line: string) => void;
}

/**
 * The one way a service's main.ts runs it: config (bad config: the reason on stderr, exit 1),
 * logger, build, start (retried on transient faults, see isTransientStartFailure); SIGINT/SIGTERM
 * (or a fatal component) stop the app, then whatever the build registered in reverse order, and
 * exit 0 (1 when stopping or starting failed).
 */
export async function runService<Config>(
  service: ServiceDefinition<Config>,
  options: RunServiceOptions = {},
): Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let config: Config;
  try {
    config = await service.loadConfig(options.env ?? process.env);
  } catch (error) {
    const write = options.writeError ?? ((line: string) => void process.stderr.write(line));
    write(`${service.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    exit(1);
    return;
  }
  const logger = createLogger({ service: service.name, level: service.logLevel(config) });
  const stops: (() => void | Promise<void>)[] = [];
  let app: ServiceApp | undefined;
  let stopped: Promise<void> | undefined;
  // Once: a signal and a fatal component may both ask.
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      await app?.stop();
      for (const stopOne of stops.reverse()) await stopOne();
    })());
  let signalled = false;
  stopOnSignals({
    logger,
    stop: () => {
      signalled = true;
      return stop();
    },
    exit,
  });
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      app = await service.build({
        config,
        logger,
        onFatal: exitOnFatal({ logger, stop, exit }),
        stopAfterApp: (stopOne) => void stops.push(stopOne),
      });
      await app.start();
      return;
    } catch (error) {
      const waitMs = Math.min(1000 * 2 ** (attempt - 1), 15_000);
      const retry =
        !signalled &&
        service.isTransientStartFailure?.(error) === true &&
        Date.now() - startedAt + waitMs <= (service.startRetryMs ?? 120_000);
      if (!retry) {
        logger.fatal({ err: error, attempt }, `${service.name} could not start`);
        await stop().catch((stopError: unknown) =>
          logger.error({ err: stopError }, "stop after a failed start failed"),
        );
        exit(1);
        return;
      }
      logger.warn(
        { err: error, attempt, retryInMs: waitMs },
        `${service.name} could not start yet; retrying`,
      );
      await stop().catch((stopError: unknown) =>
        logger.warn({ err: stopError }, "stop after a failed start failed"),
      );
      // A signal during the teardown has stopped the service for good.
      if (signalled) return;
      stopped = undefined;
      app = undefined;
      stops.length = 0;
      await sleep(waitMs);
      if (signalled) return;
    }
  }
}
