import { isClosedCaseState, type CaseState } from "@takedown/contracts";

/** One target of a request, as far as retention cares. */
export interface RetentionTarget {
  /** When its organ withdrew it. */
  withdrawnAt?: string | undefined;
  /** Its case's state, when it is on a case. */
  caseState?: CaseState | undefined;
  /** When the case entered that state. */
  stateAt?: string | undefined;
}

/**
 * When a request's personal data falls due for erasure by retention: `retentionMs` after the
 * last of its targets was done (withdrawn by its organ, or its case closed). Undefined while any
 * target is still open, not yet on a case, or closed at an unknown time: retention never
 * erases what a case still open may need.
 */
export function retentionDueAt(
  targets: readonly RetentionTarget[],
  retentionMs: number,
): Date | undefined {
  if (targets.length === 0) return undefined;
  let last = Number.NEGATIVE_INFINITY;
  for (const target of targets) {
    const doneAt =
      target.withdrawnAt ??
      (target.caseState !== undefined && isClosedCaseState(target.caseState)
        ? target.stateAt
        : undefined);
    const time = doneAt === undefined ? Number.NaN : Date.parse(doneAt);
    if (Number.isNaN(time)) return undefined;
    last = Math.max(last, time);
  }
  return new Date(last + retentionMs);
}
