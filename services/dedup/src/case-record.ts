import type { CaseState } from "@takedown/contracts";

/** One target that joined a case, and whether its organ has withdrawn it since. */
export interface CaseMember {
  targetId: string;
  organId: string;
  withdrawn: boolean;
}

/**
 * What dedup knows about the latest case of one content key. Closed cases stay (with their
 * members) so a re-upload can link to them and a repeated target is recognised as seen.
 */
export interface CaseRecord {
  caseId: string;
  state: CaseState;
  members: CaseMember[];
  /**
   * Targets of the case this one replaced: a late repeat of one of them is a duplicate, not a
   * new report. One case back is enough for repeats, which arrive close together.
   */
  earlierTargetIds: string[];
}

export function activeMembers(record: CaseRecord): CaseMember[] {
  return record.members.filter((member) => !member.withdrawn);
}

/** Whether the target already counted on this content key (now or on the case before). */
export function hasSeenTarget(record: CaseRecord, targetId: string): boolean {
  return (
    record.members.some((m) => m.targetId === targetId) ||
    record.earlierTargetIds.includes(targetId)
  );
}
