import type { Kafka } from "./kafka-handle.js";
import type { ConsumedRecord } from "./kafka-record.js";
import { readToEnd } from "./topic-reader.js";

export interface ChangelogRestoreOptions {
  kafka: Kafka;
  topic: string;
  /** Only these partitions are restored; others are read past but not delivered. */
  partitions: readonly number[];
  onRecord: (record: { partition: number; message: ConsumedRecord }) => void;
  /** Where to go on from per `topic/partition` (an earlier restore's positions). */
  from?: ReadonlyMap<string, bigint>;
  /** Gives up when the changelog cannot be read to its end in this time. */
  timeoutMs?: number;
}

/**
 * Reads a compacted changelog from its beginning to its high watermark, committed records only:
 * a transaction committed just before (its markers not yet written) is included, whole.
 */
export async function restoreChangelog(
  options: ChangelogRestoreOptions,
): Promise<{ records: number; positions: Map<string, bigint> }> {
  const wanted = new Set(options.partitions);
  if (wanted.size === 0) return { records: 0, positions: new Map(options.from ?? []) };
  return readToEnd({
    kafka: options.kafka,
    topics: [options.topic],
    wanted: (_, partition) => wanted.has(partition),
    groupPrefix: "takedown-restore-",
    ...(options.from === undefined ? {} : { from: options.from }),
    timeoutMs: options.timeoutMs ?? 120_000,
    onBatch: ({ partition, records }) => {
      for (const message of records) options.onRecord({ partition, message });
    },
  });
}
