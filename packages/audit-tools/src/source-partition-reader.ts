import type { Kafka } from "@takedown/kafka";
import { bareClientOf } from "@takedown/kafka/bare-client";
import { restoreChangelog } from "@takedown/kafka";
import { OffsetRangesBuilder } from "./offset-ranges.js";
import type { TopicPartitionRecords } from "./partition-coverage.js";

export interface SourcePartitionRecords extends TopicPartitionRecords {
  readonly topic: string;
  readonly partition: number;
}

/**
 * Reads source topics whole, committed records only (as the appender reads them), keeping the
 * offsets that hold a record. Offsets are fetched before and after the read: records appended
 * meanwhile are left out, and retention that moved the log start meanwhile is taken into account.
 */
export async function readSourcePartitions(options: {
  kafka: Kafka;
  topics: readonly string[];
  /** Called for every record read, e.g. to find the oldest one the log lacks. */
  onRecord?: (record: {
    topic: string;
    partition: number;
    offset: bigint;
    timestamp: number;
  }) => void;
  timeoutMs?: number;
}): Promise<SourcePartitionRecords[]> {
  const admin = bareClientOf(options.kafka).admin();
  await admin.connect();
  try {
    const result: SourcePartitionRecords[] = [];
    for (const topic of options.topics) {
      const before = await admin.fetchTopicOffsets(topic);
      const highs = new Map(before.map((o) => [o.partition, BigInt(o.high)]));
      const builders = new Map(before.map((o) => [o.partition, new OffsetRangesBuilder()]));
      await restoreChangelog({
        kafka: options.kafka,
        topic,
        partitions: before.map((o) => o.partition),
        timeoutMs: options.timeoutMs ?? 600_000,
        onRecord: ({ partition, message }) => {
          const offset = BigInt(message.offset);
          if (offset >= (highs.get(partition) ?? 0n)) return;
          builders.get(partition)?.add(offset);
          options.onRecord?.({ topic, partition, offset, timestamp: Number(message.timestamp) });
        },
      });
      const after = new Map(
        (await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.low)]),
      );
      for (const { partition, low } of before) {
        const later = after.get(partition) ?? 0n;
        const start = BigInt(low) > later ? BigInt(low) : later;
        result.push({
          topic,
          partition,
          low: start,
          high: highs.get(partition) ?? start,
          records: trimBelow(builders.get(partition)?.ranges() ?? [], start),
        });
      }
    }
    return result.sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
  } finally {
    await admin.disconnect();
  }
}

function trimBelow(
  ranges: readonly { first: bigint; last: bigint }[],
  low: bigint,
): { first: bigint; last: bigint }[] {
  return ranges
    .filter((range) => range.last >= low)
    .map((range) => (range.first >= low ? range : { first: low, last: range.last }));
}
