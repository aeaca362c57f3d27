import type { AuditEntry } from "./audit-entry.js";

export type Watermark = NonNullable<AuditEntry["watermark"]>;

/**
 * Per source topic-partition, the next offset the log expects: one past the last offset it
 * holds. The appender skips replayed records below it and states it in watermark entries.
 */
export class SourceCoverage {
  readonly #next = new Map<string, Map<number, bigint>>();

  next(topic: string, partition: number): bigint | undefined {
    return this.#next.get(topic)?.get(partition);
  }

  /** The log now holds `offset` of this partition. */
  cover(topic: string, partition: number, offset: bigint): void {
    const partitions = this.#partitionsOf(topic);
    if ((partitions.get(partition) ?? 0n) <= offset) partitions.set(partition, offset + 1n);
  }

  /** A partition being read: watermarks list it (next 0) before its first record arrives. */
  include(topic: string, partition: number): void {
    const partitions = this.#partitionsOf(topic);
    if (!partitions.has(partition)) partitions.set(partition, 0n);
  }

  /** Every partition known, sorted by topic then partition. */
  partitions(): { topic: string; partition: number; next: bigint }[] {
    return [...this.#next.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap(([topic, partitions]) =>
        [...partitions.entries()]
          .sort(([a], [b]) => a - b)
          .map(([partition, next]) => ({ topic, partition, next })),
      );
  }

  /** The watermark of the source topics (`isSource` leaves out the audit service's own). */
  watermark(isSource: (topic: string) => boolean): Watermark {
    const topics = new Map<string, { partition: number; next: string }[]>();
    for (const { topic, partition, next } of this.partitions()) {
      if (!isSource(topic)) continue;
      const list = topics.get(topic) ?? [];
      list.push({ partition, next: next.toString() });
      topics.set(topic, list);
    }
    return { topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })) };
  }

  #partitionsOf(topic: string): Map<number, bigint> {
    let partitions = this.#next.get(topic);
    if (partitions === undefined) {
      partitions = new Map();
      this.#next.set(topic, partitions);
    }
    return partitions;
  }
}
