import { describe, expect, it } from "vitest";
import { OffsetRangesBuilder } from "./offset-ranges.js";
import { comparePartitionCoverage } from "./partition-coverage.js";
import type { TopicPartitionRecords } from "./partition-coverage.js";

/** A partition holding exactly `offsets` (the others being markers, compacted or deleted). */
function partition(offsets: readonly number[], low = 0, high?: number): TopicPartitionRecords {
  const builder = new OffsetRangesBuilder();
  for (const offset of offsets) builder.add(BigInt(offset));
  return {
    low: BigInt(low),
    high: BigInt(high ?? (offsets.at(-1) ?? -1) + 1),
    records: builder.ranges(),
  };
}
const range = (first: number, last: number): number[] =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);
const big = (offsets: readonly number[]): bigint[] => offsets.map(BigInt);

describe("OffsetRangesBuilder", () => {
  it("merges consecutive offsets and keeps marker gaps", () => {
    const builder = new OffsetRangesBuilder();
    for (const offset of [0, 1, 2, 4, 5, 9, 9]) builder.add(BigInt(offset));
    expect(builder.ranges()).toEqual([
      { first: 0n, last: 2n },
      { first: 4n, last: 5n },
      { first: 9n, last: 9n },
    ]);
    expect(builder.count).toBe(6n);
  });
});

describe("comparePartitionCoverage", () => {
  it("finds nothing wrong when the log holds every record below the watermark once", () => {
    const result = comparePartitionCoverage({
      next: 10n,
      topic: partition(range(0, 9)),
      logOffsets: big(range(0, 9)),
    });
    expect(result).toMatchObject({
      missing: [],
      missingRecords: 0n,
      duplicated: [],
      strangers: [],
      behind: 0n,
      belowLow: 0n,
      deletedUncovered: undefined,
      watermarkAhead: false,
    });
  });

  it("names the gap as one run of records even across transaction markers", () => {
    // Markers at 5 and 11: read_committed never returns them, and they are no gap in the log.
    const records = [...range(0, 4), ...range(6, 10), ...range(12, 20)];
    const result = comparePartitionCoverage({
      next: 21n,
      topic: partition(records, 0, 22),
      logOffsets: big([0, 1, 2, ...range(15, 20)]),
    });
    expect(result.missing).toEqual([{ first: 3n, last: 14n, records: 10n }]);
    expect(result.missingRecords).toBe(10n);
    expect(result.strangers).toEqual([]);
  });

  it("finds the gap of the issue: offsets 120–4,511 of one partition", () => {
    const result = comparePartitionCoverage({
      next: 5000n,
      topic: partition(range(0, 4999)),
      logOffsets: big([...range(0, 119), ...range(4512, 4999)]),
    });
    expect(result.missing).toEqual([{ first: 120n, last: 4511n, records: 4392n }]);
  });

  it("counts an offset held twice or more", () => {
    const result = comparePartitionCoverage({
      next: 5n,
      topic: partition(range(0, 4)),
      logOffsets: big([0, 1, 2, 2, 2, 3, 4, 4]),
    });
    expect(result.duplicated).toEqual([
      { offset: 2n, times: 3 },
      { offset: 4n, times: 2 },
    ]);
    expect(result.missing).toEqual([]);
  });

  it("names log entries for offsets that are no committed record", () => {
    const result = comparePartitionCoverage({
      next: 8n,
      topic: partition([0, 1, 2, 6, 7], 0, 8),
      logOffsets: big([0, 1, 2, 3, 4, 6, 7, 12]),
    });
    expect(result.strangers).toEqual([
      { first: 3n, last: 4n },
      { first: 12n, last: 12n },
    ]);
    expect(result.strangerEntries).toBe(3n);
  });

  it("counts the records past the watermark the log does not hold yet", () => {
    const result = comparePartitionCoverage({
      next: 10n,
      topic: partition(range(0, 19)),
      logOffsets: big(range(0, 11)),
    });
    expect(result).toMatchObject({ behind: 8n, firstBehind: 12n, missing: [] });
  });

  it("does not compare offsets retention deleted, and names those deleted before the log had them", () => {
    const kept = comparePartitionCoverage({
      next: 150n,
      topic: partition(range(100, 149), 100),
      logOffsets: big(range(0, 149)),
    });
    expect(kept).toMatchObject({ belowLow: 100n, missing: [], deletedUncovered: undefined });

    const lost = comparePartitionCoverage({
      next: 50n,
      topic: partition(range(100, 149), 100),
      logOffsets: big(range(0, 49)),
    });
    expect(lost.deletedUncovered).toEqual({ first: 50n, last: 99n });
    expect(lost.behind).toBe(50n);
  });

  it("takes every record for behind when no watermark names the partition", () => {
    const result = comparePartitionCoverage({
      next: undefined,
      topic: partition(range(0, 9)),
      logOffsets: big(range(0, 3)),
    });
    expect(result).toMatchObject({ missing: [], behind: 6n, firstBehind: 4n });
  });

  it("flags a watermark past the topic's end", () => {
    const result = comparePartitionCoverage({
      next: 30n,
      topic: partition(range(0, 19)),
      logOffsets: big(range(0, 19)),
    });
    expect(result.watermarkAhead).toBe(true);
    expect(result.missing).toEqual([]);
  });

  it("agrees with a record-by-record count on random partitions", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const size = 1 + Math.floor(random() * 300);
      const records = range(0, size - 1).filter(() => random() < 0.8);
      const low = Math.floor(random() * 20);
      const kept = records.filter((offset) => offset >= low);
      const log = records
        .filter(() => random() < 0.9)
        .flatMap((o) => (random() < 0.05 ? [o, o] : [o]));
      const next = Math.floor(random() * (size + 5));
      const result = comparePartitionCoverage({
        next: BigInt(next),
        topic: partition(kept, low, size),
        logOffsets: big(log),
      });
      const inLog = new Set(log);
      const covered = Math.min(next, size);
      const expectedMissing = kept.filter((o) => o < covered && !inLog.has(o));
      const expectedBehind = kept.filter((o) => o >= covered && !inLog.has(o));
      expect(result.missingRecords).toBe(BigInt(expectedMissing.length));
      expect(result.behind).toBe(BigInt(expectedBehind.length));
      expect(result.missing.map((run) => run.first)).toEqual(
        big(
          expectedMissing.filter(
            (o, i) => i === 0 || kept[kept.indexOf(o) - 1] !== expectedMissing[i - 1],
          ),
        ),
      );
      expect(result.duplicated.reduce((n, d) => n + d.times - 1, 0)).toBe(log.length - inLog.size);
      expect(result.belowLow).toBe(BigInt([...inLog].filter((o) => o < low).length));
      expect(result.strangerEntries).toBe(0n);
    }
  });
});
