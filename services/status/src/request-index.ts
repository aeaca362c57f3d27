import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from "node:sqlite";
import { caseStateSchema, isClosedCaseState } from "@takedown/contracts";
import {
  decodeListCursor,
  encodeListCursor,
  type RequestList,
  type RequestListItem,
  type RequestListQuery,
} from "./request-list.js";

// What one target counts as for its organ, from the tables the facts fill (t, w, m, c, r).
const TARGET_STATE = `CASE WHEN e.target_id IS NOT NULL THEN 'erased'
  WHEN w.target_id IS NOT NULL THEN 'withdrawn'
  WHEN m.case_id IS NULL THEN 'submitted' ELSE coalesce(c.state, 'open') END`;
const TARGET_ROW = `SELECT t.target_id, t.organ_id, r.submitted_at, t.category, ${TARGET_STATE},
  coalesce(c.case_platform, c.notice_platform)
  FROM targets t CROSS JOIN requests r ON r.request_id = t.request_id
  LEFT JOIN withdrawals w ON w.target_id = t.target_id
  LEFT JOIN erasures e ON e.target_id = t.target_id
  LEFT JOIN members m ON m.target_id = t.target_id
  LEFT JOIN cases c ON c.case_id = m.case_id`;

/**
 * Tables and indexes for the organ-wide questions (the list of an organ's requests, whether a
 * content key has an open case). `requests` holds one row per request, so a page walks one index
 * newest first. `target_states` keeps each target's state and platform as of the facts applied:
 * recomputed from the tables whenever a fact about the target or its case is applied, so the
 * order in which facts arrive does not matter, and counting an organ's targets per state reads
 * one index instead of joining four tables per target (see the README for the figures).
 */
export const REQUEST_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  request_id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, submitted_at TEXT NOT NULL,
  category TEXT NOT NULL, classification TEXT NOT NULL, requested_action TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS requests_by_organ ON requests (organ_id, submitted_at, request_id);
