import { randomBytes } from "node:crypto";
import type { Kafka, KafkaMessage } from "kafkajs";

export interface ChangelogRestoreOptions {
  kafka: Kafka;
  topic: string;
  /** Only these partitions are restored; others are read past but not delivered. */
  partitions: readonly number[];
  onRecord: (record: { partition: number; message: KafkaMessage }) => void;
  /** Gives up when the changelog cannot be read to its end in this time. */
  timeoutMs?: number;
}

/**
 * Reads a compacted changelog from its beginning to the high watermark it had when the restore
 * began, committed records only. kafkajs has no manual assignment, so a throwaway consumer group
 * reads the topic; control records (transaction markers) never reach eachBatch, so progress is
 * tracked from END_BATCH_PROCESS, which also fires for batches holding only markers.
 */
export async function restoreChangelog(
  options: ChangelogRestoreOptions,
): Promise<{ records: number }> {
  const wanted = new Set(options.partitions);
  if (wanted.size === 0) return { records: 0 };
  const admin = options.kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(options.topic);
  await admin.disconnect();
  const remaining = new Map<number, bigint>();
  for (const o of offsets) {
    if (wanted.has(o.partition) && BigInt(o.high) > BigInt(o.low))
      remaining.set(o.partition, BigInt(o.high));
  }
  if (remaining.size === 0) return { records: 0 };

  const consumer = options.kafka.consumer({
    groupId: `takedown-restore-${randomBytes(6).toString("hex")}`,
    readUncommitted: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  let records = 0;
  let finish: (() => void) | undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const progressed = (partition: number, lastOffset: string): void => {
    const target = remaining.get(partition);
    if (target !== undefined && BigInt(lastOffset) + 1n >= target) remaining.delete(partition);
    if (remaining.size === 0) finish?.();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const payload = event.payload as { partition: number; lastOffset: string };
    progressed(payload.partition, payload.lastOffset);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (wanted.has(batch.partition)) {
          for (const message of batch.messages)
            options.onRecord({ partition: batch.partition, message });
          records += batch.messages.length;
        }
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`restore of ${options.topic} did not reach its end in time`)),
        options.timeoutMs ?? 120_000,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  return { records };
}
