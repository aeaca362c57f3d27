import type { Logger } from "pino";
import type { Assignment } from "./processed-batch.js";
import { backoffDelay, type RecoveryPolicy } from "./recovery-policy.js";

export interface AssignmentGateOptions {
  onAssigned: ((assignment: Assignment[]) => Promise<void>) | undefined;
  policy: RecoveryPolicy;
  log: Logger;
  /** Notes a failure; false when the run of failures is past the recovery bound. */
  onFailure: (error: unknown) => boolean;
  /** The set-up keeps failing past the bound: the processor gives up. */
  onGiveUp: (error: unknown) => void;
}

/** Resolves with the value, or undefined after `ms`; the timer never outlives the race. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs onAssigned for each new assignment at once (routing's deadlines must be restored even if
 * no record arrives) and holds batches until it succeeded. A failure (a restore meeting a broker
 * hiccup) is retried with backoff until it succeeds, a newer assignment supersedes it, or the
 * recovery bound is passed.
 */
export class AssignmentGate {
  /** True once the latest set-up succeeded; false when it was superseded or given up. */
  private ready: Promise<boolean> = Promise.resolve(true);
  private generation = 0;

  constructor(private readonly options: AssignmentGateOptions) {}

  assigned(assignment: Assignment[]): void {
    const generation = ++this.generation;
    const onAssigned = this.options.onAssigned;
    if (onAssigned === undefined) return;
    const current = () => generation === this.generation;
    const attempt = async (n: number): Promise<boolean> => {
      try {
        await onAssigned(assignment);
        return true;
      } catch (error) {
        if (!current()) return false;
        if (!this.options.onFailure(error)) {
          this.options.onGiveUp(error);
          return false;
        }
        const delayMs = backoffDelay(this.options.policy, n);
        this.options.log.warn(
          { err: error, retryInMs: delayMs },
          "assignment set-up failed; retrying",
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        return current() ? attempt(n + 1) : false;
      }
    };
    this.ready = attempt(1);
  }

  /** Stops retrying a set-up (the processor stops). */
  cancel(): void {
    this.generation += 1;
  }

  /** Waits for the latest set-up, heartbeating so the wait does not cost the assignment. */
  async wait(alive: () => boolean, heartbeat: () => Promise<void>): Promise<void> {
    while (alive()) {
      if ((await within(this.ready, 1000)) === true) return;
      await heartbeat();
    }
  }
}