CREATE TABLE IF NOT EXISTS target_states (
  target_id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, submitted_at TEXT NOT NULL,
  category TEXT NOT NULL, state TEXT NOT NULL, platform TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS target_states_by_organ
  ON target_states (organ_id, state, platform, category, submitted_at);
CREATE INDEX IF NOT EXISTS targets_by_content_key ON targets (content_key);
CREATE INDEX IF NOT EXISTS members_by_case ON members (case_id);
INSERT OR IGNORE INTO requests
  SELECT request_id, organ_id, strftime('%Y-%m-%dT%H:%M:%fZ', submitted_at), category,
    classification, requested_action
  FROM targets WHERE NOT EXISTS (SELECT 1 FROM requests);
INSERT OR IGNORE INTO target_states ${TARGET_ROW}
  WHERE NOT EXISTS (SELECT 1 FROM target_states);
`;

// Target ids are `<requestId>#<n>` and '$' follows '#': the request's targets are one key range.
const OF_REQUEST = `s.target_id > r.request_id || '#' AND s.target_id < r.request_id || '$'`;
const CLOSED = caseStateSchema.options
  .filter((state) => isClosedCaseState(state))
  .map((state) => `'${state}'`)
  .join(", ");

/** The list and open-case lookups over the status store's tables. */
export class RequestIndex {
  private readonly insert: StatementSync;
  private readonly deleteEmpty: StatementSync;
  private readonly refreshOne: StatementSync;
  private readonly refreshMembers: StatementSync;
  private readonly dropTarget: StatementSync;
  private readonly statesOf: StatementSync;
  private readonly openCase: StatementSync;
  private readonly changedTargets = new Set<string>();
  private readonly changedCases = new Set<string>();

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO requests VALUES (?, ?, ?, ?, ?, ?)`);
    this.deleteEmpty = db.prepare(
      `DELETE FROM requests AS r WHERE r.request_id = ?
       AND NOT EXISTS (SELECT 1 FROM targets s WHERE ${OF_REQUEST})`,
    );
    this.refreshOne = db.prepare(`INSERT OR REPLACE INTO target_states ${TARGET_ROW}
      WHERE t.target_id = ?`);
    this.refreshMembers = db.prepare(`INSERT OR REPLACE INTO target_states ${TARGET_ROW}
      WHERE t.target_id IN (SELECT target_id FROM members WHERE case_id = ?)`);
    this.dropTarget = db.prepare(`DELETE FROM target_states WHERE target_id = ?`);
    this.statesOf = db.prepare(
      `SELECT s.state, count(*) AS n FROM target_states s
       WHERE s.target_id > ? || '#' AND s.target_id < ? || '$' GROUP BY 1`,
    );
    this.openCase = db.prepare(
      `SELECT 1 FROM targets t JOIN members m ON m.target_id = t.target_id
       LEFT JOIN cases c ON c.case_id = m.case_id
       WHERE t.content_key = ? AND coalesce(c.state, 'open') NOT IN (${CLOSED}) LIMIT 1`,
    );
  }

  /** After a fact about the target itself (submitted, withdrawn, put on a case). */
  targetChanged(targetId: string): void {
    this.changedTargets.add(targetId);
  }

  /** After a fact about a case: its members' state or platform may have moved. */
  caseChanged(caseId: string): void {
    this.changedCases.add(caseId);
  }

  /**
   * Recomputes the rows of the targets and cases changed since the last call, once each: a
   * target's facts (submitted, put on a case) and its case's (platform, notice, state) mostly
   * come in one batch, and each refresh joins five tables. The store calls it before it commits
   * a batch; since a row is recomputed from the tables, doing it last gives the same rows.
   */
  refreshChanged(): void {
    for (const caseId of this.changedCases) this.refreshMembers.run(caseId);
    for (const targetId of this.changedTargets) this.refreshOne.run(targetId);
    this.forgetChanged();
  }

  /** The batch was rolled back: nothing of it is to be refreshed. */
  forgetChanged(): void {
    this.changedTargets.clear();
    this.changedCases.clear();
  }

  /** With each target fact: the first target of a request creates its row. */
  targetWritten(row: {
    requestId: string;
    organId: string;
    submittedAt: string;
    category: string;
    classification: string;
    requestedAction: string;
  }): void {
    this.insert.run(
      row.requestId,
      row.organId,
      // UTC, so the index orders by time whatever offset the event was written with.
      new Date(row.submittedAt).toISOString(),
      row.category,
      row.classification,
      row.requestedAction,
    );
  }

  /** After a target's tombstone: a request without targets left goes too. */
  targetDeleted(targetId: string): void {
    this.dropTarget.run(targetId);
    this.deleteEmpty.run(targetId.slice(0, targetId.indexOf("#")));
  }

  /** The content keys, among these, with a case that is not over (whoever opened it). */
  openContentKeys(contentKeys: readonly string[]): string[] {
    return contentKeys.filter((key) => this.openCase.get(key) !== undefined);
  }

  /** One page of the organ's requests, newest first, with targets counted per state. */
  list(organId: string, query: RequestListQuery): RequestList | undefined {
    const sql = this.pageSql(organId, query);
    if (sql === undefined) return undefined;
    const rows = this.db.prepare(sql.page).all(...sql.pageParams);
    const page = rows.slice(0, query.limit).map((row) => this.itemOf(row));
    const last = page.at(-1);
    const counts = this.db.prepare(sql.counts).all(...sql.countParams);
    return {
      items: page,
      counts: countsOf(counts),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeListCursor(last) : null,
    };
  }

  /** SQLite's plan for a page of this query (operators, and the test that guards the index). */
  explain(organId: string, query: RequestListQuery): string {
    const sql = this.pageSql(organId, query);
    if (sql === undefined) return "";
    return this.db
      .prepare(`EXPLAIN QUERY PLAN ${sql.page}`)
      .all(...sql.pageParams)
      .map((row) => String(row.detail))
      .join("\n");
  }

  private pageSql(organId: string, query: RequestListQuery) {
    const where = [`r.organ_id = ?`];
    const params: SQLInputValue[] = [organId];
    const countWhere = [`s.organ_id = ?`];
    const countParams: SQLInputValue[] = [organId];
    const both = (clause: string, value: SQLInputValue) => {
      where.push(`r.${clause}`);
      params.push(value);
      countWhere.push(`s.${clause}`);
      countParams.push(value);
    };
    if (query.category !== undefined) both(`category = ?`, query.category);
    if (query.from !== undefined) both(`submitted_at >= ?`, new Date(query.from).toISOString());
    if (query.to !== undefined) both(`submitted_at < ?`, new Date(query.to).toISOString());
    const targetFilters: string[] = [];
    const targetParams: SQLInputValue[] = [];
    if (query.platform !== undefined) {
      targetFilters.push(`s.platform = ?`);
      targetParams.push(query.platform);
      countWhere.push(`s.platform = ?`);
      countParams.push(query.platform);
    }
    if (query.state !== undefined) {
      targetFilters.push(`s.state = ?`);
      targetParams.push(query.state);
    }
    if (targetFilters.length > 0) {
      where.push(
        `EXISTS (SELECT 1 FROM target_states s WHERE ${OF_REQUEST}
         AND ${targetFilters.join(" AND ")})`,
      );
      params.push(...targetParams);
    }
    if (query.cursor !== undefined) {
      const after = decodeListCursor(query.cursor);
      if (after === undefined) return undefined;
      where.push(`(r.submitted_at, r.request_id) < (?, ?)`);
      params.push(after.submittedAt, after.requestId);
    }
    return {
      page: `SELECT r.* FROM requests r WHERE ${where.join(" AND ")}
        ORDER BY r.submitted_at DESC, r.request_id DESC LIMIT ?`,
      pageParams: [...params, query.limit + 1],
      counts: `SELECT s.state, count(*) AS n FROM target_states s
        WHERE ${countWhere.join(" AND ")} GROUP BY 1`,
      countParams,
    };
  }

  private itemOf(row: Record<string, SQLOutputValue>): RequestListItem {
    const requestId = String(row.request_id);
    const states = countsOf(this.statesOf.all(requestId, requestId));
    return {
      requestId,
      submittedAt: String(row.submitted_at),
      category: String(row.category),
      classification: String(row.classification),
      requestedAction: String(row.requested_action),
      targetCount: Object.values(states).reduce((sum, n) => sum + n, 0),
      states,
    };
  }
}

function countsOf(rows: Record<string, SQLOutputValue>[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [String(row.state), Number(row.n)]));
}
