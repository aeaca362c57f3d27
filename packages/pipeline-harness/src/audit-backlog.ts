import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { AUDITED_TOPICS } from "./pipeline-snapshot.js";

/**
 * Records on the audited topics past the audit service's committed offsets, a transaction's
 * closing marker per partition forgiven: 0 once audit has caught up (an aborted tail would
 * count, so this is for benches, not for the chaos checks, which compare the log itself).
 */
export async function auditBacklog(kafka: Kafka, groupId = "takedown-audit"): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => AUDITED_TOPICS.test(t));
    const committed = await admin.fetchOffsets({ groupId, topics });
    let backlog = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? "-1");
        const high = Number(end.high);
        backlog += Math.max(0, high - Math.max(at, Number(end.low)) - 1);
      }
    }
    return backlog;
  } finally {
    await admin.disconnect();
  }
}
