import type { Kafka } from "@takedown/kafka";
import { restoreChangelog } from "@takedown/kafka";
import { parseAuditEntry } from "./audit-entry.js";
import { AuditLogState } from "./audit-log-state.js";
import { createAuditError } from "./errors.js";
import { SourceCoverage } from "./source-coverage.js";

/** The committed log read back from Kafka, and what it covers of every source partition. */
export interface RestoredAuditLog {
  readonly state: AuditLogState;
  readonly coverage: SourceCoverage;
  /** Index of the last watermark entry, -1 when the log has none. */
  readonly lastWatermarkIndex: bigint;
}

/**
 * Rebuilds the tree from `takedown.audit.log.v1` (committed records only). Must run after the
 * appender's transactional producer has taken its epoch: from then on no older instance can
 * commit, so what is read here is every entry that will ever precede ours.
 */
export async function restoreAuditLog(options: {
  kafka: Kafka;
  logTopic: string;
  /** Entries from this index on are kept in memory for the archiver's next bundles. */
  keepEntriesFrom: bigint;
  timeoutMs?: number;
}): Promise<RestoredAuditLog> {
  const state = new AuditLogState(options.keepEntriesFrom);
  const coverage = new SourceCoverage();
  let lastWatermarkIndex = -1n;
  let failure: Error | undefined;
  await restoreChangelog({
    kafka: options.kafka,
    topic: options.logTopic,
    partitions: [0],
    timeoutMs: options.timeoutMs ?? 300_000,
    onRecord: ({ message }) => {
      if (failure !== undefined) return;
      try {
        if (message.value === null)
          throw createAuditError("AUDIT_ENTRY_MALFORMED", {
            detail: `offset ${message.offset} has no value`,
          });
        const entry = parseAuditEntry(message.value);
        const index = BigInt(entry.index);
        state.apply(index, [message.value]);
        coverage.cover(entry.source.topic, entry.source.partition, BigInt(entry.source.offset));
        if (entry.watermark !== undefined) lastWatermarkIndex = index;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    },
  });
  if (failure !== undefined) throw failure;
  return { state, coverage, lastWatermarkIndex };
}
