import type { AuditEntry } from "./audit-entry.js";

/** What replay filters and reports read from an entry: ids and enums only, never free text. */
export interface EntryFacts {
  /** `case.opened` from `jp.takedown.case.opened.v1`; undefined for undecodable records. */
  readonly eventType: string | undefined;
  readonly time: string;
  readonly caseId: string | undefined;
  readonly platformId: string | undefined;
  readonly organIds: readonly string[];
}

export function entryFacts(entry: AuditEntry): EntryFacts {
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const type = /^jp\.takedown\.(.+)\.v[0-9]+$/.exec(entry.attributes["type"] ?? "")?.[1];
  const organs = new Set<string>();
  const addOrgan = (value: unknown) => {
    const organ = (value as { organId?: unknown } | undefined)?.organId;
    if (typeof organ === "string") organs.add(organ);
  };
  addOrgan(data);
  addOrgan(data["member"]);
  if (Array.isArray(data["requests"])) data["requests"].forEach(addOrgan);
  const platform = data["platformId"] ?? data["platformHint"];
  return {
    eventType: entry.attributes["auditrejection"] === undefined ? type : undefined,
    time: entry.attributes["time"] ?? entry.recordedAt,
    caseId: typeof data["caseId"] === "string" ? data["caseId"] : undefined,
    platformId: typeof platform === "string" ? platform : undefined,
    organIds: [...organs],
  };
}
