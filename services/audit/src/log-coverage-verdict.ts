import type { Kafka } from "@takedown/kafka";
import type { ArchivedLogReader } from "./archived-log-reader.js";
import { checkCompleteness } from "./completeness-check.js";
import { duration, fmt } from "./completeness-report.js";
import type { CompletenessLimits } from "./completeness-report.js";
import { findLatestWatermark } from "./latest-watermark.js";
import { verifiedLogEntries } from "./verified-log-entries.js";

export interface LogCoverageVerdictOptions {
  reader: ArchivedLogReader;
  /** The tree `verify` just checked. */
  verified: { size: bigint; rootHash: Uint8Array };
  limits: CompletenessLimits;
  /** With `--completeness`: the audited topics, read from Kafka. */
  completeness?: { kafka: Kafka; sourceTopics: readonly (string | RegExp)[] };
  out: (text: string) => void;
  err: (text: string) => void;
  now?: () => Date;
}

/**
 * After `verify` succeeded: with `--completeness` the full check against the topics (exit code
 * 1 on any problem); without, a warning when the latest watermark is missing or old, since the
 * log's integrity says nothing of how much of the pipeline it holds.
 */
export async function reportLogCoverage(options: LogCoverageVerdictOptions): Promise<number> {
  const { out, err, limits } = options;
  const now = options.now ?? (() => new Date());
  if (options.completeness !== undefined) {
    const report = await checkCompleteness({
      entries: verifiedLogEntries(options.reader, options.verified),
      kafka: options.completeness.kafka,
      sourceTopics: options.completeness.sourceTopics,
      limits,
      now,
    });
    for (const note of report.notes) out(`note: ${note}\n`);
    const watermark = report.latestWatermark;
    if (report.ok) {
      out(
        `complete: ${report.partitions.length} source partitions, every record below the watermark of entry ${fmt(watermark?.index ?? 0n)} (${watermark?.recordedAt.toISOString()}) in the log once, behind by ${fmt(report.behind)}\n`,
      );
      return 0;
    }
    const count = report.problems.length;
    out(`FAILED completeness (${count} problem${count === 1 ? "" : "s"}):\n`);
    for (const problem of report.problems) out(`  ${problem}\n`);
    return 1;
  }
  const { watermark, scanned } = await findLatestWatermark(options.reader, options.verified.size);
  if (watermark === undefined && options.verified.size > 0n) {
    err(
      `warning: no watermark among the last ${fmt(scanned)} entries: the log cannot show what it covers; run verify --completeness\n`,
    );
  } else if (watermark !== undefined) {
    const age = now().getTime() - Date.parse(watermark.recordedAt);
    if (age > limits.maxAgeMs)
      err(
        `warning: the latest watermark (entry ${fmt(BigInt(watermark.index))}, ${watermark.recordedAt}) is ${duration(age)} old: the log may have stopped following its topics; run verify --completeness\n`,
      );
  }
  return 0;
}
