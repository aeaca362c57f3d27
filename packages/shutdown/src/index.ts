export { stopOnSignals } from "./stop-on-signals.js";
export type { StopOnSignalsOptions } from "./stop-on-signals.js";
