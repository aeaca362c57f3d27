import { restoreChangelog, type Kafka } from "@takedown/kafka";
import { decodeRoutedCase, type RoutedCase } from "./routed-case.js";

/**
 * One partition's committed cases, each kept as the JSON of its changelog value rather than as
 * objects. Routing holds every open case of its partitions; as objects (a case with its members
 * is some thirty of them) they made routing's old generation three times dedup's and its major
 * GCs five times as long (bench/pipeline, --trace-gc). A string is one object to mark, and the
 * JSON is already made for the changelog record. A case is parsed when an event reaches it.
 */
export class CommittedCases {
  private readonly values = new Map<string, string>();
  /** Deadlines as numbers, so that a tick checks every case without parsing any. */
  private readonly deadlines = new Map<string, number>();

  get(contentKey: string): RoutedCase | undefined {
    const json = this.values.get(contentKey);
    // Validated when restored (decodeRoutedCase) or made by routing itself from a RoutedCase.
    return json === undefined ? undefined : (JSON.parse(json) as RoutedCase);
  }

  set(routed: RoutedCase, json: string): void {
    this.values.set(routed.contentKey, json);
    if (routed.deadline === undefined) this.deadlines.delete(routed.contentKey);
    else this.deadlines.set(routed.contentKey, Date.parse(routed.deadline));
  }

  delete(contentKey: string): void {
    this.values.delete(contentKey);
    this.deadlines.delete(contentKey);
  }

  /** The content keys whose answer deadline is at or before `timeMs`. */
  *dueBy(timeMs: number): Generator<string> {
    for (const [contentKey, deadline] of this.deadlines) if (deadline <= timeMs) yield contentKey;
  }

  get size(): number {
    return this.values.size;
  }
}

/** Changes of one batch, visible to later records of the batch but to nobody else until commit. */
export class StagedCases {
  private readonly changes = new Map<string, { routed: RoutedCase; json: string }>();

  constructor(private readonly committed: CommittedCases) {}

  get(contentKey: string): RoutedCase | undefined {
    return this.changes.get(contentKey)?.routed ?? this.committed.get(contentKey);
  }

  /** `json` is the changelog value written for the change (JSON.stringify of `routed`). */
  set(routed: RoutedCase, json = JSON.stringify(routed)): void {
    this.changes.set(routed.contentKey, { routed, json });
  }

  /**
   * The cases of the partition, as the batch sees them, whose answer deadline is at or before
   * `timeMs`. Each tick asks this of every case the partition holds: only the due ones are parsed.
   */
  dueBy(timeMs: number): RoutedCase[] {
    const due: RoutedCase[] = [];
    for (const contentKey of this.committed.dueBy(timeMs)) {
      if (this.changes.has(contentKey)) continue;
      const routed = this.committed.get(contentKey);
      if (routed !== undefined) due.push(routed);
    }
    for (const { routed } of this.changes.values())
      if (routed.deadline !== undefined && Date.parse(routed.deadline) <= timeMs) due.push(routed);
    return due;
  }

  commit(): void {
    for (const { routed, json } of this.changes.values()) this.committed.set(routed, json);
    this.changes.clear();
  }
}

/**
 * Routing's case state per partition, rebuilt from the compacted changelog whenever partitions
 * are assigned. The changelog is written in the same transaction as routing's output, so the
 * restored state always matches what routing published.
 */
export class CaseStateStore {
  private readonly byPartition = new Map<number, CommittedCases>();

  async restore(options: {
    kafka: Kafka;
    topic: string;
    partitions: readonly number[];
  }): Promise<number> {
    this.byPartition.clear();
    for (const partition of options.partitions)
      this.byPartition.set(partition, new CommittedCases());
    const { records } = await restoreChangelog({
      ...options,
      onRecord: ({ partition, message }) => {
        const cases = this.byPartition.get(partition);
        if (cases === undefined || message.key === null) return;
        const key = message.key.toString("utf8");
        if (message.value === null) cases.delete(key);
        else cases.set(decodeRoutedCase(message.value), message.value.toString("utf8"));
      },
    });
    return records;
  }

  stage(partition: number): StagedCases {
    let cases = this.byPartition.get(partition);
    if (cases === undefined) {
      cases = new CommittedCases();
      this.byPartition.set(partition, cases);
    }
    return new StagedCases(cases);
  }

  get size(): number {
    let total = 0;
    for (const cases of this.byPartition.values()) total += cases.size;
    return total;
  }
}
