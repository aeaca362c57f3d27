import type { DatabaseSync, StatementSync } from "node:sqlite";
import { assertNever } from "@takedown/errors";
import type { ErasureIndex } from "./erasure-index.js";
import { createStatusError } from "./errors.js";
import type { RequestHistoryIndex } from "./request-history.js";
import type { RequestIndex } from "./request-index.js";
import type { StatusFact, StatusFactKind } from "./status-fact.js";

/** The `cases` column each case fact kind writes; SQL names, never user input. */
const caseColumn = {
  "case-state": "state",
  "case-platform": "case_platform",
  notice: "notice_platform",
  "case-response": "case_response",
  response: "response",
} as const;
type CaseFactKind = keyof typeof caseColumn;

/** The indexes a fact or tombstone also updates, besides the store's own tables. */
export interface StatusFactIndexes {
  requests: RequestIndex;
  steps: RequestHistoryIndex;
  erasures: ErasureIndex;
}

/**
 * Applies one fact of the state topic, or one tombstone, to the store's tables and tells the
 * indexes what changed. Runs inside the transaction StatusStore opens for a batch.
 */
export class StatusFactWriter {
  private readonly statements: {
    target: StatementSync;
    withdrawn: StatementSync;
    member: StatementSync;
    caseColumn: Record<CaseFactKind, StatementSync>;
    deleteTarget: StatementSync;
    deleteWithdrawn: StatementSync;
    deleteMember: StatementSync;
  };

  constructor(
    db: DatabaseSync,
    private readonly indexes: StatusFactIndexes,
  ) {
    const upsertCase = (column: string) =>
      db.prepare(
        `INSERT INTO cases (case_id, ${column}) VALUES (?, ?)
         ON CONFLICT (case_id) DO UPDATE SET ${column} = excluded.${column}`,
      );
    this.statements = {
      target: db.prepare(
        `INSERT OR REPLACE INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      withdrawn: db.prepare(`INSERT OR REPLACE INTO withdrawals VALUES (?, ?)`),
      member: db.prepare(`INSERT OR REPLACE INTO members VALUES (?, ?)`),
      caseColumn: {
        "case-state": upsertCase(caseColumn["case-state"]),
        "case-platform": upsertCase(caseColumn["case-platform"]),
        notice: upsertCase(caseColumn.notice),
        "case-response": upsertCase(caseColumn["case-response"]),
        response: upsertCase(caseColumn.response),
      },
      deleteTarget: db.prepare(`DELETE FROM targets WHERE target_id = ?`),
      deleteWithdrawn: db.prepare(`DELETE FROM withdrawals WHERE target_id = ?`),
      deleteMember: db.prepare(`DELETE FROM members WHERE target_id = ?`),
    };
  }

  write(fact: StatusFact): void {
    const s = this.statements;
    const { requests, steps, erasures } = this.indexes;
    switch (fact.kind) {
      case "target":
        s.target.run(
          fact.targetId,
          positionOf(fact.targetId),
          fact.requestId,
          fact.organId,
          fact.submittedAt,
          fact.category,
          fact.classification,
          fact.legalBasis,
          fact.requestedAction,
          JSON.stringify(fact.evidence),
          fact.url,
          fact.canonicalUrl,
          fact.contentKey,
        );
        erasures.referenced(fact.requestId, fact.evidence);
        requests.targetWritten(fact);
        requests.targetChanged(fact.targetId);
        return;
      case "withdrawn":
        s.withdrawn.run(fact.targetId, fact.withdrawnAt);
        requests.targetChanged(fact.targetId);
        return;
      case "member":
        s.member.run(fact.targetId, fact.caseId);
        requests.targetChanged(fact.targetId);
        return;
      case "case-state":
        s.caseColumn[fact.kind].run(fact.caseId, fact.state);
        erasures.caseStateAt(fact.caseId, fact.at);
        requests.caseChanged(fact.caseId);
        return;
      case "erased":
        erasures.targetErased(fact);
        requests.targetChanged(fact.targetId);
        return;
      case "answer":
        erasures.referenced(fact.requestId, fact.evidence);
        return;
      case "case-platform":
      case "notice":
        s.caseColumn[fact.kind].run(fact.caseId, fact.platformId);
        requests.caseChanged(fact.caseId);
        return;
      case "case-response":
        s.caseColumn[fact.kind].run(
          fact.caseId,
          JSON.stringify({ action: fact.action, reasonCode: fact.reasonCode }),
        );
        return;
      case "response":
        s.caseColumn[fact.kind].run(
          fact.caseId,
          JSON.stringify({
            eventId: fact.eventId,
            platformId: fact.platformId,
            action: fact.action,
            reasonCode: fact.reasonCode,
            actedAt: fact.actedAt,
            noticeRevision: fact.noticeRevision,
          }),
        );
        return;
      case "step":
        steps.write(fact);
        return;
      default:
        assertNever(fact, "status fact");
    }
  }

  /** A tombstone's key is `kind/id`. */
  delete(key: string): void {
    const slash = key.indexOf("/");
    const kind = key.slice(0, slash) as StatusFactKind;
    const id = key.slice(slash + 1);
    const s = this.statements;
    const { requests, steps, erasures } = this.indexes;
    switch (kind) {
      case "target":
        s.deleteTarget.run(id);
        requests.targetDeleted(id);
        return;
      case "withdrawn":
        s.deleteWithdrawn.run(id);
        requests.targetChanged(id);
        return;
      case "member":
        s.deleteMember.run(id);
        requests.targetChanged(id);
        return;
      case "erased":
        erasures.erasureDeleted(id);
        requests.targetChanged(id);
        return;
      // An answer's evidence stays referenced: keeping an object is the safe side.
      case "answer":
        return;
      case "case-state":
      case "case-platform":
      case "notice":
      case "case-response":
      case "response":
        s.caseColumn[kind].run(id, null);
        requests.caseChanged(id);
        return;
      case "step":
        steps.delete(id);
        return;
      default:
        throw createStatusError("STATUS_FACT_CORRUPT", { detail: `tombstone for ${key}` });
    }
  }
}

/** A target's place in its request: the `n` of `<requestId>#<n>`. */
function positionOf(targetId: string): number {
  return Number(targetId.slice(targetId.lastIndexOf("#") + 1));
}
