/**
 * Request id → entry, oldest first, holding at most `maxTargets` targets in all: a request has
 * 1–100 targets, so counting requests alone would not bound the memory.
 */
export class BoundedRequestMap<V> {
  private readonly entries = new Map<string, { value: V; targets: number }>();
  private targets = 0;

  constructor(
    private readonly maxTargets: number,
    private readonly targetsOf: (value: V) => number,
  ) {}

  get(requestId: string): V | undefined {
    return this.entries.get(requestId)?.value;
  }

  /** Stores (or re-weighs after a change) the entry as the newest; evicts the oldest past the bound. */
  set(requestId: string, value: V): void {
    this.delete(requestId);
    const targets = Math.max(1, this.targetsOf(value));
    this.entries.set(requestId, { value, targets });
    this.targets += targets;
    for (const [oldest, entry] of this.entries) {
      if (this.targets <= this.maxTargets || oldest === requestId) break;
      this.entries.delete(oldest);
      this.targets -= entry.targets;
    }
  }

  delete(requestId: string): void {
    const entry = this.entries.get(requestId);
    if (entry === undefined) return;
    this.entries.delete(requestId);
    this.targets -= entry.targets;
  }
}
