import { randomBytes } from "node:crypto";
import { decodeEvent } from "@takedown/contracts";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";

// The bare client, as the other observers here use it (packages/kafka has no verb for a
// long-lived group consumer yet).
type Consumer = ReturnType<Kafka["consumer"]>;
type EachMessage = NonNullable<Parameters<Consumer["run"]>[0]>["eachMessage"];
type KafkaMessage = Parameters<NonNullable<EachMessage>>[0]["message"];

/** One `record.rejected` as the fuzz run needs it. */
export interface DlqEntry {
  rejectedBy: string;
  code: string;
  originalTopic: string;
  /** `partition/offset` of the original. */
  position: string;
  /** The fuzz record's id header, when the original carried one. */
  fuzzId?: string;
  /** The original's ce_id header, when it had one. */
  ceId?: string;
}

/** Reads a topic from the beginning (read_committed) and hands every record to `onRecord`. */
export class TopicReader {
  private consumer: Consumer | undefined;

  constructor(
    private readonly options: {
      kafka: Kafka;
      topic: string;
      onRecord: (message: KafkaMessage) => void;
    },
  ) {}

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: `fuzz-reader-${randomBytes(6).toString("hex")}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      maxBytesPerPartition: 2 * 1024 * 1024,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) this.options.onRecord(message);
        return Promise.resolve();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** The DLQ's `record.rejected` events, decoded; anything else on it is counted as foreign. */
export function dlqEntryOf(message: KafkaMessage, fuzzHeader: string): DlqEntry | undefined {
  const decoded = decodeEvent(message);
  if (!decoded.ok || decoded.event.type !== "record.rejected") return undefined;
  const data = decoded.event.data;
  const header = (name: string) => {
    const found = data.original.headers.find((h) => h.key === name);
    return found === undefined
      ? undefined
      : Buffer.from(found.valueBase64, "base64").toString("utf8");
  };
  const fuzzId = header(fuzzHeader);
  const ceId = header("ce_id");
  return {
    rejectedBy: data.rejectedBy,
    code: data.reason.code,
    originalTopic: data.original.topic,
    position: `${data.original.partition}/${data.original.offset}`,
    ...(fuzzId === undefined ? {} : { fuzzId }),
    ...(ceId === undefined ? {} : { ceId }),
  };
}

/**
 * Records on `topic` past `groupId`'s committed offsets. `markers` forgives one record per
 * partition: a transactionally written topic ends with a commit marker no consumer commits past.
 */
export async function consumerLag(options: {
  kafka: Kafka;
  groupId: string;
  topic: string;
  markers: boolean;
}): Promise<number> {
  const admin = options.kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({
      groupId: options.groupId,
      topics: [options.topic],
    });
    let lag = 0;
    for (const end of await admin.fetchTopicOffsets(options.topic)) {
      const at = Number(
        committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? "-1",
      );
      const behind = Number(end.high) - Math.max(at, Number(end.low));
      lag += Math.max(0, options.markers ? behind - 1 : behind);
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Polls `condition` every 100 ms until it holds; false at the timeout. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
