/**
 * How long a processor keeps trying to recover before it reports itself beyond help. Restarts
 * back off exponentially; a run of failures ends with the first commit, or after the consumer has
 * run `stableAfterMs` without failing (an idle input has nothing to commit).
 */
export interface RecoveryPolicy {
  /** Wait before the first restart of a run; doubles with each failure after it. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Restarts in one run of failures before giving up. */
  maxRestarts: number;
  /** Longest a run of failures may last, counted from its first failure, before giving up. */
  maxRecoveryMs: number;
  stableAfterMs: number;
  /** Retries of a transient fault inside one batch before the consumer is restarted instead. */
  transientAttempts: number;
}

export const defaultRecoveryPolicy: RecoveryPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxRestarts: 10,
  maxRecoveryMs: 5 * 60_000,
  stableAfterMs: 60_000,
  transientAttempts: 6,
};

/** The n-th wait (from 1) of an exponential backoff: initial, 2×, 4×, … capped. */
export function backoffDelay(policy: RecoveryPolicy, attempt: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.initialDelayMs * 2 ** exponent, policy.maxDelayMs);
}

/** Counts the restarts of one run of failures and says when the run has gone on too long. */
export class FailureRun {
  private startedAt: number | undefined;
  private restartCount = 0;

  constructor(private readonly policy: RecoveryPolicy) {}

  /** Starts the clock at the run's first failure. */
  failed(now = Date.now()): void {
    this.startedAt ??= now;
  }

  /** The wait before the next restart, or undefined when the bound is exceeded. */
  nextRestart(now = Date.now()): number | undefined {
    this.failed(now);
    this.restartCount += 1;
    if (this.restartCount > this.policy.maxRestarts) return undefined;
    const delay = backoffDelay(this.policy, this.restartCount);
    if (now + delay - (this.startedAt ?? now) > this.policy.maxRecoveryMs) return undefined;
    return delay;
  }

  /** True while the run has lasted no longer than the policy allows. */
  withinBound(now = Date.now()): boolean {
    return this.startedAt === undefined || now - this.startedAt <= this.policy.maxRecoveryMs;
  }

  get active(): boolean {
    return this.startedAt !== undefined;
  }

  get restarts(): number {
    return this.restartCount;
  }

  ended(): void {
    this.startedAt = undefined;
    this.restartCount = 0;
  }
}
