import type { OutputRecord } from "./output-record.js";

/**
 * Record bytes per produce request. kafkajs puts everything a request carries for one partition
 * into one record batch, and the broker refuses a batch over `message.max.bytes` (topics:
 * `max.message.bytes`), set to 1 MiB in infra/kafka and config/topics.yaml. Half of that leaves
 * room for framing and for the estimate below being short; a record over it travels alone or
 * not at all.
 */
export const DEFAULT_MAX_REQUEST_BYTES = 512 * 1024;

/** What a record weighs on the wire, near enough for budgeting (framing overhead aside). */
export function recordBytes(record: OutputRecord): number {
  let bytes = 64 + sizeOf(record.key) + sizeOf(record.value);
  for (const [name, value] of Object.entries(record.headers ?? {}))
    bytes += name.length + sizeOf(value);
  return bytes;
}

function sizeOf(data: string | Buffer | null): number {
  if (data === null) return 0;
  return typeof data === "string" ? Buffer.byteLength(data) : data.length;
}

/**
 * The records cut into produce requests of at most `maxBytes` each (by `sizes`, one per record,
 * from recordBytes), in order. A record over the budget gets a request of its own: callers refuse
 * such records before, since the broker would refuse them anyway.
 */
export function splitIntoRequests(
  records: readonly OutputRecord[],
  sizes: readonly number[],
  maxBytes: number,
): OutputRecord[][] {
  const requests: OutputRecord[][] = [];
  let current: OutputRecord[] = [];
  let bytes = 0;
  for (const [index, record] of records.entries()) {
    const size = sizes[index] ?? recordBytes(record);
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
