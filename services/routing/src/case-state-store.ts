import { restoreChangelog, type Kafka } from "@takedown/kafka";
import { decodeRoutedCase, type RoutedCase } from "./routed-case.js";

/**
 * Deadlines as numbers, parsed once per case value: every tick checks every case of the
 * partition, and Date.parse per case and tick showed in routing's profile (bench/pipeline
 * --cpu-prof).
 */
const parsedDeadlines = new WeakMap<RoutedCase, number>();

function deadlineMs(routed: RoutedCase, deadline: string): number {
  let ms = parsedDeadlines.get(routed);
  if (ms === undefined) {
    ms = Date.parse(deadline);
    parsedDeadlines.set(routed, ms);
  }
  return ms;
}

/** Changes of one batch, visible to later records of the batch but to nobody else until commit. */
export class StagedCases {
  private readonly changes = new Map<string, RoutedCase>();

  constructor(private readonly committed: Map<string, RoutedCase>) {}

  get(contentKey: string): RoutedCase | undefined {
    return this.changes.get(contentKey) ?? this.committed.get(contentKey);
  }

  set(routed: RoutedCase): void {
    this.changes.set(routed.contentKey, routed);
  }

  /**
   * The cases of the partition, as the batch sees them, whose answer deadline is at or before
   * `timeMs`. Each tick asks this of every case the partition holds: checked in place, without
   * copying the partition's cases or awaiting anything for the many that are not due.
   */
  dueBy(timeMs: number): RoutedCase[] {
    const due: RoutedCase[] = [];
    const check = (routed: RoutedCase) => {
      if (routed.deadline !== undefined && deadlineMs(routed, routed.deadline) <= timeMs)
        due.push(routed);
    };
    for (const [key, routed] of this.committed) if (!this.changes.has(key)) check(routed);
    for (const routed of this.changes.values()) check(routed);
    return due;
  }

  commit(): void {
    for (const [key, value] of this.changes) this.committed.set(key, value);
    this.changes.clear();
  }
}

/**
 * Routing's case state per partition, rebuilt from the compacted changelog whenever partitions
 * are assigned. The changelog is written in the same transaction as routing's output, so the
 * restored state always matches what routing published.
 */
export class CaseStateStore {
  private readonly byPartition = new Map<number, Map<string, RoutedCase>>();

  async restore(options: {
    kafka: Kafka;
    topic: string;
    partitions: readonly number[];
  }): Promise<number> {
    this.byPartition.clear();
    for (const partition of options.partitions) this.byPartition.set(partition, new Map());
    const { records } = await restoreChangelog({
      ...options,
      onRecord: ({ partition, message }) => {
        const cases = this.byPartition.get(partition);
        if (cases === undefined || message.key === null) return;
        const key = message.key.toString("utf8");
        if (message.value === null) cases.delete(key);
        else cases.set(key, decodeRoutedCase(message.value));
      },
    });
    return records;
  }

  stage(partition: number): StagedCases {
    let cases = this.byPartition.get(partition);
    if (cases === undefined) {
      cases = new Map();
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
