import type { ReportRow, TransparencyFacts } from "@takedown/audit-tools";

/** A month of one platform, with every figure of fewer than `minCell` cases withheld (null). */
export interface PublicPlatformMonth {
  readonly platform: string;
  /** True when the platform had fewer than `minCell` cases that month: all figures are null. */
  readonly suppressed: boolean;
  readonly cases: number | null;
  readonly requests: number | null;
  readonly removed: number | null;
  readonly restricted: number | null;
  readonly declined: number | null;
  readonly escalated: number | null;
  /** Shares of the month's cases, 0..1. */
  readonly removalRate: number | null;
  readonly restrictionRate: number | null;
  readonly declinedRate: number | null;
  /** From the first notice to removal or restriction, over at least `minCell` cases. */
  readonly timeToActionP50Seconds: number | null;
  readonly timeToActionP90Seconds: number | null;
  readonly deadlineBreaches: number | null;
}

export interface PublicTransparencyReport {
  /** First and last month, `YYYY-MM`, both included. */
  readonly from: string;
  readonly to: string;
  /** Size of the signed audit log the figures were computed from. */
  readonly logSize: string;
  readonly basis: string;
  readonly suppression: { readonly minCell: number; readonly rule: string };
  readonly months: readonly {
    readonly month: string;
    readonly cases: number | null;
    readonly platforms: readonly PublicPlatformMonth[];
  }[];
}

export const MAX_PUBLIC_MONTHS = 36;

/**
 * The public report: per month and platform, from the same TransparencyFacts as the auditors'
 * report, reduced to aggregates. It names no case, request, URL, organ or person, and withholds
 * any count (and what is derived from it) of 1 to minCell−1 cases, which could point at one.
 */
export function publicTransparencyReport(options: {
  facts: TransparencyFacts;
  treeSize: bigint;
  /** `YYYY-MM`, both included. */
  from: string;
  to: string;
  minCell: number;
}): PublicTransparencyReport {
  const { facts, minCell } = options;
  const months = [];
  for (let month = options.from; month <= options.to; month = nextMonth(month)) {
    const report = facts.report(monthStart(month), monthStart(nextMonth(month)));
    const platforms = report.rows
      .filter((row) => row.dimension === "platform")
      .map((row) => platformMonth(row, minCell));
    months.push({ month, cases: shown(report.cases, minCell), platforms });
  }
  return {
    from: options.from,
    to: options.to,
    logSize: options.treeSize.toString(),
    basis:
      "Cases first notified to a platform in the month (UTC), as recorded in the signed audit log; outcomes and times as recorded up to logSize entries.",
    suppression: {
      minCell,
      rule: `Counts from 1 to ${minCell - 1} are withheld (null), with the rates and times computed from them; a platform with fewer than ${minCell} cases in a month shows only that it was suppressed.`,
    },
    months,
  };
}

function platformMonth(row: ReportRow, minCell: number): PublicPlatformMonth {
  if (row.cases < minCell) {
    return {
      platform: row.key,
      suppressed: true,
      cases: null,
      requests: null,
      removed: null,
      restricted: null,
      declined: null,
      escalated: null,
      removalRate: null,
      restrictionRate: null,
      declinedRate: null,
      timeToActionP50Seconds: null,
      timeToActionP90Seconds: null,
      deadlineBreaches: null,
    };
  }
  const count = (n: number) => shown(n, minCell);
  const rate = (n: number) => (count(n) === null ? null : round(n / row.cases));
  const timed = row.timeToAction.count >= minCell;
  return {
    platform: row.key,
    suppressed: false,
    cases: row.cases,
    requests: count(row.requests),
    removed: count(row.outcomes.removed),
    restricted: count(row.outcomes.restricted),
    declined: count(row.outcomes.declined),
    escalated: count(row.outcomes.escalated),
    removalRate: rate(row.outcomes.removed),
    restrictionRate: rate(row.outcomes.restricted),
    declinedRate: rate(row.outcomes.declined),
    timeToActionP50Seconds: timed ? row.timeToAction.p50Seconds : null,
    timeToActionP90Seconds: timed ? row.timeToAction.p90Seconds : null,
    deadlineBreaches: count(row.deadlineBreaches),
  };
}

function shown(n: number, minCell: number): number | null {
  return n > 0 && n < minCell ? null : n;
}

function round(share: number): number {
  return Math.round(share * 10_000) / 10_000;
}

export function isMonth(text: string): boolean {
  return /^[0-9]{4}-(0[1-9]|1[0-2])$/.test(text);
}

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split("-").map(Number) as [number, number];
  const [ty, tm] = to.split("-").map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

export function addMonths(month: string, count: number): string {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

function nextMonth(month: string): string {
  return addMonths(month, 1);
}

function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00.000Z`);
}
