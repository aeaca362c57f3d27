/**
 * What a request handed on and must not be forgotten when its answer goes: a publish that may
 * still commit after a deadline keeps the request's place and its Idempotency-Key until it
 * settles.
 */
export class KeptWork {
  private readonly kept: Promise<unknown>[] = [];

  keep(promise: Promise<unknown>): void {
    this.kept.push(promise.catch(() => undefined));
  }

  /** Settles (never rejects) once everything kept, including what was kept meanwhile, has. */
  async settled(): Promise<void> {
    for (let count = 0; count < this.kept.length; count = this.kept.length)
      await Promise.all(this.kept);
  }
}
