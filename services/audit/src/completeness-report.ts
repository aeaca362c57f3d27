import type { LatestWatermark, PartitionLog, WatermarkRegression } from "./log-coverage.js";
import type { OffsetRange } from "./offset-ranges.js";
import { comparePartitionCoverage } from "./partition-coverage.js";
import type { PartitionCoverage } from "./partition-coverage.js";
import type { SourcePartitionRecords } from "./source-partition-reader.js";

export interface CompletenessLimits {
  /** Records the log may lack past its latest watermark, over all partitions. */
  readonly maxBehind: bigint;
  /** How old the latest watermark may be. */
  readonly maxAgeMs: number;
}

export interface PartitionFinding {
  readonly topic: string;
  readonly partition: number;
  readonly next: bigint | undefined;
  readonly logEntries: number;
  /** Undefined when the partition is not in Kafka (any more). */
  readonly coverage: PartitionCoverage | undefined;
  readonly oldestBehind: Date | undefined;
}

export interface CompletenessReport {
  readonly ok: boolean;
  /** Each a failure, naming the partition and the offsets. */
  readonly problems: readonly string[];
  /** Facts that fail nothing (a lag within the tolerance, offsets retention removed). */
  readonly notes: readonly string[];
  readonly behind: bigint;
  readonly latestWatermark: LatestWatermark | undefined;
  readonly partitions: readonly PartitionFinding[];
}

/** Runs listed per partition before the rest is summed up. */
const LISTED = 10;

/**
 * The verdict of `takedown audit verify --completeness`: per source partition, every committed
 * record below the latest watermark in the log exactly once, nothing in the log that the topic
 * does not hold, and overall a lag and a watermark age within the limits.
 */
