import type { CaseRecord } from "./case-record.js";

/**
 * The changes of one batch over the committed state. Later records of the batch see earlier
 * ones' changes; the committed state changes only when `commit` runs after the transaction.
 */
export class StagedCases {
  private readonly changed = new Map<string, CaseRecord>();

  constructor(
    private readonly committed: {
      read: (contentKey: string) => CaseRecord | undefined;
      commit: (changes: ReadonlyMap<string, CaseRecord>) => void;
    },
  ) {}

  /** A copy the caller may change; `put` makes the change part of the batch. */
  get(contentKey: string): CaseRecord | undefined {
    const staged = this.changed.get(contentKey);
    if (staged === undefined) return this.committed.read(contentKey);
    return {
      caseId: staged.caseId,
      state: staged.state,
      members: staged.members.map((m) => ({ ...m })),
      earlierTargetIds: [...staged.earlierTargetIds],
    };
  }

  put(contentKey: string, record: CaseRecord): void {
    this.changed.set(contentKey, record);
  }

  /** Content key → final record of every key this batch changed. */
  changes(): ReadonlyMap<string, CaseRecord> {
    return this.changed;
  }

  commit(): void {
    this.committed.commit(this.changed);
  }
}
