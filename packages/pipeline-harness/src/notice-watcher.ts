import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { ConsumedRecord } from "@takedown/kafka";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";

/** A bench-only consumer: the watcher subscribes by pattern, which TopicReader does not offer. */
type Consumer = ReturnType<Kafka["consumer"]>;

/**
 * Notes when each target first becomes readable (read_committed) in a notice: the platform's
 * view of "notified". `targetIdsOf` says which targets a record notifies (a pipeline notice
 * lists its case's requests; a relay record is the target itself).
 */
export class NoticeWatcher {
  /** targetId → performance.now() when first read. */
  readonly seen = new Map<string, number>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly options: {
      kafka: Kafka;
      topics: RegExp | string;
      targetIdsOf: (value: Record<string, unknown>) => string[];
    },
  ) {}

  async start(): Promise<void> {
    const consumer = this.options.kafka.consumer({
      groupId: `notice-watcher-${randomBytes(6).toString("hex")}`,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [this.options.topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        const now = performance.now();
        for (const message of batch.messages) this.note(message, now);
        return Promise.resolve();
      },
    });
  }

  private note(message: ConsumedRecord, now: number): void {
    if (message.value === null) return;
    const value = JSON.parse(message.value.toString("utf8")) as Record<string, unknown>;
    for (const id of this.options.targetIdsOf(value))
      if (!this.seen.has(id)) this.seen.set(id, now);
  }

  /** Resolves when every id has been seen, or false after the timeout. */
  async awaitAll(ids: readonly string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (ids.every((id) => this.seen.has(id))) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
