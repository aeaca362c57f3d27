import { randomBytes } from "node:crypto";
import { decodeEvent, noticesTopic, type TakedownEvent } from "@takedown/contracts";
import type { Kafka } from "@takedown/kafka";
import { createRoutingError } from "./errors.js";
import { platformGroupPrefix } from "./platform-access-step.js";

type NoticeEvent = TakedownEvent<"notice.issued"> | TakedownEvent<"notice.revised">;

/**
 * The latest notice about a case on the platform's own notices topic, read as the platform (a
 * throwaway group inside its prefix) up to the end the topic had when the lookup began. Progress
 * is tracked from END_BATCH_PROCESS, which also fires for batches of transaction markers only.
 */
export async function findLatestNotice(options: {
  kafka: Kafka;
  platformId: string;
  caseId: string;
  timeoutMs?: number;
}): Promise<NoticeEvent> {
  const topic = noticesTopic(options.platformId);
  const admin = options.kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map<number, bigint>();
  for (const o of offsets)
    if (BigInt(o.high) > BigInt(o.low)) remaining.set(o.partition, BigInt(o.high));
  let latest: NoticeEvent | undefined;
  if (remaining.size > 0) {
    const consumer = options.kafka.consumer({
      groupId: `${platformGroupPrefix(options.platformId)}lookup-${randomBytes(6).toString("hex")}`,
      readUncommitted: false,
    });
    let finish: (() => void) | undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      const { partition, lastOffset } = event.payload as { partition: number; lastOffset: string };
      const target = remaining.get(partition);
      if (target !== undefined && BigInt(lastOffset) + 1n >= target) remaining.delete(partition);
      if (remaining.size === 0) finish?.();
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          const decoded = decodeEvent(message, { topic });
          if (!decoded.ok) return Promise.resolve();
          const event = decoded.event;
          if (
            (event.type === "notice.issued" || event.type === "notice.revised") &&
            event.data.caseId === options.caseId &&
            (latest === undefined || event.data.revision > latest.data.revision)
          )
            latest = event;
          return Promise.resolve();
        },
      });
      await Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${topic} was not read to its end in time`)),
            options.timeoutMs ?? 60_000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
  }
  if (latest === undefined)
    throw createRoutingError("ROUTING_NOTICE_NOT_FOUND", {
      detail: `${options.caseId} on ${topic}`,
    });
  return latest;
}
