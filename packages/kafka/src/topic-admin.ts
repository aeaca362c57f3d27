import type { Admin } from "kafkajs";
import { clientOf, type Kafka } from "./kafka-handle.js";

/**
 * One partition's offsets: `low` the first kept; `high` the last stable offset (read_committed's
 * end) from `watermarks`, the high watermark (every record written) from `highWatermarks`.
 */
export interface PartitionWatermarks {
  partition: number;
  low: bigint;
  high: bigint;
}

/** A topic a service creates for itself (ticks and the like), when it is missing. */
export interface OwnTopic {
  topic: string;
  partitions: number;
  configs?: Record<string, string>;
}

/**
 * The questions services ask the cluster about topics, over one admin connection held from
 * start() to stop(). Pollers keep one open; one-off questions go through `withTopicAdmin`.
 */
export class TopicAdmin {
  readonly #kafka: Kafka;
  #admin: Admin | undefined;

  constructor(kafka: Kafka) {
    this.#kafka = kafka;
  }

  async start(): Promise<void> {
    const admin = clientOf(this.#kafka).admin();
    await admin.connect();
    this.#admin = admin;
  }

  async stop(): Promise<void> {
    const admin = this.#admin;
    this.#admin = undefined;
    await admin?.disconnect();
  }

  async listTopics(): Promise<string[]> {
    return this.#connected().listTopics();
  }

  async watermarks(topic: string): Promise<PartitionWatermarks[]> {
    const offsets = await this.#connected().fetchTopicOffsets(topic);
    return offsets.map((o) => ({
      partition: o.partition,
      low: BigInt(o.low),
      high: BigInt(o.high),
    }));
  }

  /**
   * Like `watermarks`, with `high` the high watermark: the end of every record written and
   * replicated, open transactions included. A committed transaction lies below it as soon as its
   * commit is acknowledged; the last stable offset passes it only once its markers are written.
   */
  async highWatermarks(topic: string): Promise<PartitionWatermarks[]> {
    const offsets = await this.#connected().fetchTopicOffsets(topic, { readUncommitted: true });
    return offsets.map((o) => ({
      partition: o.partition,
      low: BigInt(o.low),
      high: BigInt(o.high),
    }));
  }

  /** Partition count per topic; fails when one of them does not exist. */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const metadata = await this.#connected().fetchTopicMetadata({ topics: [...topics] });
    return new Map(topics.map((name) => [name, partitionsOf(metadata.topics, name)]));
  }

  /** Creates the topic unless it exists (its settings are then left as they are). */
  async createTopicIfMissing(spec: OwnTopic): Promise<void> {
    // Asked first: CreateTopics for a topic that exists makes kafkajs log an ERROR line ("Topic
    // creation errors") at every start, though it then reports the topic as already there.
    if ((await this.#connected().listTopics()).includes(spec.topic)) return;
    await this.#connected().createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: spec.topic,
          numPartitions: spec.partitions,
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({
            name,
            value,
          })),
        },
      ],
    });
  }

  /** How many brokers the cluster reports; a readiness probe's question. */
  async brokerCount(): Promise<number> {
    return (await this.#connected().describeCluster()).brokers.length;
  }

  #connected(): Admin {
    if (this.#admin === undefined) throw new Error("TopicAdmin used before start()");
    return this.#admin;
  }
}

function partitionsOf(
  topics: readonly { name: string; partitions: readonly unknown[] }[],
  name: string,
): number {
  return topics.find((t) => t.name === name)?.partitions.length ?? 0;
}

/** Runs one set of questions on a connection of its own, closed afterwards. */
export async function withTopicAdmin<T>(
  kafka: Kafka,
  ask: (admin: TopicAdmin) => Promise<T>,
): Promise<T> {
  const admin = new TopicAdmin(kafka);
  await admin.start();
  try {
    return await ask(admin);
  } finally {
    await admin.stop();
  }
}
