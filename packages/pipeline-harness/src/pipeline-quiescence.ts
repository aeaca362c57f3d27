import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { AUDIT_LOG_TOPIC, AUDITED_TOPICS } from "./pipeline-snapshot.js";

/** Sum of the end offsets of the audited topics and the audit log, or undefined when unreadable. */
async function pipelineEnd(
  kafka: Kafka,
  watched: (topic: string) => boolean,
): Promise<bigint | undefined> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter(watched);
    let sum = 0n;
    for (const topic of topics) {
      for (const offset of await admin.fetchTopicOffsets(topic)) sum += BigInt(offset.high);
    }
    return sum;
  } catch {
    return undefined;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Waits until nothing new is committed on the pipeline's topics for `quietMs` while `busy()` is
 * false (no service restarting) and `backlog()`, when given, is 0: every service has then done
 * what its input asked. Topics alone are not enough: audit rebuilding a long log after a failed
 * commit writes nothing for longer than a quiet period while far behind. Returns how long it
 * waited, or undefined when the pipeline was still moving at the timeout.
 */
export async function awaitQuiescence(options: {
  kafka: Kafka;
  quietMs: number;
  timeoutMs: number;
  busy: () => boolean;
  /** Work a service still has that no topic shows yet (audit's lag); quiet only at 0. */
  backlog?: () => Promise<number>;
  /** The topics to watch; by default the audited topics and the audit log. */
  topics?: (topic: string) => boolean;
}): Promise<number | undefined> {
  const watched =
    options.topics ?? ((t: string) => AUDITED_TOPICS.test(t) || t === AUDIT_LOG_TOPIC);
  const began = Date.now();
  let last: bigint | undefined;
  let quietSince = Date.now();
  while (Date.now() - began < options.timeoutMs) {
    const end = await pipelineEnd(options.kafka, watched);
    const behind = end === last && options.backlog !== undefined && (await options.backlog()) > 0;
    if (end === undefined || end !== last || options.busy() || behind) {
      last = end;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= options.quietMs) {
      return Date.now() - began;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, options.quietMs / 3)));
  }
  return undefined;
}
