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
}

export interface RunServiceOptions {
  env?: Env;
  /** process.exit unless a test passes its own. */
  exit?: (code: number) => void;
  /** Where the line goes when config is invalid (no logger yet); default stderr. */
  writeError?: (line: string) => void;
}

/**
 * The one way a service's main.ts runs it: config (bad config: the reason on stderr, exit 1),
 * logger, build, start; SIGINT/SIGTERM (or a fatal component) stop the app, then whatever the
 * build registered in reverse order, and exit 0 (1 when stopping or starting failed).
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
  stopOnSignals({ logger, stop, exit });
  try {
    app = await service.build({
      config,
      logger,
      onFatal: exitOnFatal({ logger, stop, exit }),
      stopAfterApp: (stopOne) => void stops.push(stopOne),
    });
    await app.start();
  } catch (error) {
    logger.fatal({ err: error }, `${service.name} could not start`);
    await stop().catch((stopError: unknown) =>
      logger.error({ err: stopError }, "stop after a failed start failed"),
    );
    exit(1);
  }
}
