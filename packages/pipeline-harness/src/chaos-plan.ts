import { SERVICE_NAMES, type ServiceName } from "./pipeline-services.js";

/** One fault, fired once the load has reached `atProgress` (share of targets accepted). */
export type ChaosAction =
  | { kind: "kill"; service: ServiceName; atProgress: number }
  /** SIGKILL a broker node and start it again (a one-node cluster is down meanwhile). */
  | { kind: "broker-crash"; node: number; atProgress: number; downMs: number }
  /** S3 stopped for `downMs`; intake and audit are each killed once while it is away. */
  | { kind: "s3-outage"; atProgress: number; downMs: number };

export interface ChaosPlanOptions {
  killsPerService: number;
  brokers: 1 | 3;
  s3OutageMs: number;
  /** How long a crashed broker stays down before it is started again. */
  brokerDownMs: number;
}

/**
 * Spreads the faults over the load: each service's kills evenly between 5 % and 90 % of the
 * targets, services interleaved so their restarts overlap; S3 goes away at 30 % and a broker
 * crashes at 50 %. On three nodes the crashed node is not the first, so the cluster also loses
 * whichever node led the partitions it held. The S3 outage kills intake and audit once each,
 * which counts towards their kills.
 */
export function planChaos(options: ChaosPlanOptions): ChaosAction[] {
  const actions: ChaosAction[] = [];
  const remaining = new Map<ServiceName, number>(
    SERVICE_NAMES.map((name) => [name, options.killsPerService]),
  );
  const s3Kills: ServiceName[] = ["intake", "audit"];
  if (options.s3OutageMs > 0) {
    actions.push({ kind: "s3-outage", atProgress: 0.3, downMs: options.s3OutageMs });
    for (const name of s3Kills) remaining.set(name, Math.max(0, (remaining.get(name) ?? 0) - 1));
  }
  if (options.brokerDownMs > 0) {
    actions.push({
      kind: "broker-crash",
      node: options.brokers === 3 ? 2 : 1,
      atProgress: 0.5,
      downMs: options.brokerDownMs,
    });
  }
  const slots = SERVICE_NAMES.length * options.killsPerService;
  let slot = 0;
  for (let round = 0; round < options.killsPerService; round += 1) {
    for (const service of SERVICE_NAMES) {
      const left = remaining.get(service) ?? 0;
      if (left > 0) {
        remaining.set(service, left - 1);
        actions.push({
          kind: "kill",
          service,
          atProgress: round4(0.05 + (0.85 * (slot + 0.5)) / slots),
        });
      }
      slot += 1;
    }
  }
  return actions.sort((a, b) => a.atProgress - b.atProgress);
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
