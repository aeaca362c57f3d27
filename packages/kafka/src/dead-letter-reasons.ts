import type { OutputRecord } from "./output-record.js";

/** The reason codes of the `record.rejected` records among `records`, for the DLQ counters. */
export function deadLetterReasons(
  records: readonly OutputRecord[],
  dlqTopic: string | undefined,
): string[] {
  if (dlqTopic === undefined) return [];
  return records.filter((record) => record.topic === dlqTopic).map(reasonCode);
}

function reasonCode(record: OutputRecord): string {
  try {
    const value = typeof record.value === "string" ? record.value : record.value?.toString();
    const code = (JSON.parse(value ?? "null") as { reason?: { code?: unknown } } | null)?.reason
      ?.code;
    return typeof code === "string" ? code : "UNKNOWN";
  } catch {
    return "UNKNOWN";
  }
}
