import type { DatabaseSync, SQLOutputValue, StatementSync } from "node:sqlite";
import { createStatusError } from "./errors.js";
import { ERASURE_INDEX_SCHEMA, ErasureIndex } from "./erasure-index.js";
import { REQUEST_INDEX_SCHEMA, RequestIndex } from "./request-index.js";
import { CASE_STEPS_SCHEMA, RequestHistoryIndex, type RequestHistory } from "./request-history.js";
import type { RequestList, RequestListQuery } from "./request-list.js";
import type { StatusFact } from "./status-fact.js";
import { StatusFactWriter } from "./status-fact-writer.js";
import type { LatestResponse, StatusRecord, TargetStatus } from "./status-record.js";

/** The platform's answer text, kept apart from the facts (see StoreFeeder). */
export interface ResponseText {
  caseId: string;
  eventId: string;
  /** Undefined when the latest answer has none: an older text must not outlive its answer. */
  text?: string;
}

/** One fetched batch, applied with the position after it in one SQLite transaction. */
export interface StoreBatch {
  topic: string;
  partition: number;
  /** Offset of the next record to read from this partition. */
  next: number;
  facts?: readonly StatusFact[];
  /** Keys (`kind/id`) whose tombstone was read: an operator's or an erasure's deletion. */
  deletedKeys?: readonly string[];
  texts?: readonly ResponseText[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS targets (
  target_id TEXT PRIMARY KEY, position INTEGER NOT NULL, request_id TEXT NOT NULL,
  organ_id TEXT NOT NULL, submitted_at TEXT NOT NULL, category TEXT NOT NULL,
  classification TEXT NOT NULL, legal_basis TEXT NOT NULL, requested_action TEXT NOT NULL,
  evidence TEXT NOT NULL, url TEXT NOT NULL, canonical_url TEXT NOT NULL, content_key TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS withdrawals (
  target_id TEXT PRIMARY KEY, withdrawn_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS members (target_id TEXT PRIMARY KEY, case_id TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cases (
  case_id TEXT PRIMARY KEY, state TEXT, case_platform TEXT, notice_platform TEXT,
  case_response TEXT, response TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS response_texts (
  case_id TEXT PRIMARY KEY, event_id TEXT NOT NULL, text TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS positions (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
  PRIMARY KEY (topic, partition)
) WITHOUT ROWID;
`;

const RECORD_QUERY = `
SELECT t.target_id, t.organ_id, t.submitted_at, t.category, t.classification, t.legal_basis,
  t.requested_action, t.evidence, t.url, t.canonical_url, t.content_key, w.withdrawn_at,
  m.case_id, c.state, c.case_platform, c.notice_platform, c.case_response, c.response,
  x.event_id AS text_event_id, x.text, e.erased_at
FROM targets t
LEFT JOIN withdrawals w ON w.target_id = t.target_id
LEFT JOIN erasures e ON e.target_id = t.target_id
LEFT JOIN members m ON m.target_id = t.target_id
LEFT JOIN cases c ON c.case_id = m.case_id
LEFT JOIN response_texts x ON x.case_id = m.case_id
WHERE t.target_id > ? AND t.target_id < ?
ORDER BY t.position`;

/**
 * The status service's queryable copy of the state topic: SQLite on local disk, so a GET is one
 * indexed lookup and memory stays at SQLite's page cache whatever the history. Each batch is
 * written together with the Kafka position after it in one transaction, so a crash anywhere
 * resumes exactly where the store stands, and a restart reads only what came since.
 */
export class StatusStore {
  private readonly db: DatabaseSync;
  private readonly requests: RequestIndex;
  private readonly steps: RequestHistoryIndex;
  /** What the eraser asks: erased requests, evidence references, retention candidates. */
  readonly erasures: ErasureIndex;
  private readonly facts: StatusFactWriter;
  private readonly statements: {
    text: StatementSync;
    deleteText: StatementSync;
    position: StatementSync;
    record: StatementSync;
  };

  /**
   * `path` is a file (created when missing) or ":memory:". `readOnly` opens another process's
   * store to look at it (an operator, a test) while that process goes on writing.
   */
  constructor(path: string, options: { readOnly?: boolean } = {}) {
    const readOnly = options.readOnly ?? false;
    try {
      // Loaded on first use, not on import: intake imports this package for its client and
      // need not load an experimental module (Node 22 warns once when node:sqlite loads).
      const { DatabaseSync: Database } = process.getBuiltinModule("node:sqlite");
      this.db = new Database(path, { readOnly, timeout: 5000 });
      if (!readOnly) {
        // WAL with synchronous=NORMAL survives a killed process; a lost last transaction after
        // a power cut only means reading those records from Kafka again. WAL also lets readers
        // in while a batch is written.
        this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        this.db.exec(SCHEMA);
        this.db.exec(ERASURE_INDEX_SCHEMA);
        this.db.exec(REQUEST_INDEX_SCHEMA);
        this.db.exec(CASE_STEPS_SCHEMA);
      }
    } catch (error) {
      throw createStatusError("STATUS_STORE_UNAVAILABLE", { detail: path, cause: error });
    }
    this.statements = {
      text: this.db.prepare(`INSERT OR REPLACE INTO response_texts VALUES (?, ?, ?)`),
      deleteText: this.db.prepare(`DELETE FROM response_texts WHERE case_id = ?`),
      position: this.db.prepare(`INSERT OR REPLACE INTO positions VALUES (?, ?, ?)`),
      record: this.db.prepare(RECORD_QUERY),
    };
    this.requests = new RequestIndex(this.db);
    this.steps = new RequestHistoryIndex(this.db);
    this.erasures = new ErasureIndex(this.db);
    this.facts = new StatusFactWriter(this.db, {
      requests: this.requests,
      steps: this.steps,
      erasures: this.erasures,
    });
  }

  /** Next offset to read per `topic/partition`, as of the last applied batch. */
  positions(): Map<string, number> {
    const rows = this.db.prepare(`SELECT topic, partition, next_offset FROM positions`).all();
    return new Map(
      rows.map((row) => [`${String(row.topic)}/${Number(row.partition)}`, Number(row.next_offset)]),
    );
  }

  apply(batch: StoreBatch): void {
    this.applyAll([batch]);
  }

  /**
   * Applies batches in order as one SQLite transaction, each with its position: a commit costs
   * more than a batch's rows, and a target's facts and its case's lie on different partitions of
   * the state topic, so one fetch's batches together recompute each list row once.
   */
  applyAll(batches: readonly StoreBatch[]): void {
    if (batches.length === 0) return;
    this.db.exec("BEGIN");
    try {
      for (const batch of batches) {
        for (const fact of batch.facts ?? []) this.facts.write(fact);
        for (const key of batch.deletedKeys ?? []) this.facts.delete(key);
        for (const text of batch.texts ?? []) {
          if (text.text === undefined) this.statements.deleteText.run(text.caseId);
          else this.statements.text.run(text.caseId, text.eventId, text.text);
        }
        this.statements.position.run(batch.topic, batch.partition, batch.next);
      }
      this.requests.refreshChanged();
      this.db.exec("COMMIT");
    } catch (error) {
      this.requests.forgetChanged();
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  /** The request as its organ may see it; undefined when unknown or another organ's. */
  record(requestId: string, organId: string): StatusRecord | undefined {
    // Target ids are `<requestId>#<n>` and '$' follows '#': one range of the primary key.
    const rows = this.statements.record.all(`${requestId}#`, `${requestId}$`);
    const first = rows[0];
    if (first === undefined || text(first.organ_id) !== organId) return undefined;
    return {
      requestId,
      organId,
      submittedAt: text(first.submitted_at),
      category: text(first.category),
      classification: text(first.classification),
      legalBasis: text(first.legal_basis),
      requestedAction: text(first.requested_action),
      evidence: JSON.parse(text(first.evidence)) as string[],
      targets: rows.map((row) => targetStatusOf(row)),
    };
  }

  /** Each target's timeline; undefined when the request is unknown or another organ's. */
  history(requestId: string, organId: string): RequestHistory | undefined {
    return this.steps.history(requestId, organId);
  }

  /** A page of the organ's requests; undefined when the cursor is not one this store gave. */
  list(organId: string, query: RequestListQuery): RequestList | undefined {
    return this.requests.list(organId, query);
  }

  /** SQLite's plan for a page of the list (operators, and the test that guards the index). */
  explainList(organId: string, query: RequestListQuery): string {
    return this.requests.explain(organId, query);
  }

  /** Which of these content keys have a case that is not over; never whose it is. */
  openContentKeys(contentKeys: readonly string[]): string[] {
    return this.requests.openContentKeys(contentKeys);
  }

  /** Rows per table, for metrics and tests. */
  counts(): { targets: number; members: number; withdrawals: number; cases: number } {
    const count = (table: string) =>
      Number(this.db.prepare(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0);
    return {
      targets: count("targets"),
      members: count("members"),
      withdrawals: count("withdrawals"),
      cases: count("cases"),
    };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

function text(value: SQLOutputValue | undefined): string {
  return typeof value === "string" ? value : "";
}

function optional(value: SQLOutputValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function targetStatusOf(row: Record<string, SQLOutputValue>): TargetStatus {
  const caseId = optional(row.case_id);
  // A member whose case has no state fact yet was just opened (case.opened carries both).
  const caseState = optional(row.state) ?? (caseId === undefined ? undefined : "open");
  const response = optional(row.response);
  const platformResponse =
    response === undefined
      ? undefined
      : (JSON.parse(response) as {
          eventId: string;
          platformId: string;
          action: string;
          reasonCode: string;
          actedAt: string;
          noticeRevision: number;
        });
  const platformId =
    optional(row.case_platform) ?? optional(row.notice_platform) ?? platformResponse?.platformId;
  let latestResponse: LatestResponse | undefined;
  if (platformResponse !== undefined) {
    const answerText = optional(row.text);
    latestResponse = {
      action: platformResponse.action,
      reasonCode: platformResponse.reasonCode,
      actedAt: platformResponse.actedAt,
      noticeRevision: platformResponse.noticeRevision,
      // Only the text of this very answer: the responses topic may be read ahead of the facts.
      ...(answerText !== undefined &&
        optional(row.text_event_id) === platformResponse.eventId && { text: answerText }),
    };
  } else {
    const summary = optional(row.case_response);
    if (summary !== undefined) latestResponse = JSON.parse(summary) as LatestResponse;
  }
  return {
    targetId: text(row.target_id),
    url: text(row.url),
    canonicalUrl: text(row.canonical_url),
    contentKey: text(row.content_key),
    withdrawn: optional(row.withdrawn_at) !== undefined,
    ...(optional(row.erased_at) !== undefined && { erasedAt: text(row.erased_at) }),
    ...(caseId !== undefined && { caseId }),
    ...(caseState !== undefined && { caseState: caseState as TargetStatus["caseState"] & string }),
    ...(platformId !== undefined && { platformId }),
    ...(latestResponse !== undefined && { latestResponse }),
  };
}
