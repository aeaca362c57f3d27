import { auditedTopicPattern, topics } from "@takedown/contracts";
import { restoreChangelog, type ConsumedRecord } from "@takedown/kafka";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";

/** SPEC §3: every topic the audit service reads (all but the audit log and internal topics). */
export const AUDITED_TOPICS: RegExp = auditedTopicPattern;
export const AUDIT_LOG_TOPIC: string = topics.auditLog;

export interface SnapshotTarget {
  targetId: string;
  requestId: string;
  organId: string;
  canonicalUrl: string;
  contentKey: string;
}

export interface SnapshotCaseEvent {
  type: "case.opened" | "case.merged";
  caseId: string;
  contentKey: string;
  canonicalUrl: string;
  targetId: string;
}

export interface SnapshotNotice {
  type: "notice.issued" | "notice.revised" | "notice.withdrawn";
  topic: string;
  caseId: string;
  revision: number;
  revisionReason?: string;
  targetIds: string[];
}

export interface SnapshotRejection {
  code: string;
  message: string;
  rejectedBy: string;
  sourceTopic: string;
}

/** Everything committed on the pipeline's topics, as read_committed consumers see it. */
export interface PipelineSnapshot {
  targets: SnapshotTarget[];
  caseEvents: SnapshotCaseEvent[];
  notices: SnapshotNotice[];
  rejections: SnapshotRejection[];
  /** `topic/partition/offset` of every record on an audited topic. */
  sourcePositions: Set<string>;
  /**
   * The audit log's entries in log order: their index and the position they record; a
   * watermark entry (what the log covers so far) records the audit service's own tick.
   */
  auditEntries: { index: string; position: string; watermark?: true }[];
  /** Records per audited topic. */
  recordsPerTopic: Map<string, number>;
  /** Bytes (key, value, headers) per topic and partition, audit log included. */
  bytesPerPartition: Map<string, number[]>;
}

const CE_TYPE = /^jp\.takedown\.(.+)\.v\d+$/;

/** Reads every committed record of the audited topics and the audit log. */
export async function readPipelineSnapshot(kafka: Kafka): Promise<PipelineSnapshot> {
  const snapshot: PipelineSnapshot = {
    targets: [],
    caseEvents: [],
    notices: [],
    rejections: [],
    sourcePositions: new Set(),
    auditEntries: [],
    recordsPerTopic: new Map(),
    bytesPerPartition: new Map(),
  };
  const admin = kafka.admin();
  await admin.connect();
  let topics: string[];
  try {
    topics = (await admin.listTopics()).filter((t) => AUDITED_TOPICS.test(t)).sort();
  } finally {
    await admin.disconnect();
  }
  for (const topic of [...topics, AUDIT_LOG_TOPIC]) {
    const bytes: number[] = [];
    snapshot.bytesPerPartition.set(topic, bytes);
    await readTopic(kafka, topic, (partition, message) => {
      bytes[partition] = (bytes[partition] ?? 0) + recordBytes(message);
      if (topic === AUDIT_LOG_TOPIC) {
        const entry = JSON.parse(message.value?.toString("utf8") ?? "null") as {
          index: string;
          source: { topic: string; partition: number; offset: string };
          watermark?: unknown;
        };
        const { source } = entry;
        snapshot.auditEntries.push({
          index: entry.index,
          position: `${source.topic}/${source.partition}/${source.offset}`,
          ...(entry.watermark === undefined ? {} : { watermark: true as const }),
        });
        return;
      }
      snapshot.sourcePositions.add(`${topic}/${partition}/${message.offset}`);
      snapshot.recordsPerTopic.set(topic, (snapshot.recordsPerTopic.get(topic) ?? 0) + 1);
      collect(snapshot, topic, message);
    });
  }
  return snapshot;
}

async function readTopic(
  kafka: Kafka,
  topic: string,
  onRecord: (partition: number, message: ConsumedRecord) => void,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  let partitions: number[];
  try {
    partitions = (await admin.fetchTopicOffsets(topic)).map((o) => o.partition);
  } finally {
    await admin.disconnect();
  }
  await restoreChangelog({
    kafka,
    topic,
    partitions,
    timeoutMs: 600_000,
    onRecord: ({ partition, message }) => onRecord(partition, message),
  });
}

function collect(snapshot: PipelineSnapshot, topic: string, message: ConsumedRecord): void {
  const header = message.headers?.ce_type;
  const ceType = Array.isArray(header) ? header[0] : header;
  const type = CE_TYPE.exec(ceType?.toString() ?? "")?.[1];
  if (type === undefined || message.value === null) return;
  const data = JSON.parse(message.value.toString("utf8")) as Record<string, unknown>;
  switch (type) {
    case "target.submitted":
      snapshot.targets.push({
        targetId: String(data.targetId),
        requestId: String(data.requestId),
        organId: String(data.organId),
        canonicalUrl: String(data.canonicalUrl),
        contentKey: String(data.contentKey),
      });
      return;
    case "case.opened":
    case "case.merged":
      snapshot.caseEvents.push({
        type,
        caseId: String(data.caseId),
        contentKey: String(data.contentKey),
        canonicalUrl: String(data.canonicalUrl),
        targetId: String((data.member as { targetId?: unknown } | undefined)?.targetId),
      });
      return;
    case "notice.issued":
    case "notice.revised":
    case "notice.withdrawn": {
      const requests = (data.requests as { targetId?: unknown }[] | undefined) ?? [];
      snapshot.notices.push({
        type,
        topic,
        caseId: String(data.caseId),
        revision: Number(data.revision),
        ...(typeof data.revisionReason === "string" ? { revisionReason: data.revisionReason } : {}),
        targetIds: requests.map((r) => String(r.targetId)),
      });
      return;
    }
    case "record.rejected": {
      const reason = data.reason as { code?: unknown; message?: unknown } | undefined;
      const original = data.original as { topic?: unknown } | undefined;
      snapshot.rejections.push({
        code: String(reason?.code),
        message: String(reason?.message).slice(0, 300),
        rejectedBy: String(data.rejectedBy),
        sourceTopic: String(original?.topic),
      });
      return;
    }
    default:
      return;
  }
}

function recordBytes(message: ConsumedRecord): number {
  let size = (message.key?.length ?? 0) + (message.value?.length ?? 0);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += name.length;
    for (const part of Array.isArray(value) ? value : [value]) size += part?.length ?? 0;
  }
  return size;
}

/** Bytes per topic family, and on its fullest partition (consumers meet batches up to that). */
export function topicVolumes(
  snapshot: PipelineSnapshot,
): { family: string; bytes: number; largestPartition: number }[] {
  const families = new Map<string, { bytes: number; largestPartition: number }>();
  for (const [topic, partitions] of snapshot.bytesPerPartition) {
    const family = topic.replace(/^takedown\./, "").replace(/^(notices|responses)\.[^.]+/, "$1.*");
    const entry = families.get(family) ?? { bytes: 0, largestPartition: 0 };
    for (const bytes of partitions) {
      entry.bytes += bytes ?? 0;
      entry.largestPartition = Math.max(entry.largestPartition, bytes ?? 0);
    }
    families.set(family, entry);
  }
  return [...families].map(([family, v]) => ({ family, ...v })).filter((v) => v.bytes > 0);
}
