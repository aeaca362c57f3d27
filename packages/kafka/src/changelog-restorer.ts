import { randomBytes } from "node:crypto";
import type { Consumer, Kafka, KafkaMessage } from "kafkajs";

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
 * The broker writes a transaction's commit markers just after it acknowledges the commit, and
 * until then the last stable offset (what kafkajs' admin reports as "high") leaves the
 * transaction out. An end is trusted only once it is seen again after this pause.
 */
const MARKER_SETTLE_MS = 50;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a compacted changelog from its beginning to its last stable offset, committed records
 * only. kafkajs has no manual assignment, so a throwaway consumer group reads the topic; control
 * records (transaction markers) never reach eachBatch, so progress is tracked from
 * END_BATCH_PROCESS, which also fires for batches holding only markers.
 */
export async function restoreChangelog(
  options: ChangelogRestoreOptions,
): Promise<{ records: number }> {
  const wanted = new Set(options.partitions);
  if (wanted.size === 0) return { records: 0 };
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const reached = new Map<number, bigint>();
  let records = 0;
  let consumer: Consumer | undefined;
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    let confirmed = false;
    while (!confirmed) {
      const ends = await admin.fetchTopicOffsets(options.topic);
      const behind = ends.filter(
        (o) =>
          wanted.has(o.partition) && BigInt(o.high) > (reached.get(o.partition) ?? BigInt(o.low)),
      );
      if (behind.length === 0) {
        confirmed = true;
        await pause(MARKER_SETTLE_MS);
        const again = await admin.fetchTopicOffsets(options.topic);
        confirmed = again.every(
          (o) =>
            !wanted.has(o.partition) ||
            BigInt(o.high) <= (reached.get(o.partition) ?? BigInt(o.low)),
        );
        continue;
      }
      consumer ??= await startReader(options, wanted, reached, () => (records += 1));
      while (
        behind.some((o) => (reached.get(o.partition) ?? -1n) < BigInt(o.high)) &&
        Date.now() < deadline
      ) {
        await pause(20);
      }
      if (Date.now() >= deadline) {
        throw new Error(`restore of ${options.topic} did not reach its end in time`);
      }
    }
  } finally {
    await consumer?.disconnect();
    await admin.disconnect();
  }
  return { records };
}

async function startReader(
  options: ChangelogRestoreOptions,
  wanted: ReadonlySet<number>,
  reached: Map<number, bigint>,
  counted: () => void,
): Promise<Consumer> {
  const consumer = options.kafka.consumer({
    groupId: `takedown-restore-${randomBytes(6).toString("hex")}`,
    readUncommitted: false,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const { partition, lastOffset } = event.payload as { partition: number; lastOffset: string };
    const next = BigInt(lastOffset) + 1n;
    if (next > (reached.get(partition) ?? -1n)) reached.set(partition, next);
  });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: ({ batch }) => {
      if (wanted.has(batch.partition)) {
        for (const message of batch.messages) {
          options.onRecord({ partition: batch.partition, message });
          counted();
        }
      }
      return Promise.resolve();
    },
  });
  return consumer;
}