export function judgeCompleteness(input: {
  log: {
    partitions: readonly PartitionLog[];
    latestWatermark: LatestWatermark | undefined;
    regressions: readonly WatermarkRegression[];
  };
  topics: readonly SourcePartitionRecords[];
  oldestBehind: ReadonlyMap<string, number>;
  now: Date;
  limits: CompletenessLimits;
}): CompletenessReport {
  const problems: string[] = [];
  const notes: string[] = [];
  const logged = new Map(input.log.partitions.map((p) => [partitionKey(p), p]));
  const inKafka = new Map(input.topics.map((p) => [partitionKey(p), p]));
  const keys = [...new Set([...inKafka.keys(), ...logged.keys()])].sort();
  const partitions: PartitionFinding[] = [];
  let behind = 0n;

  for (const key of keys) {
    const log = logged.get(key);
    const topic = inKafka.get(key);
    const { topic: topicName, partition } = (topic ?? log) as { topic: string; partition: number };
    const name = `${topicName}[${partition}]`;
    const next = log?.next;
    const logEntries = log?.offsets.length ?? 0;
    if (topic === undefined) {
      problems.push(
        `${name}: not found in Kafka; its ${fmt(BigInt(logEntries))} log entries${next === undefined ? "" : ` and watermark (next ${fmt(next)})`} cannot be compared`,
      );
      partitions.push({
        topic: topicName,
        partition,
        next,
        logEntries,
        coverage: undefined,
        oldestBehind: undefined,
      });
      continue;
    }
    const coverage = comparePartitionCoverage({ next, topic, logOffsets: log?.offsets ?? [] });
    const oldest = input.oldestBehind.get(key);
    partitions.push({
      topic: topicName,
      partition,
      next,
      logEntries,
      coverage,
      oldestBehind: oldest === undefined ? undefined : new Date(oldest),
    });
    behind += coverage.behind;

    coverage.missing
      .slice(0, LISTED)
      .forEach((run) =>
        problems.push(`${name}: ${offsets(run)} missing from the log${recordsOf(run)}`),
      );
    if (coverage.missing.length > LISTED) {
      const rest = coverage.missing.slice(LISTED);
      problems.push(
        `${name}: and ${fmt(BigInt(rest.length))} more gaps (${fmt(rest.reduce((n, r) => n + r.records, 0n))} records)`,
      );
    }
    coverage.duplicated
      .slice(0, LISTED)
      .forEach(({ offset, times }) =>
        problems.push(`${name}: offset ${fmt(offset)} is in the log ${times} times`),
      );
    if (coverage.duplicated.length > LISTED)
      problems.push(
        `${name}: and ${fmt(BigInt(coverage.duplicated.length - LISTED))} more offsets held twice or more`,
      );
    coverage.strangers
      .slice(0, LISTED)
      .forEach((range) =>
        problems.push(
          `${name}: ${offsets(range)} in the log but not a committed record of the topic`,
        ),
      );
    if (coverage.strangers.length > LISTED)
      problems.push(
        `${name}: and ${fmt(BigInt(coverage.strangers.length - LISTED))} more such ranges`,
      );
    if (coverage.watermarkAhead && next !== undefined)
      problems.push(
        `${name}: the watermark covers offsets below ${fmt(next)} but the topic ends at ${fmt(topic.high)}`,
      );
    if (coverage.deletedUncovered !== undefined)
      problems.push(
        `${name}: ${offsets(coverage.deletedUncovered)} deleted by retention before the log covered them`,
      );
    if (coverage.belowLow > 0n)
      notes.push(
        `${name}: ${fmt(coverage.belowLow)} log entries below the topic's first offset ${fmt(topic.low)} (removed by retention) not compared`,
      );
  }

  for (const r of input.log.regressions)
    problems.push(
      `${r.topic}[${r.partition}]: the watermark went back from ${fmt(r.from.next)} (entry ${fmt(r.from.index)}) to ${fmt(r.to.next)} (entry ${fmt(r.to.index)})`,
    );

  const lagging = partitions
    .filter((p) => (p.coverage?.behind ?? 0n) > 0n)
    .sort((a, b) => Number((b.coverage?.behind ?? 0n) - (a.coverage?.behind ?? 0n)));
  if (behind > 0n) {
    const detail = lagging
      .slice(0, 5)
      .map(
        (p) =>
          `${p.topic}[${p.partition}] ${fmt(p.coverage?.behind ?? 0n)} from offset ${fmt(p.coverage?.firstBehind ?? 0n)}${p.oldestBehind === undefined ? "" : ` (oldest ${p.oldestBehind.toISOString()})`}`,
      )
      .join(", ");
    const more = lagging.length > 5 ? `, and ${lagging.length - 5} more partitions` : "";
    const line = `behind by ${fmt(behind)} records (tolerance ${fmt(input.limits.maxBehind)}): ${detail}${more}`;
    (behind > input.limits.maxBehind ? problems : notes).push(line);
  }

  const latest = input.log.latestWatermark;
  if (latest === undefined) {
    problems.push("the log holds no watermark entry: what it covers cannot be told");
  } else {
    const age = input.now.getTime() - latest.recordedAt.getTime();
    if (age > input.limits.maxAgeMs)
      problems.push(
        `the latest watermark (entry ${fmt(latest.index)}, ${latest.recordedAt.toISOString()}) is ${duration(age)} old (bound ${duration(input.limits.maxAgeMs)})`,
      );
  }
  return {
    ok: problems.length === 0,
    problems,
    notes,
    behind,
    latestWatermark: latest,
    partitions,
  };
}

export function partitionKey(p: { topic: string; partition: number }): string {
  return `${p.topic}\u0000${String(p.partition).padStart(10, "0")}`;
}

/** 4511n → "4,511". */
export function fmt(n: bigint): string {
  return n.toLocaleString("en-US");
}

function offsets(range: OffsetRange): string {
  return range.first === range.last
    ? `offset ${fmt(range.first)}`
    : `offsets ${fmt(range.first)}–${fmt(range.last)}`;
}

function recordsOf(run: OffsetRange & { records: bigint }): string {
  return run.records === run.last - run.first + 1n ? "" : ` (${fmt(run.records)} records)`;
}

/** 11,520,000 ms → "3h12m". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(s / 3600);
  return h < 48
    ? `${h}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
    : `${Math.floor(h / 24)}d${h % 24}h`;
}
