import type { AuditEntry } from "./audit-entry.js";

/** What the log holds of one source partition, and the latest watermark's claim on it. */
export interface PartitionLog {
  readonly topic: string;
  readonly partition: number;
  /** Source offsets of the partition's entries, ascending, repeats kept. */
  readonly offsets: readonly bigint[];
  /** The next offset the latest watermark naming this partition expects. */
  readonly next: bigint | undefined;
}

/** A watermark that expects less of a partition than an earlier one did. */
export interface WatermarkRegression {
  readonly topic: string;
  readonly partition: number;
  readonly from: { readonly next: bigint; readonly index: bigint };
  readonly to: { readonly next: bigint; readonly index: bigint };
}

export interface LatestWatermark {
  readonly index: bigint;
  readonly recordedAt: Date;
}

interface Collected {
  topic: string;
  partition: number;
  offsets: bigint[];
  next: bigint | undefined;
  nextIndex: bigint;
}

/**
 * Reads the log's entries in index order and keeps, per source partition, the offsets it holds
 * and the latest watermark. Watermark entries are the service's own: their source (a tick) is
 * not a pipeline record and is not counted.
 */
export class LogCoverage {
  readonly #partitions = new Map<string, Collected>();
  readonly #regressions: WatermarkRegression[] = [];
  #latest: LatestWatermark | undefined;
  #entries = 0n;
  #ascending = true;

  add(entry: AuditEntry): void {
    this.#entries += 1n;
    const index = BigInt(entry.index);
    if (entry.watermark === undefined) {
      const collected = this.#partition(entry.source.topic, entry.source.partition);
      const offset = BigInt(entry.source.offset);
      const last = collected.offsets.at(-1);
      if (last !== undefined && offset < last) this.#ascending = false;
      collected.offsets.push(offset);
      return;
    }
    this.#latest = { index, recordedAt: new Date(entry.recordedAt) };
    for (const { topic, partitions } of entry.watermark.topics) {
      for (const { partition, next: text } of partitions) {
        const collected = this.#partition(topic, partition);
        const next = BigInt(text);
        if (collected.next !== undefined && next < collected.next) {
          this.#regressions.push({
            topic,
            partition,
            from: { next: collected.next, index: collected.nextIndex },
            to: { next, index },
          });
        }
        collected.next = next;
        collected.nextIndex = index;
      }
    }
  }

  get entries(): bigint {
    return this.#entries;
  }

  get latestWatermark(): LatestWatermark | undefined {
    return this.#latest;
  }

  get regressions(): readonly WatermarkRegression[] {
    return this.#regressions;
  }

  /** Every partition the log names, sorted by topic then partition. */
  partitions(): PartitionLog[] {
    const all = [...this.#partitions.values()];
    if (!this.#ascending)
      for (const p of all) p.offsets.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.#ascending = true;
    return all
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
      .map(({ topic, partition, offsets, next }) => ({ topic, partition, offsets, next }));
  }

  #partition(topic: string, partition: number): Collected {
    const key = `${topic}\u0000${partition}`;
    let collected = this.#partitions.get(key);
    if (collected === undefined) {
      collected = { topic, partition, offsets: [], next: undefined, nextIndex: -1n };
      this.#partitions.set(key, collected);
    }
    return collected;
  }
}
