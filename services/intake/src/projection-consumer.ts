import { randomBytes } from "node:crypto";
import { cloudEventHeaders, decodeEvent, parseTopic } from "@takedown/contracts";
import type { Consumer, Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import type { RequestProjection } from "./request-projection.js";

export interface ProjectionConsumerOptions {
  kafka: Kafka;
  /** Targets, cases, and every platform's notices and responses topics. */
  topics: readonly string[];
  projection: RequestProjection;
  logger: Logger;
  catchUpTimeoutMs?: number;
}

/**
 * Feeds the request projection from Kafka, from the beginning of each topic (read_committed, a
 * throwaway group per process, since the projection lives in memory). `start()` returns once
 * everything that existed at start has been read, so a restarted intake answers GETs correctly.
 */
export class ProjectionConsumer {
  private consumer: Consumer | undefined;

  constructor(private readonly options: ProjectionConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, logger } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    const remaining = new Map<string, bigint>();
    let topics: string[];
    try {
      const existing = new Set(await admin.listTopics());
      topics = this.options.topics.filter((t) => existing.has(t));
      const missing = this.options.topics.filter((t) => !existing.has(t));
      if (missing.length > 0) logger.warn({ missing }, "status topics missing; not projected");
      for (const topic of topics) {
        for (const o of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(o.high) > BigInt(o.low))
            remaining.set(`${topic}/${o.partition}`, BigInt(o.high));
        }
      }
    } finally {
      await admin.disconnect();
    }
    if (topics.length === 0) return;

    let caughtUp: (() => void) | undefined;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    if (remaining.size === 0) caughtUp?.();
    const consumer = kafka.consumer({
      groupId: `takedown-intake-status-${randomBytes(6).toString("hex")}`,
      readUncommitted: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      const p = event.payload as { topic: string; partition: number; lastOffset: string };
      const id = `${p.topic}/${p.partition}`;
      const target = remaining.get(id);
      if (target !== undefined && BigInt(p.lastOffset) + 1n >= target) remaining.delete(id);
      if (remaining.size === 0) caughtUp?.();
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        // On the pipeline's own topic names the decoder also refuses events that do not belong
        // there (a platform answering with another platform's id); tests use other names.
        const options = parseTopic(batch.topic) === undefined ? {} : { topic: batch.topic };
        for (const message of batch.messages) {
          const id = message.headers?.[cloudEventHeaders.id];
          if (
            id !== undefined &&
            !Array.isArray(id) &&
            this.options.projection.takeOwnEcho(id.toString())
          )
            continue;
          const decoded = decodeEvent(message, options);
          if (decoded.ok) this.options.projection.apply(decoded.event);
          else
            logger.debug(
              { topic: batch.topic, offset: message.offset, reason: decoded.rejection.reason },
              "record not projected",
            );
        }
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error("status topics were not read to their end in time")),
        this.options.catchUpTimeoutMs ?? 120_000,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }
}
