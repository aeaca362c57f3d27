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

/**
 * `takedown audit replay`: the matching entries as JSON lines. Personal data (contact, victim)
 * is dropped unless asked for: auditors rarely need it and lines end up in files and terminals.
 */
export async function* replayEntries(options: {
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  filter: ReplayFilter;
  includePersonal?: boolean;
}): AsyncGenerator<string> {
  for await (const entry of options.entries) {
    if (!matchesReplayFilter(entry, options.filter)) continue;
    const shown =
      options.includePersonal === true ? entry : { ...entry, data: withoutPersonal(entry.data) };
    yield `${JSON.stringify(shown)}\n`;
  }
}
