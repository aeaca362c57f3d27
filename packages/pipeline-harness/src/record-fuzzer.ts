import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";

type Producer = ReturnType<Kafka["producer"]>;
import {
  responseFuzzRecord,
  type FuzzRecord,
  type RecordFuzzContext,
} from "./response-fuzz-records.js";
import type { SeededRandom } from "./seeded-random.js";
import type { DlqEntry } from "./fuzz-observers.js";

/** What is kept of a sent record to match its DLQ entry (not its bytes). */
export interface SentRecord {
  n: number;
  kind: FuzzRecord["kind"];
  expected: readonly string[];
  ceId: string;
  /** `partition/offset` on the responses topic. */
  position: string;
}

export interface RecordFuzzResult {
  sent: Map<string, SentRecord>;
  /** Records the broker refused (over its size limit): nothing to set aside. */
  refusedByBroker: number;
  seconds: number;
  byKind: Record<string, number>;
}

const BATCH_BYTES = 256 * 1024;

function sizeOf(record: FuzzRecord): number {
  let bytes =
    64 + (record.value?.length ?? 0) + (record.key === null ? 0 : Buffer.byteLength(record.key));
  for (const [name, value] of Object.entries(record.headers))
    for (const one of Array.isArray(value) ? value : [value])
      bytes += name.length + Buffer.byteLength(one);
  return bytes;
}

/**
 * Produces the records `from`…`to`-1 of the seeded sequence to the responses topic as a
 * platform's client would (plain producer, acks=all), in batches under the broker's limit.
 */
export async function fuzzRecords(options: {
  kafka: Kafka;
  topic: string;
  random: SeededRandom;
  context: RecordFuzzContext;
  from: number;
  to: number;
  deadline: number;
  result: RecordFuzzResult;
}): Promise<void> {
  const { result } = options;
  const began = Date.now();
  const producer = options.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let batch: FuzzRecord[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    bytes = 0;
    await send(producer, options.topic, records, result);
  };
  try {
    for (let n = options.from; n < options.to && Date.now() < options.deadline; n++) {
      const record = responseFuzzRecord(options.random, n, options.context);
      const size = sizeOf(record);
      if (bytes + size > BATCH_BYTES) await flush();
      batch.push(record);
      bytes += size;
    }
    await flush();
  } finally {
    await producer.disconnect();
    result.seconds += (Date.now() - began) / 1000;
  }
}

async function send(
  producer: Producer,
  topic: string,
  records: FuzzRecord[],
  result: RecordFuzzResult,
) {
  const messages = records.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers,
    partition: r.partition,
  }));
  let metadata: { partition: number; baseOffset?: string }[];
  try {
    metadata = await producer.send({ topic, acks: -1, messages });
  } catch (error) {
    if (records.length > 1) throw error;
    // One record alone past the broker's limit: the broker protects routing from it.
    if ((error as { type?: string }).type !== "MESSAGE_TOO_LARGE") throw error;
    result.refusedByBroker += 1;
    return;
  }
  // Records of one send to one partition get consecutive offsets from its base offset, in order:
  // the position identifies a record even when its DLQ entry had to leave its headers out.
  const next = new Map(metadata.map((m) => [m.partition, BigInt(m.baseOffset ?? "0")]));
  for (const r of records) {
    result.byKind[r.kind] = (result.byKind[r.kind] ?? 0) + 1;
    const offset = next.get(r.partition) ?? 0n;
    next.set(r.partition, offset + 1n);
    const ceId = typeof r.headers.ce_id === "string" ? r.headers.ce_id : "";
    const position = `${r.partition}/${offset}`;
    result.sent.set(position, { n: r.n, kind: r.kind, expected: r.expected, ceId, position });
  }
}

export interface DlqMatch {
  /** reason code → DLQ records from routing for fuzz records. */
  byReason: Record<string, number>;
  /** kind → reason → count. */
  byKindReason: Record<string, Record<string, number>>;
  matched: number;
  missing: SentRecord[];
  wrongReason: { record: SentRecord; code: string }[];
  duplicates: number;
  /** DLQ entries by routing that belong to no sent record. */
  foreign: number;
}

/** Each sent record must be in the DLQ exactly once, set aside by routing with a reason it deserves. */
export function matchDlq(options: {
  sent: Map<string, SentRecord>;
  entries: readonly DlqEntry[];
  /** The responses topic: its entries are matched by position, re-keyed ones by ce_id. */
  topic: string;
}): DlqMatch {
  const byCeId = new Map<string, SentRecord>();
  for (const record of options.sent.values())
    if (record.ceId !== "") byCeId.set(record.ceId, record);
  const seen = new Map<number, number>();
  const match: DlqMatch = {
    byReason: {},
    byKindReason: {},
    matched: 0,
    missing: [],
    wrongReason: [],
    duplicates: 0,
    foreign: 0,
  };
  for (const entry of options.entries) {
    if (entry.rejectedBy !== "routing") continue;
    const record =
      entry.originalTopic === options.topic
        ? options.sent.get(entry.position)
        : entry.ceId === undefined
          ? undefined
          : byCeId.get(entry.ceId);
    if (record === undefined) {
      match.foreign += 1;
      continue;
    }
    const times = (seen.get(record.n) ?? 0) + 1;
    seen.set(record.n, times);
    if (times > 1) {
      match.duplicates += 1;
      continue;
    }
    match.byReason[entry.code] = (match.byReason[entry.code] ?? 0) + 1;
    const kind = (match.byKindReason[record.kind] ??= {});
    kind[entry.code] = (kind[entry.code] ?? 0) + 1;
    if (record.expected.includes(entry.code)) match.matched += 1;
    else match.wrongReason.push({ record, code: entry.code });
  }
  for (const record of options.sent.values()) if (!seen.has(record.n)) match.missing.push(record);
  return match;
}
