import { createLogger } from "@takedown/logger";
import { NoteSigner, canonicalJson, generateNoteKey } from "@takedown/transparency-log";
import { AuditLogState } from "./audit-log-state.js";
import { LogArchiver } from "./log-archiver.js";
import type { S3Archive } from "./s3-archive.js";
import { SourceCoverage } from "./source-coverage.js";
import { buildWatermarkEntries } from "./watermark-entry.js";

export const TEST_ORIGIN = "audit.takedown.test/log";

/**
 * Entry bytes as the appender would write them (any bytes are valid leaves): every 100th is a
 * watermark entry, built by the appender's own builder, covering the records before it.
 */
export function testEntries(count: number): Uint8Array[] {
  const coverage = new SourceCoverage();
  return Array.from({ length: count }, (_, i) => {
    const recordedAt = new Date(Date.UTC(2025, 5, 1, 0, 0, i));
    if (i % 100 === 99) {
      const [watermark] = buildWatermarkEntries({
        watermark: coverage.watermark(() => true),
        tick: { topic: "takedown.audit.ticks.v1", partition: 0, offset: String(i) },
        firstIndex: BigInt(i),
        recordedAt,
      });
      return (watermark as { bytes: Uint8Array }).bytes;
    }
    coverage.cover("takedown.targets.v1", i % 3, BigInt(i));
    return new TextEncoder().encode(
      canonicalJson({
        index: String(i),
        recordedAt: recordedAt.toISOString(),
        source: { topic: "takedown.targets.v1", partition: i % 3, offset: String(i), key: null },
        attributes: { id: `event-${i}`, type: "jp.takedown.target.submitted.v1" },
        data: { n: i },
      }),
    );
  });
}

/**
 * Archives `entries` with the service's own archiver, publishing a checkpoint at each size,
 * without Kafka: what the service leaves in S3, for tamper tests.
 */
export async function archiveTestLog(
  archive: S3Archive,
  entries: readonly Uint8Array[],
  checkpointSizes: readonly number[],
): Promise<{ verifierKey: string; signerKey: string }> {
  const keys = generateNoteKey(TEST_ORIGIN);
  const state = new AuditLogState();
  const archiver = new LogArchiver({
    archive,
    signer: NoteSigner.fromSignerKey(keys.signerKey),
    origin: TEST_ORIGIN,
    logger: createLogger({ service: "audit-test", level: "warn" }),
    checkpointEveryEntries: Number.MAX_SAFE_INTEGER,
    checkpointIntervalMs: 3_600_000,
    snapshot: () => state.snapshot(),
    onPublished: (size) => state.releaseEntriesBefore(size),
  });
  await archiver.start();
  for (const size of checkpointSizes) {
    state.apply(state.size, entries.slice(Number(state.size), size));
    archiver.requestCheckpoint();
    await archiver.idle();
    if (archiver.publishedSize !== BigInt(size))
      throw new Error(`checkpoint ${size} not published`);
  }
  await archiver.stop();
  return keys;
}
