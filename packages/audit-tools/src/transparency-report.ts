import type { AuditEntry } from "./audit-entry.js";
import { entryFacts } from "./entry-facts.js";

export const REPORT_DIMENSIONS = [
  "platform",
  "category",
  "classification",
  "organ",
  "organKind",
] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];
export const OUTCOMES = [
  "removed",
  "restricted",
  "preserved",
  "declined",
  "escalated",
  "withdrawn",
  "pending",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface DurationStats {
  readonly count: number;
  /** Nearest-rank percentiles, in seconds; null without data. */
  readonly p50Seconds: number | null;
  readonly p90Seconds: number | null;
}

export interface ReportRow {
  readonly dimension: ReportDimension;
  readonly key: string;
  readonly cases: number;
  /** Distinct requests with a target in those cases (per organ: that organ's requests only). */
  readonly requests: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly outcomeShares: Readonly<Record<Outcome, number>>;
  readonly timeToFirstResponse: DurationStats;
  readonly timeToAction: DurationStats;
  readonly deadlineBreaches: number;
}

export interface TransparencyReport {
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  readonly rows: readonly ReportRow[];
}

/** One notified case as the report sees it: enums, ids and times only. */
interface CaseFacts {
  platform: string | undefined;
  categories: Set<string>;
  classification: string | undefined;
  organs: Set<string>;
  /** requestId → organId of every request merged into the case. */
  requests: Map<string, string>;
  notifiedAt: number | undefined;
  firstResponseAt: number | undefined;
  actionAt: number | undefined;
  outcome: Outcome;
  breached: boolean;
}

const FINAL_ACTIONS = new Set(["removed", "restricted", "preserved", "declined", "withdrawn"]);
const ACTIONS_TAKEN = new Set(["removed", "restricted"]);

/**
 * `takedown audit report --from --to`: cases first notified in [from, to), grouped per platform,
 * category, classification, organ and organ kind. A case counts under each of its organs, organ
 * kinds and categories.
 * Time to first response runs from the first notice to the first platform response; time to
 * action to the first `removed` or `restricted` response. A breach is an escalation (deadline
 * passed without a final answer). Only ids and enumerations are read, never free text.
 */
export async function buildTransparencyReport(options: {
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>;
  from: Date;
  to: Date;
  /** organ id → kind (organs.yaml); organs not in it count as kind `unknown`. */
  organKinds?: ReadonlyMap<string, string>;
}): Promise<TransparencyReport> {
  const facts = new TransparencyFacts({ organKinds: options.organKinds });
  for await (const entry of options.entries) facts.add(entry);
  return facts.report(options.from, options.to);
}

/**
 * What reports are computed from, gathered entry by entry in log order. The audit API keeps one
 * and feeds it the entries appended since, so every report it serves (and the CLI's, through
 * buildTransparencyReport) comes from this one computation.
 */
export class TransparencyFacts {
  readonly #cases = new Map<string, CaseFacts>();
  readonly #organKinds: ReadonlyMap<string, string>;
  #entries = 0;

  constructor(options: { organKinds?: ReadonlyMap<string, string> | undefined } = {}) {
    this.#organKinds = options.organKinds ?? new Map();
  }

  /** Entries added so far. */
  get entries(): number {
    return this.#entries;
  }

  add(entry: AuditEntry): void {
    this.#entries++;
    const facts = entryFacts(entry);
    if (facts.caseId === undefined || facts.eventType === undefined) return;
    const data = entry.data as Record<string, unknown>;
    const c = this.#cases.get(facts.caseId) ?? newCase();
    this.#cases.set(facts.caseId, c);
    facts.organIds.forEach((organ) => c.organs.add(organ));
    const time = Date.parse(facts.time);
    switch (facts.eventType) {
      case "case.opened":
      case "case.merged": {
        const member = data["member"] as
          | { category?: string; classification?: string; requestId?: string; organId?: string }
          | undefined;
        if (member?.category !== undefined) c.categories.add(member.category);
        if (member?.classification === "rights_infringement" || c.classification === undefined)
          c.classification = member?.classification ?? c.classification;
        if (member?.requestId !== undefined)
          c.requests.set(member.requestId, member.organId ?? "unknown");
        break;
      }
      case "notice.issued":
      case "notice.revised": {
        c.platform = facts.platformId ?? c.platform;
        c.notifiedAt ??= time;
        for (const category of (data["categories"] as string[] | undefined) ?? [])
          c.categories.add(category);
        c.classification = (data["classification"] as string | undefined) ?? c.classification;
        break;
      }
      case "response.submitted": {
        const acted = Date.parse((data["actedAt"] as string | undefined) ?? facts.time);
        c.firstResponseAt ??= acted;
        const action = data["action"] as string;
        if (ACTIONS_TAKEN.has(action)) c.actionAt ??= acted;
        if (FINAL_ACTIONS.has(action)) c.outcome = action as Outcome;
        break;
      }
      case "case.escalated":
        c.breached = true;
        if (c.outcome === "pending") c.outcome = "escalated";
        break;
      case "case.withdrawn":
        c.outcome = "withdrawn";
        break;
      default:
        break;
    }
  }

  /** The report of cases first notified in [from, to), as the entries added so far show them. */
  report(fromDate: Date, toDate: Date): TransparencyReport {
    const from = fromDate.getTime();
    const to = toDate.getTime();
    const inPeriod = [...this.#cases.values()].filter(
      (c) => c.notifiedAt !== undefined && c.notifiedAt >= from && c.notifiedAt < to,
    );
    const rows: ReportRow[] = [];
    for (const dimension of REPORT_DIMENSIONS) {
      const groups = new Map<string, CaseFacts[]>();
      for (const c of inPeriod) {
        for (const key of keysOf(c, dimension, this.#organKinds))
          groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      for (const [key, group] of [...groups].sort(([a], [b]) => a.localeCompare(b)))
        rows.push(rowOf(dimension, key, group, this.#organKinds));
    }
    return {
      from: fromDate.toISOString(),
      to: toDate.toISOString(),
      cases: inPeriod.length,
      rows,
    };
  }
}

function newCase(): CaseFacts {
  return {
    platform: undefined,
    categories: new Set(),
    classification: undefined,
    organs: new Set(),
    requests: new Map(),
    notifiedAt: undefined,
    firstResponseAt: undefined,
    actionAt: undefined,
    outcome: "pending",
    breached: false,
  };
}

function keysOf(
  c: CaseFacts,
  dimension: ReportDimension,
  organKinds: ReadonlyMap<string, string>,
): string[] {
  switch (dimension) {
    case "platform":
      return [c.platform ?? "unknown"];
    case "category":
      return c.categories.size === 0 ? ["unknown"] : [...c.categories];
    case "classification":
      return [c.classification ?? "unknown"];
    case "organ":
      return c.organs.size === 0 ? ["unknown"] : [...c.organs];
    case "organKind":
      return c.organs.size === 0
        ? ["unknown"]
        : [...new Set([...c.organs].map((organ) => organKinds.get(organ) ?? "unknown"))];
  }
}

function rowOf(
  dimension: ReportDimension,
  key: string,
  group: readonly CaseFacts[],
  organKinds: ReadonlyMap<string, string>,
): ReportRow {
  // Per organ (or kind), only the requests that organ (or organs of that kind) made.
  const counts = (organ: string) =>
    dimension === "organ"
      ? organ === key
      : dimension !== "organKind" || (organKinds.get(organ) ?? "unknown") === key;
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of group) outcomes[c.outcome]++;
  const shares = Object.fromEntries(
    OUTCOMES.map((o) => [o, Math.round((outcomes[o] / group.length) * 10_000) / 10_000]),
  ) as Record<Outcome, number>;
  const since = (at: (c: CaseFacts) => number | undefined) =>
    durationStats(
      group.flatMap((c) => {
        const end = at(c);
        return end === undefined || c.notifiedAt === undefined ? [] : [(end - c.notifiedAt) / 1000];
      }),
    );
  return {
    dimension,
    key,
    cases: group.length,
    requests: new Set(
      group
        .flatMap((c) => [...c.requests].filter(([, organ]) => counts(organ)))
        .map(([request]) => request),
    ).size,
    outcomes,
    outcomeShares: shares,
    timeToFirstResponse: since((c) => c.firstResponseAt),
    timeToAction: since((c) => c.actionAt),
    deadlineBreaches: group.filter((c) => c.breached).length,
  };
}

/** Nearest-rank percentile: the smallest value with at least q of the values at or below it. */
export function durationStats(seconds: readonly number[]): DurationStats {
  const sorted = [...seconds].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? null;
  return { count: sorted.length, p50Seconds: rank(0.5), p90Seconds: rank(0.9) };
}
