import { decodeEvent, encodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import {
  TopicReader,
  restoreChangelog,
  type ConsumedRecord,
  type Kafka,
  type RecordToSend,
} from "@takedown/kafka";
import type { Admin } from "@takedown/test-kit";

export interface SeenEvent {
  topic: string;
  partition: number;
  offset: string;
  event: AnyTakedownEvent;
  message: ConsumedRecord;
}

function decoded(topic: string, partition: number, message: ConsumedRecord): SeenEvent {
  const result = decodeEvent(message);
  if (!result.ok) throw new Error(`unreadable output on ${topic}: ${result.rejection.message}`);
  return { topic, partition, offset: message.offset, event: result.event, message };
}

/** A read_committed consumer that collects every event of some topics as it arrives. */
export class CommittedEvents {
  readonly seen: SeenEvent[] = [];
  private reader: TopicReader | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(groupId: string): Promise<void> {
    this.reader = new TopicReader({
      kafka: this.kafka,
      topics: this.topics,
      groupPrefix: groupId,
      onBatch: ({ topic, partition, records }) => {
        for (const message of records) this.seen.push(decoded(topic, partition, message));
      },
    });
    await this.reader.start();
  }

  ofType(type: AnyTakedownEvent["type"]): SeenEvent[] {
    return this.seen.filter((s) => s.event.type === type);
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
  }
}

/** Every committed event of a topic, read to its end (as a restore would). */
export async function readTopicToEnd(kafka: Kafka, admin: Admin, topic: string) {
  const partitions = (await admin.fetchTopicOffsets(topic)).map((o) => o.partition);
  const seen: SeenEvent[] = [];
  await restoreChangelog({
    kafka,
    topic,
    partitions,
    timeoutMs: 60_000,
    onRecord: ({ partition, message }) => seen.push(decoded(topic, partition, message)),
  });
  return seen.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

/** True once the group committed offsets at the end of every partition of a plain topic. */
export async function groupCaughtUp(admin: Admin, groupId: string, topic: string) {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return ends.every(
    (end) => committed?.partitions.find((p) => p.partition === end.partition)?.offset === end.high,
  );
}

/** Records of events, encoded as a writer of the pipeline would. */
export function messagesOf(events: readonly AnyTakedownEvent[]): RecordToSend[] {
  return events.map((event) => encodeEvent(event));
}
