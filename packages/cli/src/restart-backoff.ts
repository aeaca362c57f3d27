export interface RestartPolicy {
  /** Wait before the first restart after a stable run. */
  initialDelayMs: number;
  /** Each further restart in a row waits this many times longer… */
  factor: number;
  /** …up to this. */
  maxDelayMs: number;
  /** A run at least this long counts as stable: the next restart waits initialDelayMs again. */
  stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

/**
 * How long to wait before restarting a service that exited: exponential in the restarts since
 * its last stable run, capped, so a crash loop neither spins nor waits forever.
 */
export class RestartBackoff {
  readonly #policy: RestartPolicy;
  #inARow = 0;
  #restarts = 0;

  constructor(policy: RestartPolicy = defaultRestartPolicy) {
    this.#policy = policy;
  }

  /** Restarts so far (for the log). */
  get restarts(): number {
    return this.#restarts;
  }

  /** Called when the service exited after running `ranMs`; returns the wait before restarting. */
  nextDelay(ranMs: number): number {
    const policy = this.#policy;
    if (ranMs >= policy.stableAfterMs) this.#inARow = 0;
    const delay = Math.min(
      policy.maxDelayMs,
      policy.initialDelayMs * policy.factor ** this.#inARow,
    );
    this.#inARow += 1;
    this.#restarts += 1;
    return delay;
  }
}
