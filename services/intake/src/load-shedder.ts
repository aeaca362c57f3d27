import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";
import { createIntakeError } from "./errors.js";
import { KeptWork } from "./kept-work.js";

export interface LoadShedderOptions {
  /** Requests being received, validated or published at once; one more is refused at once. */
  maxInFlight: number;
  /** How long an admitted request may wait (evidence check, its key, its commit) before a 503. */
  timeoutMs: number;
  /**
   * Also refuse while the event loop lags more than this (mean over the last quarter second;
   * 0 turns it off). A loop that cannot keep up leaves requests waiting in the kernel, unseen by
   * the in-flight count; refusing them cheaply drains that queue.
   */
  maxEventLoopDelayMs?: number;
  onShed?: () => void;
  onDeadline?: () => void;
}

/**
 * One admitted request's place and time budget. Every wait of the request goes through `within`,
 * so the answer comes by the deadline whatever the broker or S3 does. The place is given back
 * once the request has ended (`end`: answered, or its client gone) and everything it handed on
 * (`keepUntil`: its records in the producer) has settled, so work that outlives its answer still
 * counts against the bound.
 */
export class Admission {
  private readonly expiry = new AbortController();
  private readonly kept = new KeptWork();
  private readonly timer: NodeJS.Timeout;
  private ended = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onSettled: () => void,
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

  /** The request is answered or its client gone; the place returns once the kept work settles. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    void this.kept.settled().then(this.onSettled);
  }
}

const SAMPLE_RESOLUTION_MS = 10;

/**
 * Load shedding for the publishing routes: at most `maxInFlight` requests are received,
 * validated or published at once; the next one is answered 503 INTAKE_OVERLOADED with
 * Retry-After before its body is read, rather than queued behind the others until its client
 * gives up.
 */
export class LoadShedder {
  private count = 0;
  private delay: IntervalHistogram | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private lagMs = 0;

  constructor(private readonly options: LoadShedderOptions) {}

  /** Starts sampling the event loop's delay (when a bound on it is set). */
  start(): void {
    if ((this.options.maxEventLoopDelayMs ?? 0) <= 0 || this.delay !== undefined) return;
    const delay = monitorEventLoopDelay({ resolution: SAMPLE_RESOLUTION_MS });
    delay.enable();
    this.delay = delay;
    this.sampler = setInterval(() => {
      // The histogram counts the resolution's own interval as delay.
      this.lagMs = Math.max(0, delay.mean / 1e6 - SAMPLE_RESOLUTION_MS);
      delay.reset();
    }, 250);
    this.sampler.unref();
  }

  stop(): void {
    clearInterval(this.sampler);
    this.delay?.disable();
    this.delay = undefined;
    this.lagMs = 0;
  }

  /** The event loop's recent delay in ms (0 while not sampled). */
  get eventLoopDelayMs(): number {
    return this.lagMs;
  }

  get inFlight(): number {
    return this.count;
  }

  get maxInFlight(): number {
    return this.options.maxInFlight;
  }

  /** A place for one request, or INTAKE_OVERLOADED. The caller must `end()` it. */
  enter(): Admission {
    const maxDelay = this.options.maxEventLoopDelayMs ?? 0;
    if (this.count >= this.options.maxInFlight || (maxDelay > 0 && this.lagMs > maxDelay)) {
      this.options.onShed?.();
      throw createIntakeError("INTAKE_OVERLOADED", {
        detail:
          this.count >= this.options.maxInFlight
            ? `${this.options.maxInFlight} requests are in flight, the most this instance takes`
            : `the event loop lags ${Math.round(this.lagMs)} ms, more than ${maxDelay} ms`,
      });
    }
    this.count += 1;
    return new Admission(
      this.options.timeoutMs,
      () => {
        this.count -= 1;
      },
      this.options.onDeadline,
    );
  }
}
