import type { Kafka } from "@takedown/kafka";
import { restoreChangelog } from "@takedown/kafka";
import { parseAuditEntry } from "@takedown/audit-tools";
import { AuditLogState } from "./audit-log-state.js";
import { createAuditError } from "@takedown/audit-tools";

/** The committed log read back from Kafka, and the last offset audited of every source partition. */
export interface RestoredAuditLog {
  readonly state: AuditLogState;
  readonly lastAuditedOffsets: Map<string, bigint>;
}

export function sourcePartitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
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
  const lastAuditedOffsets = new Map<string, bigint>();
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
        state.apply(BigInt(entry.index), [message.value]);
        const key = sourcePartitionKey(entry.source.topic, entry.source.partition);
        const offset = BigInt(entry.source.offset);
        if ((lastAuditedOffsets.get(key) ?? -1n) < offset) lastAuditedOffsets.set(key, offset);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    },
  });
  if (failure !== undefined) throw failure;
  return { state, lastAuditedOffsets };
}
