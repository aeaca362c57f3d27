import { decodeEvent, encodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import {
  restoreChangelog,
  type Admin,
  type Consumer,
  type Kafka,
  type KafkaMessage,
  type Message,
} from "@takedown/kafka";

export interface SeenEvent {
  topic: string;
  partition: number;
  offset: string;
  event: AnyTakedownEvent;
  message: KafkaMessage;
}

function decoded(topic: string, partition: number, message: KafkaMessage): SeenEvent {
  const result = decodeEvent(message);
  if (!result.ok) throw new Error(`unreadable output on ${topic}: ${result.rejection.message}`);
  return { topic, partition, offset: message.offset, event: result.event, message };
}

/** A read_committed consumer that collects every event of some topics as it arrives. */
export class CommittedEvents {
  readonly seen: SeenEvent[] = [];
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(groupId: string): Promise<void> {
    const consumer = this.kafka.consumer({ groupId, readUncommitted: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        this.seen.push(decoded(topic, partition, message));
        return Promise.resolve();
      },
    });
  }

  ofType(type: AnyTakedownEvent["type"]): SeenEvent[] {
    return this.seen.filter((s) => s.event.type === type);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
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

/** kafkajs messages of events, encoded as a writer of the pipeline would. */
export function messagesOf(events: readonly AnyTakedownEvent[]): Message[] {
  return events.map((event) => encodeEvent(event));
}
