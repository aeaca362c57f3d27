import type { ProcessorHealth } from "@takedown/kafka";

export interface ReadinessPolicy {
  /** A processor with lag and no commit for this long is stalled, so not ready (default 60 s). */
  stallMs: number;
  /** Lag (records, summed over its partitions) past which a processor is not ready; none by default. */
  maxLag?: number;
}

export interface ProcessorReadiness {
  groupId: string;
  state: ProcessorHealth["state"];
  ready: boolean;
  /** Why not, for people reading /readyz. */
  reason?: string;
  lag: number;
  lastCommitAt: string | null;
  restarts: number;
}

export interface Readiness {
  ready: boolean;
  processors: ProcessorReadiness[];
}

export const defaultReadinessPolicy: ReadinessPolicy = { stallMs: 60_000 };

/**
 * Ready when every processor runs and none is stalled: a backlog being worked through is fine,
 * lag without a commit for `stallMs` is not (a consumer stuck on a batch, or retrying a fault).
 */
export function assessReadiness(
  processors: readonly ProcessorHealth[],
  policy: ReadinessPolicy,
  now = Date.now(),
): Readiness {
  const assessed = processors.map((health): ProcessorReadiness => {
    const lag = health.partitions.reduce((sum, p) => sum + (p.lag ?? 0), 0);
    const progressAt = Math.max(health.lastCommitAt ?? 0, health.stateSince);
    let reason: string | undefined;
    if (health.state !== "running") reason = `consumer is ${health.state}`;
    else if (policy.maxLag !== undefined && lag > policy.maxLag)
      reason = `lag ${lag} is over ${policy.maxLag}`;
    else if (lag > 0 && now - progressAt > policy.stallMs)
      reason = `lag ${lag} and no commit for ${Math.round((now - progressAt) / 1000)} s`;
    return {
      groupId: health.groupId,
      state: health.state,
      ready: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
      lag,
      lastCommitAt:
        health.lastCommitAt === undefined ? null : new Date(health.lastCommitAt).toISOString(),
      restarts: health.restarts,
    };
  });
  // No processor yet means the service has not started them.
  return { ready: assessed.length > 0 && assessed.every((p) => p.ready), processors: assessed };
}
