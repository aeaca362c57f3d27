import { withoutPersonal } from "@takedown/contracts";
import { TILE_WIDTH } from "@takedown/transparency-log";
import type { ArchivedLogReader } from "./archived-log-reader.js";
import { parseAuditEntry } from "./audit-entry.js";
import type { AuditEntry } from "./audit-entry.js";
import { entryFacts } from "./entry-facts.js";

export interface ReplayFilter {
  /** Event time (ce_time, else recorded time) at or after this instant… */
  readonly from?: Date;
  /** …and before this one. */
  readonly to?: Date;
  readonly organId?: string;
  readonly platformId?: string;
  readonly caseId?: string;
  /** `case.opened` or `jp.takedown.case.opened.v1`. */
  readonly eventType?: string;
}

/** Every archived entry up to the latest checkpoint, in log order. */
export async function* archivedEntries(reader: ArchivedLogReader): AsyncGenerator<AuditEntry> {
  const { checkpoint } = await reader.latestCheckpoint();
  const width = BigInt(TILE_WIDTH);
  for (let start = 0n; start < checkpoint.size; start += width) {
    const end = start + width < checkpoint.size ? start + width : checkpoint.size;
    for (const bytes of await reader.entries(start, end, checkpoint.size))
      yield parseAuditEntry(bytes);
  }
}

export function matchesReplayFilter(entry: AuditEntry, filter: ReplayFilter): boolean {
  const facts = entryFacts(entry);
  const time = Date.parse(facts.time);
  if (filter.from !== undefined && !(time >= filter.from.getTime())) return false;
  if (filter.to !== undefined && !(time < filter.to.getTime())) return false;
  if (filter.organId !== undefined && !facts.organIds.includes(filter.organId)) return false;
  if (filter.platformId !== undefined && facts.platformId !== filter.platformId) return false;
  if (filter.caseId !== undefined && facts.caseId !== filter.caseId) return false;
  if (
    filter.eventType !== undefined &&
    facts.eventType !== filter.eventType &&
    entry.attributes["type"] !== filter.eventType
  )
    return false;
  return true;
}

/** Free-text fields of a v1 submission (description, note, legal-basis text): personal data. */
const V1_FREE_TEXT = new Set(["description", "note", "legalBasisText"]);

function withoutV1FreeText(submission: unknown): unknown {
  if (submission === null || typeof submission !== "object" || Array.isArray(submission))
    return submission;
  return Object.fromEntries(Object.entries(submission).filter(([key]) => !V1_FREE_TEXT.has(key)));
}

/**
 * What replay shows of an entry's data. Entries of v2 events carry no personal data; entries
 * appended before v2 (issue 13) still hold it inline, and the log cannot change them without
 * breaking its proofs, so replay drops it: `personal`, and the free text of each submission.
 */
export function replayedData(entry: AuditEntry): unknown {
  const data = withoutPersonal(entry.data);
  if (!/\.v1$/.test(entry.attributes["type"] ?? "")) return data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return data;
  const record = withoutV1FreeText(data) as Record<string, unknown>;
  if (record["member"] !== undefined) record["member"] = withoutV1FreeText(record["member"]);
  if (Array.isArray(record["requests"]))
    record["requests"] = record["requests"].map(withoutV1FreeText);
  return record;
}

/**
 * `takedown audit replay`: the matching entries as JSON lines, without personal data unless
 * asked for (only entries from before v2 can hold any): lines end up in files and terminals.
 */
export async function* replayEntries(options: {
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  filter: ReplayFilter;
  includePersonal?: boolean;
}): AsyncGenerator<string> {
  for await (const entry of options.entries) {
    if (!matchesReplayFilter(entry, options.filter)) continue;
    const shown =
      options.includePersonal === true ? entry : { ...entry, data: replayedData(entry) };
    yield `${JSON.stringify(shown)}\n`;
  }
}
