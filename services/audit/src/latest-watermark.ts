import { TILE_WIDTH } from "@takedown/transparency-log";
import type { ArchivedLogReader } from "./archived-log-reader.js";
import { parseAuditEntry } from "./audit-entry.js";
import type { AuditEntry } from "./audit-entry.js";

/** Watermarks come every interval and every 1,000 entries: far more entries than this is none. */
const DEFAULT_SCAN = 64n * BigInt(TILE_WIDTH);

/**
 * The last watermark entry of a tree of `size`, read backwards one bundle at a time up to
 * `maxEntries` back, so plain `verify` can say how fresh the log is without reading it twice.
 */
export async function findLatestWatermark(
  reader: ArchivedLogReader,
  size: bigint,
  maxEntries = DEFAULT_SCAN,
): Promise<{ watermark: AuditEntry | undefined; scanned: bigint }> {
  const width = BigInt(TILE_WIDTH);
  const stop = size > maxEntries ? size - maxEntries : 0n;
  let end = size;
  while (end > stop) {
    const bundleStart = ((end - 1n) / width) * width;
    const start = bundleStart > stop ? bundleStart : stop;
    const entries = await reader.entries(start, end, size);
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = parseAuditEntry(entries[i] as Uint8Array);
      if (entry.watermark !== undefined) {
        return { watermark: entry, scanned: size - BigInt(entry.index) };
      }
    }
    end = start;
  }
  return { watermark: undefined, scanned: size - stop };
}
