import type { DatabaseSync, SQLOutputValue, StatementSync } from "node:sqlite";
import { z } from "zod";
import {
  caseStateSchema,
  noticeRevisionReasonSchema,
  responseActionSchema,
  responseReasonCodeSchema,
  stateChangeTriggerSchema,
  targetIdSchema,
  timestampSchema,
  requestIdSchema,
} from "@takedown/contracts";
import type { StepFact } from "./status-fact.js";

/** One step of a target's timeline, as the organ sees it. */
export const historyStepSchema = z.object({
  step: z.enum([
    "submitted",
    "case_opened",
    "case_merged",
    "notice_issued",
    "notice_revised",
    "state_changed",
    "case_withdrawn",
    "withdrawn",
  ]),
  at: timestampSchema,
  state: caseStateSchema.optional(),
  trigger: stateChangeTriggerSchema.optional(),
  revision: z.number().int().optional(),
  revisionReason: noticeRevisionReasonSchema.optional(),
  action: responseActionSchema.optional(),
  reasonCode: responseReasonCodeSchema.optional(),
  deadline: timestampSchema.optional(),
});
export type HistoryStep = z.output<typeof historyStepSchema>;

/** `GET /v1/requests/{id}/history`: each target's steps, oldest first. */
export const requestHistorySchema = z.object({
  requestId: requestIdSchema,
  targets: z.array(
    z.object({
      targetId: targetIdSchema,
      /** The platform's answer deadline while the case waits for one. */
      deadline: timestampSchema.optional(),
      steps: z.array(historyStepSchema),
    }),
  ),
});
export type RequestHistory = z.output<typeof requestHistorySchema>;

export const CASE_STEPS_SCHEMA = `
CREATE TABLE IF NOT EXISTS case_steps (
  case_id TEXT NOT NULL, event_id TEXT NOT NULL, at TEXT NOT NULL, step TEXT NOT NULL,
  target_id TEXT, detail TEXT NOT NULL, PRIMARY KEY (case_id, event_id)
) WITHOUT ROWID;
`;

// States in which the platform owes an answer by the deadline in force.
const AWAITING = new Set(["notified", "acknowledged", "escalated"]);

const TARGETS = `
SELECT t.target_id, t.submitted_at, w.withdrawn_at, m.case_id, c.state
FROM targets t
LEFT JOIN withdrawals w ON w.target_id = t.target_id
LEFT JOIN members m ON m.target_id = t.target_id
LEFT JOIN cases c ON c.case_id = m.case_id
WHERE t.target_id > ? AND t.target_id < ? AND t.organ_id = ?
ORDER BY t.position`;

function optional(value: SQLOutputValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Each case's history (one row per step fact) and the timeline of a request's targets built from
 * it: the target's own submission and withdrawal, the moment it joined its case (opened or
 * merged), and the case's steps from then on — what came before belongs to whoever opened it.
 */
export class RequestHistoryIndex {
  private readonly insert: StatementSync;
  private readonly remove: StatementSync;
  private readonly targets: StatementSync;
  private readonly steps: StatementSync;

  constructor(db: DatabaseSync) {
    this.insert = db.prepare(`INSERT OR REPLACE INTO case_steps VALUES (?, ?, ?, ?, ?, ?)`);
    this.remove = db.prepare(`DELETE FROM case_steps WHERE case_id = ? AND event_id = ?`);
    this.targets = db.prepare(TARGETS);
    this.steps = db.prepare(
      `SELECT event_id, at, step, target_id, detail FROM case_steps WHERE case_id = ?
       ORDER BY at, event_id`,
    );
  }

  write(fact: StepFact): void {
    const { caseId, eventId, step, at, targetId } = fact;
    const detail = {
      state: fact.state,
      trigger: fact.trigger,
      revision: fact.revision,
      revisionReason: fact.revisionReason,
      action: fact.action,
      reasonCode: fact.reasonCode,
      deadline: fact.deadline,
    };
    // JSON.stringify leaves the undefined ones out.
    this.insert.run(caseId, eventId, at, step, targetId ?? null, JSON.stringify(detail));
  }

  /** A tombstone's key past `step/`: `<caseId>/<eventId>`. */
  delete(id: string): void {
    const slash = id.indexOf("/");
    this.remove.run(id.slice(0, slash), id.slice(slash + 1));
  }

  /** Undefined when the request is unknown or another organ's. */
  history(requestId: string, organId: string): RequestHistory | undefined {
    const rows = this.targets.all(`${requestId}#`, `${requestId}$`, organId);
    if (rows.length === 0) return undefined;
    return {
      requestId,
      targets: rows.map((row) => {
        const targetId = String(row.target_id);
        const steps: HistoryStep[] = [{ step: "submitted", at: String(row.submitted_at) }];
        const caseId = optional(row.case_id);
        if (caseId !== undefined) steps.push(...this.caseSteps(caseId, targetId));
        const withdrawnAt = optional(row.withdrawn_at);
        if (withdrawnAt !== undefined) steps.push({ step: "withdrawn", at: withdrawnAt });
        steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        const state = optional(row.state);
        const deadline = [...steps].reverse().find((s) => s.deadline !== undefined)?.deadline;
        return {
          targetId,
          ...(deadline !== undefined &&
            state !== undefined &&
            AWAITING.has(state) &&
            withdrawnAt === undefined && { deadline }),
          steps,
        };
      }),
    };
  }

  private caseSteps(caseId: string, targetId: string): HistoryStep[] {
    const rows = this.steps.all(caseId);
    const joined = rows.find(
      (row) =>
        optional(row.target_id) === targetId &&
        (row.step === "case_opened" || row.step === "case_merged"),
    );
    // Until this target's own join is known, the case's past is not its story.
    if (joined === undefined) return [];
    const since = Date.parse(String(joined.at));
    const steps: HistoryStep[] = [];
    for (const row of rows) {
      const other = optional(row.target_id);
      if (other !== undefined && other !== targetId) continue;
      if (Date.parse(String(row.at)) < since) continue;
      steps.push({
        step: String(row.step) as HistoryStep["step"],
        at: String(row.at),
        ...(JSON.parse(String(row.detail)) as Omit<HistoryStep, "step" | "at">),
      });
    }
    return steps;
  }
}
