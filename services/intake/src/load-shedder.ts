import { createIntakeError } from "./errors.js";
import { KeptWork } from "./kept-work.js";

export interface LoadShedderOptions {
  /** Requests being validated or published at once; one more is refused at once. */
  maxInFlight: number;
  /** How long an admitted request may wait (evidence check, its key, its commit) before a 503. */
  timeoutMs: number;
  onShed?: () => void;
  onDeadline?: () => void;
}

/**
 * One admitted request's time budget. Every wait of the request goes through `within`, so the
 * answer comes by the deadline whatever the broker or S3 does; what the request handed on (its
 * records to the producer) is kept with `keepUntil` and holds the request's place until it
 * settles, so work that outlives its answer still counts against the bound.
 */
export class Admission {
  private readonly expiry = new AbortController();
  private readonly kept = new KeptWork();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    onDeadline?: () => void,
  ) {
    this.timer = setTimeout(() => {
      onDeadline?.();
      this.expiry.abort();
    }, timeoutMs);
  }

  /** True once the deadline has passed: nothing may be handed to the producer any more. */
  get expired(): boolean {
    return this.expiry.signal.aborted;
  }

  /** Throws INTAKE_DEADLINE_EXCEEDED once the deadline has passed. */
  throwIfExpired(detail: string): void {
    if (this.expired) throw this.exceeded(detail);
  }

  private exceeded(detail: string) {
    return createIntakeError("INTAKE_DEADLINE_EXCEEDED", {
      detail: `${detail} (not completed within ${this.timeoutMs} ms)`,
    });
  }

  /**
   * The promise's outcome, or INTAKE_DEADLINE_EXCEEDED when the deadline comes first. `detail`
   * tells the client what is known (whether the request may still be published).
   */
  within<T>(promise: Promise<T>, detail: string): Promise<T> {
    const signal = this.expiry.signal;
    if (signal.aborted) {
      promise.catch(() => undefined);
      return Promise.reject(this.exceeded(detail));
    }
    return new Promise<T>((resolve, reject) => {
      const onExpiry = () => {
        promise.catch(() => undefined);
        reject(this.exceeded(detail));
      };
      signal.addEventListener("abort", onExpiry, { once: true });
      promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onExpiry));
    });
  }

  /** Keeps the request's place until the promise settles, even after the answer has gone. */
  keepUntil(promise: Promise<unknown>): void {
    this.kept.keep(promise);
  }

  /** Settles when everything kept has settled; the deadline is no longer watched. */
  async settled(): Promise<void> {
    clearTimeout(this.timer);
    await this.kept.settled();
  }
}

/**
 * Load shedding for the publishing routes: at most `maxInFlight` requests are validated or
 * published at once; the next one is answered 503 INTAKE_OVERLOADED with Retry-After before any
 * work, rather than queued behind the others until its client gives up.
 */
export class LoadShedder {
  private count = 0;

  constructor(private readonly options: LoadShedderOptions) {}

  get inFlight(): number {
    return this.count;
  }

  get maxInFlight(): number {
    return this.options.maxInFlight;
  }

  async admit<T>(work: (admission: Admission) => Promise<T>): Promise<T> {
    if (this.count >= this.options.maxInFlight) {
      this.options.onShed?.();
      throw createIntakeError("INTAKE_OVERLOADED", {
        detail: `${this.options.maxInFlight} requests are in flight, the most this instance takes`,
      });
    }
    this.count += 1;
    const admission = new Admission(this.options.timeoutMs, this.options.onDeadline);
    const running = work(admission);
    admission.keepUntil(running);
    try {
      return await running;
    } finally {
      void admission.settled().then(() => {
        this.count -= 1;
      });
    }
  }
}
