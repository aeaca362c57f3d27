import { MAX_ENTRY_SIZE, canonicalJson } from "@takedown/transparency-log";
import type { AuditEntry, SourcePosition } from "./audit-entry.js";
import type { Watermark } from "./source-coverage.js";

const utf8 = new TextEncoder();

interface WatermarkPart {
  readonly topic: string;
  readonly partition: number;
  readonly next: string;
}

/**
 * The log's statement of what it covers, as ordinary entries: the source is the tick record
 * that asked for it, the data null, the watermark in its own field. A watermark too large for
 * one 64 KiB entry is split over consecutive entries (whole partitions each); a reader takes the
 * latest watermark of each partition.
 */
export function buildWatermarkEntries(options: {
  watermark: Watermark;
  tick: SourcePosition;
  firstIndex: bigint;
  recordedAt: Date;
}): { entry: AuditEntry; bytes: Uint8Array }[] {
  const parts: WatermarkPart[] = options.watermark.topics.flatMap(({ topic, partitions }) =>
    partitions.map(({ partition, next }) => ({ topic, partition, next })),
  );
  const entries: { entry: AuditEntry; bytes: Uint8Array }[] = [];
  const build = (slice: readonly WatermarkPart[]): void => {
    const entry: AuditEntry = {
      index: (options.firstIndex + BigInt(entries.length)).toString(),
      recordedAt: options.recordedAt.toISOString(),
      source: { ...options.tick, key: null },
      attributes: {},
      data: null,
      watermark: grouped(slice),
    };
    const bytes = utf8.encode(canonicalJson(entry));
    if (bytes.length <= MAX_ENTRY_SIZE || slice.length <= 1) {
      entries.push({ entry, bytes });
      return;
    }
    const half = Math.ceil(slice.length / 2);
    build(slice.slice(0, half));
    build(slice.slice(half));
  };
  build(parts);
  return entries;
}

function grouped(parts: readonly WatermarkPart[]): Watermark {
  const topics: Watermark["topics"] = [];
  for (const { topic, partition, next } of parts) {
    const last = topics.at(-1);
    if (last?.topic === topic) last.partitions.push({ partition, next });
    else topics.push({ topic, partitions: [{ partition, next }] });
  }
  return { topics };
}
