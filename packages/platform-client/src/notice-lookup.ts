import { decodeEvent, noticesTopic, type TakedownEvent } from "@takedown/contracts";
import { readToEnd, type Kafka } from "@takedown/kafka";
import { createRoutingError } from "./errors.js";
import { platformGroupPrefix } from "./platform-access-step.js";

type NoticeEvent = TakedownEvent<"notice.issued"> | TakedownEvent<"notice.revised">;

/**
 * The latest notice about a case on the platform's own notices topic, read as the platform (a
 * throwaway group inside its prefix) up to the end the topic had when the lookup began.
 */
export async function findLatestNotice(options: {
  kafka: Kafka;
  platformId: string;
  caseId: string;
  timeoutMs?: number;
}): Promise<NoticeEvent> {
  const topic = noticesTopic(options.platformId);
  let latest: NoticeEvent | undefined;
  await readToEnd({
    kafka: options.kafka,
    topics: [topic],
    groupPrefix: `${platformGroupPrefix(options.platformId)}lookup-`,
    timeoutMs: options.timeoutMs ?? 60_000,
    onBatch: ({ records }) => {
      for (const message of records) {
        const decoded = decodeEvent(message, { topic });
        if (!decoded.ok) continue;
        const event = decoded.event;
        if (
          (event.type === "notice.issued" || event.type === "notice.revised") &&
          event.data.caseId === options.caseId &&
          (latest === undefined || event.data.revision > latest.data.revision)
        )
          latest = event;
      }
    },
  });
  if (latest === undefined)
    throw createRoutingError("ROUTING_NOTICE_NOT_FOUND", {
      detail: `${options.caseId} on ${topic}`,
    });
  return latest;
}
