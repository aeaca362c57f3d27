import type { OffsetRange } from "./offset-ranges.js";

/** A source partition as Kafka holds it now (committed records only). */
export interface TopicPartitionRecords {
  /** The log start offset: records below it were deleted by retention. */
  readonly low: bigint;
  /** The last stable offset: records from it on were not there when the topic was read. */
  readonly high: bigint;
  /** Offsets of the committed records in [low, high). */
  readonly records: readonly OffsetRange[];
}

/** Runs of consecutive records (offsets between them may be markers) missing from the log. */
export interface MissingRun extends OffsetRange {
  readonly records: bigint;
}

export interface PartitionCoverage {
  /** Records below the watermark that the log lacks, in runs. */
  readonly missing: readonly MissingRun[];
  readonly missingRecords: bigint;
  /** Offsets the log holds more than once, with how many times. */
  readonly duplicated: readonly { offset: bigint; times: number }[];
  /** Log offsets (at or past `low`) that are not committed records of the topic. */
  readonly strangers: readonly OffsetRange[];
  readonly strangerEntries: bigint;
  /** Records at or past the watermark not in the log yet: the log is behind by this many. */
  readonly behind: bigint;
  /** The first of those records, if any. */
  readonly firstBehind: bigint | undefined;
  /** Log entries below the topic's log start, which cannot be compared any more. */
  readonly belowLow: bigint;
  /**
   * Offsets retention deleted before the log covered them (past the watermark and past every
   * log entry): records lost to the log, unless they were all markers, which cannot be told now.
   */
  readonly deletedUncovered: OffsetRange | undefined;
  /** The watermark claims offsets the topic does not have yet. */
  readonly watermarkAhead: boolean;
}

/**
 * Compares what the log holds of one partition with the partition itself. `next` is the latest
 * watermark's claim: every committed record in [low, next) must be in the log exactly once.
 * `logOffsets` must be sorted ascending (repeats allowed: they are what this looks for).
 */
export function comparePartitionCoverage(input: {
  next: bigint | undefined;
  topic: TopicPartitionRecords;
  logOffsets: readonly bigint[];
}): PartitionCoverage {
  const { topic } = input;
  const next = input.next ?? topic.low;
  const unique: bigint[] = [];
  const duplicated: { offset: bigint; times: number }[] = [];
  for (const offset of input.logOffsets) {
    if (unique.at(-1) === offset) {
      const last = duplicated.at(-1);
      if (last?.offset === offset) last.times += 1;
      else duplicated.push({ offset, times: 2 });
    } else unique.push(offset);
  }

  const belowLow = firstIndexAtLeast(unique, topic.low);
  const highestBelowLow = unique[belowLow - 1];
  let coveredTo = input.next ?? 0n;
  if (highestBelowLow !== undefined && highestBelowLow + 1n > coveredTo)
    coveredTo = highestBelowLow + 1n;
  const covered = next < topic.high ? next : topic.high;
  const missing = absentRuns(topic.records, unique, topic.low, covered);
  const behind = absentRuns(topic.records, unique, covered, topic.high);

  const strangers: { first: bigint; last: bigint }[] = [];
  let strangerEntries = 0n;
  let r = 0;
  for (const offset of unique.slice(belowLow)) {
    while (r < topic.records.length && (topic.records[r] as OffsetRange).last < offset) r++;
    const range = topic.records[r];
    if (range !== undefined && range.first <= offset) continue;
    strangerEntries += 1n;
    const previous = strangers.at(-1);
    if (previous !== undefined && previous.last + 1n === offset) previous.last = offset;
    else strangers.push({ first: offset, last: offset });
  }

  return {
    missing,
    missingRecords: sumRecords(missing),
    duplicated,
    strangers,
    strangerEntries,
    behind: sumRecords(behind),
    firstBehind: behind[0]?.first,
    belowLow: BigInt(belowLow),
    deletedUncovered:
      coveredTo < topic.low ? { first: coveredTo, last: topic.low - 1n } : undefined,
    watermarkAhead: input.next !== undefined && input.next > topic.high,
  };
}

/**
 * Records in [from, to) absent from `present` (sorted, unique), as runs of consecutive records:
 * offsets between two records (markers, compacted) do not break a run.
 */
function absentRuns(
  records: readonly OffsetRange[],
  present: readonly bigint[],
  from: bigint,
  to: bigint,
): MissingRun[] {
  const runs: { first: bigint; last: bigint; records: bigint }[] = [];
  let open: { first: bigint; last: bigint; records: bigint } | undefined;
  let j = firstIndexAtLeast(present, from);
  for (const range of records) {
    const last = range.last < to ? range.last : to - 1n;
    let cursor = range.first > from ? range.first : from;
    while (cursor <= last) {
      while (j < present.length && (present[j] as bigint) < cursor) j++;
      const found = present[j];
      const gapEnd = found === undefined || found > last ? last : found - 1n;
      if (gapEnd >= cursor) {
        if (open === undefined) {
          open = { first: cursor, last: gapEnd, records: 0n };
          runs.push(open);
        }
        open.last = gapEnd;
        open.records += gapEnd - cursor + 1n;
      }
      if (found !== undefined && found <= last) {
        open = undefined;
        cursor = found + 1n;
        j++;
      } else cursor = last + 1n;
    }
  }
  return runs;
}

function sumRecords(runs: readonly MissingRun[]): bigint {
  return runs.reduce((sum, run) => sum + run.records, 0n);
}

/** Index of the first value >= `bound` in a sorted array. */
function firstIndexAtLeast(sorted: readonly bigint[], bound: bigint): number {
  let [lo, hi] = [0, sorted.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as bigint) < bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
