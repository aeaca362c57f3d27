/**
 * The CPU priority (Unix niceness) each pipeline service runs at under `takedown up` and the
 * harness. The notice path (intake → dedup → routing) runs at the default; status (a read model)
 * and audit (the log appender) are off that path and only need to keep up on average, so when
 * the CPUs are saturated they yield to it and catch up afterwards. Their lag stays visible in
 * their /readyz and /metrics. On an idle machine niceness changes nothing. Measured on 2 cores
 * (bench/pipeline): without it status and audit took CPU from the notice path during bursts.
 */
export const BACKGROUND_SERVICE_NICENESS = 10;

const backgroundServices: ReadonlySet<string> = new Set(["status", "audit"]);

/** The niceness `service` is started with (0 for the notice path and the portal). */
export function serviceNiceness(service: string): number {
  return backgroundServices.has(service) ? BACKGROUND_SERVICE_NICENESS : 0;
}
