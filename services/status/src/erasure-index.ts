import type { DatabaseSync, SQLOutputValue, StatementSync } from "node:sqlite";
import type { CaseState } from "@takedown/contracts";
import type { EvidenceReference } from "./evidence-references.js";
import type { RetentionTarget } from "./retention-due.js";

/**
 * Tables behind erasure (issue 13): which targets are erased, which requests name which
 * evidence (target.submitted and needs_info answers), when each case entered its state, and
 * which erased requests the eraser has finished deleting from S3. Created before the request
 * index, whose target state reads `erasures`.
 */
export const ERASURE_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS erasures (
  target_id TEXT PRIMARY KEY, request_id TEXT NOT NULL, erased_at TEXT NOT NULL, cause TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS erasures_by_request ON erasures (request_id);
CREATE TABLE IF NOT EXISTS evidence_refs (
  evidence_id TEXT NOT NULL, request_id TEXT NOT NULL, PRIMARY KEY (evidence_id, request_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS evidence_refs_by_request ON evidence_refs (request_id);
CREATE TABLE IF NOT EXISTS case_state_times (case_id TEXT PRIMARY KEY, at TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS purged_requests (
  request_id TEXT PRIMARY KEY, purged_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT OR IGNORE INTO evidence_refs SELECT j.value, t.request_id FROM targets t, json_each(t.evidence) j
  WHERE NOT EXISTS (SELECT 1 FROM evidence_refs);
`;

/** A target of a request not erased yet, with what retention needs to know about it. */
export interface LiveTarget extends RetentionTarget {
  requestId: string;
  targetId: string;
  organId: string;
  contentKey: string;
}

export class ErasureIndex {
  private readonly s: Record<
    | "erased"
    | "unerase"
    | "reference"
    | "stateAt"
    | "pending"
    | "evidenceOf"
    | "referencesOf"
    | "purged"
    | "live"
    | "targetsOf",
    StatementSync
  >;

  constructor(db: DatabaseSync) {
    this.s = {
      erased: db.prepare(`INSERT OR IGNORE INTO erasures VALUES (?, ?, ?, ?)`),
      unerase: db.prepare(`DELETE FROM erasures WHERE target_id = ?`),
      reference: db.prepare(`INSERT OR IGNORE INTO evidence_refs VALUES (?, ?)`),
      stateAt: db.prepare(`INSERT OR REPLACE INTO case_state_times VALUES (?, ?)`),
      pending: db.prepare(
        `SELECT DISTINCT e.request_id FROM erasures e WHERE NOT EXISTS
         (SELECT 1 FROM purged_requests p WHERE p.request_id = e.request_id) LIMIT ?`,
      ),
      evidenceOf: db.prepare(`SELECT evidence_id FROM evidence_refs WHERE request_id = ?`),
      referencesOf: db.prepare(
        `SELECT r.request_id, EXISTS (SELECT 1 FROM erasures e WHERE e.request_id = r.request_id)
         AS erased FROM evidence_refs r WHERE r.evidence_id = ?`,
      ),
      purged: db.prepare(`INSERT OR REPLACE INTO purged_requests VALUES (?, ?)`),
      // Every target of every request nothing of which is erased yet.
      live: db.prepare(
        `SELECT t.request_id, t.target_id, t.organ_id, t.content_key, w.withdrawn_at, c.state,
           st.at AS state_at
         FROM targets t
         LEFT JOIN withdrawals w ON w.target_id = t.target_id
         LEFT JOIN members m ON m.target_id = t.target_id
         LEFT JOIN cases c ON c.case_id = m.case_id
         LEFT JOIN case_state_times st ON st.case_id = m.case_id
         WHERE NOT EXISTS (SELECT 1 FROM erasures e WHERE e.request_id = t.request_id)
         ORDER BY t.request_id, t.position`,
      ),
      targetsOf: db.prepare(
        `SELECT target_id, organ_id, content_key FROM targets
         WHERE target_id > ? || '#' AND target_id < ? || '$' ORDER BY position`,
      ),
    };
  }

  targetErased(fact: { targetId: string; requestId: string; erasedAt: string; cause: string }) {
    this.s.erased.run(fact.targetId, fact.requestId, fact.erasedAt, fact.cause);
  }

  /** An operator's tombstone of an `erased/<target>` fact. */
  erasureDeleted(targetId: string): void {
    this.s.unerase.run(targetId);
  }

  referenced(requestId: string, evidenceIds: readonly string[]): void {
    for (const id of evidenceIds) this.s.reference.run(id, requestId);
  }

  /** A fact from before case states carried their time counts from when it was applied. */
  caseStateAt(caseId: string, at: string | undefined): void {
    this.s.stateAt.run(caseId, at ?? new Date().toISOString());
  }

  /** Erased requests whose objects the eraser has not yet confirmed deleted. */
  pendingPurges(limit: number): string[] {
    return this.s.pending.all(limit).map((row) => String(row.request_id));
  }

  evidenceOf(requestId: string): string[] {
    return this.s.evidenceOf.all(requestId).map((row) => String(row.evidence_id));
  }

  referencesOf(evidenceId: string): EvidenceReference[] {
    return this.s.referencesOf.all(evidenceId).map((row) => ({
      requestId: String(row.request_id),
      erased: Number(row.erased) === 1,
    }));
  }

  markPurged(requestId: string, at: Date): void {
    this.s.purged.run(requestId, at.toISOString());
  }

  /** Targets of requests not erased, grouped by request, in target order. */
  liveRequests(): Map<string, LiveTarget[]> {
    const byRequest = new Map<string, LiveTarget[]>();
    for (const row of this.s.live.all()) {
      const target: LiveTarget = {
        requestId: String(row.request_id),
        targetId: String(row.target_id),
        organId: String(row.organ_id),
        contentKey: String(row.content_key),
        withdrawnAt: optional(row.withdrawn_at),
        caseState: optional(row.state) as CaseState | undefined,
        stateAt: optional(row.state_at),
      };
      const list = byRequest.get(target.requestId) ?? [];
      list.push(target);
      byRequest.set(target.requestId, list);
    }
    return byRequest;
  }

  /** The request's targets with what a target.erased names (the operator's CLI needs them). */
  targetsOf(requestId: string): { targetId: string; organId: string; contentKey: string }[] {
    return this.s.targetsOf.all(requestId, requestId).map((row) => ({
      targetId: String(row.target_id),
      organId: String(row.organ_id),
      contentKey: String(row.content_key),
    }));
  }
}

function optional(value: SQLOutputValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
