import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from "node:sqlite";
import { caseStateSchema, isClosedCaseState } from "@takedown/contracts";
import {
  decodeListCursor,
  encodeListCursor,
  type RequestList,
  type RequestListItem,
  type RequestListQuery,
} from "./request-list.js";

/**
 * Tables and indexes for the organ-wide questions (the list of an organ's requests, whether a
 * content key has an open case). `requests` holds one row per request, written with its targets,
 * so a page walks one index newest first instead of grouping every target of the organ.
 */
export const REQUEST_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  request_id TEXT PRIMARY KEY, organ_id TEXT NOT NULL, submitted_at TEXT NOT NULL,
  category TEXT NOT NULL, classification TEXT NOT NULL, requested_action TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS requests_by_organ ON requests (organ_id, submitted_at, request_id);
CREATE INDEX IF NOT EXISTS targets_by_content_key ON targets (content_key);
INSERT OR IGNORE INTO requests
  SELECT request_id, organ_id, submitted_at, category, classification, requested_action
  FROM targets WHERE NOT EXISTS (SELECT 1 FROM requests);
`;

// What one target counts as for its organ; t, w, m, c as joined in TARGET_JOINS.
const TARGET_STATE = `CASE WHEN w.target_id IS NOT NULL THEN 'withdrawn'
  WHEN m.case_id IS NULL THEN 'submitted' ELSE coalesce(c.state, 'open') END`;
const TARGET_PLATFORM = `coalesce(c.case_platform, c.notice_platform)`;
const TARGET_JOINS = `LEFT JOIN withdrawals w ON w.target_id = t.target_id
  LEFT JOIN members m ON m.target_id = t.target_id
  LEFT JOIN cases c ON c.case_id = m.case_id`;
// Target ids are `<requestId>#<n>` and '$' follows '#': the request's targets are one key range.
const OF_REQUEST = `t.target_id > r.request_id || '#' AND t.target_id < r.request_id || '$'`;
const CLOSED = caseStateSchema.options
  .filter((state) => isClosedCaseState(state))
  .map((state) => `'${state}'`)
  .join(", ");

/** The list and open-case lookups over the status store's tables. */
export class RequestIndex {
  private readonly insert: StatementSync;
  private readonly deleteEmpty: StatementSync;
  private readonly statesOf: StatementSync;
  private readonly openCase: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO requests VALUES (?, ?, ?, ?, ?, ?)`);
    this.deleteEmpty = db.prepare(
      `DELETE FROM requests AS r WHERE r.request_id = ?
       AND NOT EXISTS (SELECT 1 FROM targets t WHERE ${OF_REQUEST})`,
    );
    this.statesOf = db.prepare(
      `SELECT ${TARGET_STATE} AS state, count(*) AS n FROM requests r
       JOIN targets t ON ${OF_REQUEST} ${TARGET_JOINS}
       WHERE r.request_id = ? GROUP BY 1`,
    );
    this.openCase = db.prepare(
      `SELECT 1 FROM targets t JOIN members m ON m.target_id = t.target_id
       LEFT JOIN cases c ON c.case_id = m.case_id
       WHERE t.content_key = ? AND coalesce(c.state, 'open') NOT IN (${CLOSED}) LIMIT 1`,
    );
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
    this.deleteEmpty.run(targetId.slice(0, targetId.indexOf("#")));
  }

  /** The content keys, among these, with a case that is not over (whoever opened it). */
  openContentKeys(contentKeys: readonly string[]): string[] {
    return contentKeys.filter((key) => this.openCase.get(key) !== undefined);
  }

  /** One page of the organ's requests, newest first, with targets counted per state. */
  list(organId: string, query: RequestListQuery): RequestList | undefined {
    const where = [`r.organ_id = ?`];
    const params: SQLInputValue[] = [organId];
    if (query.category !== undefined) {
      where.push(`r.category = ?`);
      params.push(query.category);
    }
    if (query.from !== undefined) {
      where.push(`r.submitted_at >= ?`);
      params.push(new Date(query.from).toISOString());
    }
    if (query.to !== undefined) {
      where.push(`r.submitted_at < ?`);
      params.push(new Date(query.to).toISOString());
    }
    const countWhere = [...where];
    const countParams = [...params];
    if (query.platform !== undefined) {
      countWhere.push(`${TARGET_PLATFORM} = ?`);
      countParams.push(query.platform);
    }
    const targetFilters: string[] = [];
    const targetParams: SQLInputValue[] = [];
    if (query.platform !== undefined) {
      targetFilters.push(`${TARGET_PLATFORM} = ?`);
      targetParams.push(query.platform);
    }
    if (query.state !== undefined) {
      targetFilters.push(`${TARGET_STATE} = ?`);
      targetParams.push(query.state);
    }
    if (targetFilters.length > 0) {
      where.push(
        `EXISTS (SELECT 1 FROM targets t ${TARGET_JOINS}
         WHERE ${OF_REQUEST} AND ${targetFilters.join(" AND ")})`,
      );
      params.push(...targetParams);
    }
    if (query.cursor !== undefined) {
      const after = decodeListCursor(query.cursor);
      if (after === undefined) return undefined;
      where.push(`(r.submitted_at, r.request_id) < (?, ?)`);
      params.push(after.submittedAt, after.requestId);
    }
    const rows = this.db
      .prepare(
        `SELECT r.* FROM requests r WHERE ${where.join(" AND ")}
         ORDER BY r.submitted_at DESC, r.request_id DESC LIMIT ?`,
      )
      .all(...params, query.limit + 1);
    const page = rows.slice(0, query.limit).map((row) => this.itemOf(row));
    const last = page.at(-1);
    const counts = this.db
      .prepare(
        `SELECT ${TARGET_STATE} AS state, count(*) AS n FROM requests r
         JOIN targets t ON ${OF_REQUEST} ${TARGET_JOINS}
         WHERE ${countWhere.join(" AND ")} GROUP BY 1`,
      )
      .all(...countParams);
    return {
      items: page,
      counts: countsOf(counts),
      nextCursor: rows.length > query.limit && last !== undefined ? encodeListCursor(last) : null,
    };
  }

  private itemOf(row: Record<string, SQLOutputValue>): RequestListItem {
    const requestId = String(row.request_id);
    const states = countsOf(this.statesOf.all(requestId));
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
