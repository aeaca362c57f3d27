import { createEvent, decodeEvent, encodeEvent } from "@takedown/contracts";
import { MAX_ENTRY_SIZE } from "@takedown/transparency-log";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "./audit-entry.js";
import { parseAuditEntry } from "./audit-entry.js";
import { judgeCompleteness } from "./completeness-report.js";
import { LogCoverage } from "./log-coverage.js";
import { OffsetRangesBuilder } from "./offset-ranges.js";
import { SourceCoverage } from "./source-coverage.js";
import type { SourcePartitionRecords } from "./source-partition-reader.js";
import { buildWatermarkEntries } from "./watermark-entry.js";

const TICKS = { topic: "takedown.audit.ticks.v1", partition: 0, offset: "0" };
const T0 = new Date("2025-06-02T00:00:00Z");

function sourceEntry(index: number, topic: string, partition: number, offset: number): AuditEntry {
  return {
    index: String(index),
    recordedAt: T0.toISOString(),
    source: { topic, partition, offset: String(offset), key: null },
    attributes: { type: "jp.takedown.case.opened.v1" },
    data: {},
  };
}

function watermarkEntry(index: number, coverage: SourceCoverage, at = T0): AuditEntry {
  const [built] = buildWatermarkEntries({
    watermark: coverage.watermark((topic) => topic !== TICKS.topic),
    tick: TICKS,
    firstIndex: BigInt(index),
    recordedAt: at,
  });
  return (built as { entry: AuditEntry }).entry;
}

function kafkaPartition(
  topic: string,
  partition: number,
  offsets: readonly number[],
  low = 0,
): SourcePartitionRecords {
  const builder = new OffsetRangesBuilder();
  for (const offset of offsets) builder.add(BigInt(offset));
  return {
    topic,
    partition,
    low: BigInt(low),
    high: BigInt((offsets.at(-1) ?? -1) + 1),
    records: builder.ranges(),
  };
}
const range = (first: number, last: number): number[] =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe("watermark entries", () => {
  it("state, per source partition in order, the next offset the log expects", () => {
    const coverage = new SourceCoverage();
    coverage.cover("takedown.targets.v1", 1, 41n);
    coverage.cover("takedown.cases.v1", 3, 7n);
    coverage.cover("takedown.cases.v1", 3, 5n);
    coverage.include("takedown.cases.v1", 0);
    coverage.cover(TICKS.topic, 0, 9n);
    expect(coverage.watermark((topic) => topic !== TICKS.topic)).toEqual({
      topics: [
        {
          topic: "takedown.cases.v1",
          partitions: [
            { partition: 0, next: "0" },
            { partition: 3, next: "8" },
          ],
        },
        { topic: "takedown.targets.v1", partitions: [{ partition: 1, next: "42" }] },
      ],
    });
  });

  it("are audit.entry v1 data the contract accepts, with no personal data", () => {
    const coverage = new SourceCoverage();
    coverage.cover("takedown.cases.v1", 2, 99n);
    const entry = watermarkEntry(12, coverage);
    const record = encodeEvent(createEvent("audit.entry", entry, { source: "/takedown/audit" }));
    const decoded = decodeEvent(
      { key: null, value: record.value, headers: record.headers },
      { topic: "takedown.audit.log.v1" },
    );
    expect(decoded.ok && decoded.event.data).toEqual(entry);
    expect(entry).toEqual({
      index: "12",
      recordedAt: T0.toISOString(),
      source: { ...TICKS, key: null },
      attributes: {},
      data: null,
      watermark: {
        topics: [{ topic: "takedown.cases.v1", partitions: [{ partition: 2, next: "100" }] }],
      },
    });
  });

  it("split over consecutive entries under 64 KiB when there are very many partitions", () => {
    const coverage = new SourceCoverage();
    for (let p = 0; p < 60; p++)
      for (let partition = 0; partition < 64; partition++)
        coverage.cover(`takedown.notices.platform-with-a-long-name-${p}.v1`, partition, 123456789n);
    const watermark = coverage.watermark(() => true);
    const built = buildWatermarkEntries({
      watermark,
      tick: TICKS,
      firstIndex: 500n,
      recordedAt: T0,
    });
    expect(built.length).toBeGreaterThan(1);
    expect(built.map(({ entry }) => entry.index)).toEqual(built.map((_, i) => String(500 + i)));
    for (const { bytes } of built) expect(bytes.length).toBeLessThanOrEqual(MAX_ENTRY_SIZE);
    const all = built.flatMap(({ bytes }) =>
      (parseAuditEntry(bytes).watermark?.topics ?? []).flatMap((t) =>
        t.partitions.map((p) => `${t.topic}/${p.partition}/${p.next}`),
      ),
    );
    expect(all).toEqual(
      watermark.topics.flatMap((t) =>
        t.partitions.map((p) => `${t.topic}/${p.partition}/${p.next}`),
      ),
    );
  });
});

describe("LogCoverage", () => {
  it("collects source offsets per partition and the latest watermark, not counting watermarks", () => {
    const log = new LogCoverage();
    const coverage = new SourceCoverage();
    log.add(sourceEntry(0, "t", 0, 0));
    log.add(sourceEntry(1, "t", 0, 2));
    log.add(sourceEntry(2, "t", 0, 1));
    coverage.cover("t", 0, 2n);
    log.add(watermarkEntry(3, coverage, new Date(T0.getTime() + 5000)));
    expect(log.partitions()).toEqual([
      { topic: "t", partition: 0, offsets: [0n, 1n, 2n], next: 3n },
    ]);
    expect(log.latestWatermark).toEqual({ index: 3n, recordedAt: new Date(T0.getTime() + 5000) });
    expect(log.regressions).toEqual([]);
  });

  it("reports a watermark that went back", () => {
    const log = new LogCoverage();
    const ahead = new SourceCoverage();
    ahead.cover("t", 1, 99n);
    log.add(watermarkEntry(0, ahead));
    const behind = new SourceCoverage();
    behind.cover("t", 1, 9n);
    log.add(watermarkEntry(1, behind));
    expect(log.regressions).toEqual([
      { topic: "t", partition: 1, from: { next: 100n, index: 0n }, to: { next: 10n, index: 1n } },
    ]);
  });
});

