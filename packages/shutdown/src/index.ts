export { stopOnSignals } from "./stop-on-signals.js";
export type { StopOnSignalsOptions } from "./stop-on-signals.js";
export { exitOnFatal } from "./exit-on-fatal.js";
export type { ExitOnFatalOptions } from "./exit-on-fatal.js";
export { runService } from "./run-service.js";
export type {
  RunServiceOptions,
  ServiceApp,
  ServiceContext,
  ServiceDefinition,
} from "./run-service.js";
