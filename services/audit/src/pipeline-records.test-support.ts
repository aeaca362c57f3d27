import { encodeEvent } from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";
import type { AnyTakedownEvent } from "@takedown/contracts";
import type { Kafka, RecordToSend } from "@takedown/kafka";
import { restoreChangelog } from "@takedown/kafka";
import { parseAuditEntry } from "@takedown/audit-tools";
import type { AuditEntry } from "@takedown/audit-tools";

/** Topic names in tests are `test.<name>.<uniqueId>.<n>.v1`; this maps them to SPEC topics. */
export function pipelineTopicOfTestTopic(topic: string): string {
  const name = topic.split(".")[1] ?? "";
  const platform = /^(notices|responses)-(.+)$/.exec(name);
  return platform === null ? `takedown.${name}.v1` : `takedown.${platform[1]}.${platform[2]}.v1`;
}

export function testTopicPattern(uniqueId: string): RegExp {
  return new RegExp(
    `^test\\.(targets|cases|triage|dlq|notices-.+|responses-.+)\\.${uniqueId}\\.[0-9]+\\.v1$`,
  );
}

/** A sample event of `type` with its own ce_id, encoded as the pipeline writes it. */
export function sampleRecord(type: keyof typeof sampleEvents, id: string): RecordToSend {
  const sample: AnyTakedownEvent = sampleEvents[type];
  const event = { ...sample, id } as AnyTakedownEvent;
  const encoded = encodeEvent(event);
  return { key: encoded.key, value: encoded.value, headers: encoded.headers };
}

/** Every committed entry of the audit log topic, in log order. */
export async function readLogTopic(kafka: Kafka, topic: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  await restoreChangelog({
    kafka,
    topic,
    partitions: [0],
    onRecord: ({ message }) => entries.push(parseAuditEntry(message.value as Buffer)),
  });
  return entries;
}