describe("judgeCompleteness", () => {
  const now = new Date(T0.getTime() + 60_000);
  const limits = { maxBehind: 0n, maxAgeMs: 900_000 };

  function logOf(entries: AuditEntry[]) {
    const log = new LogCoverage();
    entries.forEach((entry) => log.add(entry));
    return {
      partitions: log.partitions(),
      latestWatermark: log.latestWatermark,
      regressions: log.regressions,
    };
  }

  it("passes a log holding every record below its fresh watermark", () => {
    const coverage = new SourceCoverage();
    const entries = range(0, 9).map((offset) => {
      coverage.cover("takedown.cases.v1", 3, BigInt(offset));
      return sourceEntry(offset, "takedown.cases.v1", 3, offset);
    });
    entries.push(watermarkEntry(10, coverage));
    const report = judgeCompleteness({
      log: logOf(entries),
      topics: [kafkaPartition("takedown.cases.v1", 3, range(0, 9))],
      oldestBehind: new Map(),
      now,
      limits,
    });
    expect(report).toMatchObject({ ok: true, problems: [], behind: 0n });
  });

  it("names the partition and the offsets missing from the log, and the lag", () => {
    const coverage = new SourceCoverage();
    const entries = [...range(0, 119), ...range(4512, 4999)].map((offset, i) =>
      sourceEntry(i, "takedown.cases.v1", 3, offset),
    );
    coverage.cover("takedown.cases.v1", 3, 4999n);
    entries.push(watermarkEntry(entries.length, coverage));
    const report = judgeCompleteness({
      log: logOf(entries),
      topics: [
        kafkaPartition("takedown.cases.v1", 3, range(0, 5009)),
        kafkaPartition("takedown.targets.v1", 0, range(0, 2)),
      ],
      oldestBehind: new Map(),
      now,
      limits,
    });
    expect(report.ok).toBe(false);
    expect(report.behind).toBe(13n);
    expect(report.problems).toEqual([
      "takedown.cases.v1[3]: offsets 120–4,511 missing from the log",
      expect.stringMatching(
        /^behind by 13 records \(tolerance 0\): takedown\.cases\.v1\[3\] 10 from offset 5,000, takedown\.targets\.v1\[0\] 3 from offset 0$/,
      ),
    ]);
  });

  it("takes a lag within the tolerance as a note, and fails a stale or missing watermark", () => {
    const coverage = new SourceCoverage();
    coverage.cover("t", 0, 4n);
    const entries = [
      ...range(0, 4).map((o) => sourceEntry(o, "t", 0, o)),
      watermarkEntry(5, coverage),
    ];
    const topics = [kafkaPartition("t", 0, range(0, 6))];
    const lenient = judgeCompleteness({
      log: logOf(entries),
      topics,
      oldestBehind: new Map(),
      now,
      limits: { maxBehind: 2n, maxAgeMs: 900_000 },
    });
    expect(lenient).toMatchObject({ ok: true, behind: 2n });
    expect(lenient.notes).toEqual([expect.stringContaining("behind by 2 records (tolerance 2)")]);

    const stale = judgeCompleteness({
      log: logOf(entries),
      topics,
      oldestBehind: new Map(),
      now: new Date(T0.getTime() + 3 * 3600_000),
      limits: { maxBehind: 2n, maxAgeMs: 900_000 },
    });
    expect(stale.problems).toEqual([
      `the latest watermark (entry 5, ${T0.toISOString()}) is 3h00m old (bound 15m00s)`,
    ]);

    const none = judgeCompleteness({
      log: logOf(entries.slice(0, 5)),
      topics,
      oldestBehind: new Map(),
      now,
      limits: { maxBehind: 10n, maxAgeMs: 900_000 },
    });
    expect(none.problems).toEqual([
      "the log holds no watermark entry: what it covers cannot be told",
    ]);
  });

  it("names duplicates, strangers, a partition gone from Kafka and a watermark that went back", () => {
    const ahead = new SourceCoverage();
    ahead.cover("t", 0, 5n);
    ahead.cover("gone", 0, 0n);
    const behind = new SourceCoverage();
    behind.cover("t", 0, 3n);
    const entries = [
      ...[0, 1, 1, 2, 3, 5].map((o, i) => sourceEntry(i, "t", 0, o)),
      sourceEntry(6, "gone", 0, 0),
      watermarkEntry(7, ahead),
      watermarkEntry(8, behind),
    ];
    const report = judgeCompleteness({
      log: logOf(entries),
      topics: [kafkaPartition("t", 0, [0, 1, 2, 3, 4, 6])],
      oldestBehind: new Map(),
      now,
      limits: { maxBehind: 10n, maxAgeMs: 900_000 },
    });
    expect(report.problems).toEqual([
      "gone[0]: not found in Kafka; its 1 log entries and watermark (next 1) cannot be compared",
      "t[0]: offset 1 is in the log 2 times",
      "t[0]: offset 5 in the log but not a committed record of the topic",
      "t[0]: the watermark went back from 6 (entry 7) to 4 (entry 8)",
    ]);
  });
});
