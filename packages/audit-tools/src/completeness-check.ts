import type { Kafka } from "@takedown/kafka";
import { bareClientOf } from "@takedown/kafka/bare-client";
import type { AuditEntry } from "./audit-entry.js";
import { judgeCompleteness, partitionKey } from "./completeness-report.js";
import type { CompletenessLimits, CompletenessReport } from "./completeness-report.js";
import { LogCoverage } from "./log-coverage.js";
import { readSourcePartitions } from "./source-partition-reader.js";

export interface CompletenessCheckOptions {
  /** The log's entries in index order (verified: see verifiedLogEntries). */
  entries: AsyncIterable<AuditEntry>;
  kafka: Kafka;
  /** The audited topics (PIPELINE_TOPICS); topics the log names are read too. */
  sourceTopics: readonly (string | RegExp)[];
  limits: CompletenessLimits;
  now?: () => Date;
}

/**
 * `takedown audit verify --completeness`: what the log holds and what its latest watermark
 * claims, against the audited topics read whole from Kafka.
 */
export async function checkCompleteness(
  options: CompletenessCheckOptions,
): Promise<CompletenessReport> {
  const coverage = new LogCoverage();
  for await (const entry of options.entries) coverage.add(entry);
  const logged = coverage.partitions();

  const admin = bareClientOf(options.kafka).admin();
  await admin.connect();
  let existing: string[];
  try {
    existing = await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
  const named = new Set(logged.map((p) => p.topic));
  const topics = existing
    .filter(
      (topic) =>
        named.has(topic) ||
        options.sourceTopics.some((p) => (typeof p === "string" ? p === topic : p.test(topic))),
    )
    .sort();

  // The oldest record the log lacks past its watermark, to say how stale the log is.
  const byKey = new Map(logged.map((p) => [partitionKey(p), p]));
  const oldestBehind = new Map<string, number>();
  const partitions = await readSourcePartitions({
    kafka: options.kafka,
    topics,
    onRecord: ({ topic, partition, offset, timestamp }) => {
      const key = partitionKey({ topic, partition });
      const log = byKey.get(key);
      if (log?.next !== undefined && offset < log.next) return;
      if (log !== undefined && includes(log.offsets, offset)) return;
      const oldest = oldestBehind.get(key);
      if (oldest === undefined || timestamp < oldest) oldestBehind.set(key, timestamp);
    },
  });
  return judgeCompleteness({
    log: {
      partitions: logged,
      latestWatermark: coverage.latestWatermark,
      regressions: coverage.regressions,
    },
    topics: partitions,
    oldestBehind,
    now: (options.now ?? (() => new Date()))(),
    limits: options.limits,
  });
}

function includes(sorted: readonly bigint[], value: bigint): boolean {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid] as bigint;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
