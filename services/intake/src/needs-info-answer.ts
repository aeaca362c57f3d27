import { createHash, randomBytes } from "node:crypto";
import {
  createEvent,
  evidenceIdSchema,
  targetIdSchema,
  type AnyTakedownEvent,
} from "@takedown/contracts";
import type { Organ } from "@takedown/config";
import { z } from "zod";
import { createIntakeError } from "./errors.js";
import type { EvidenceStore } from "./evidence-store.js";
import { fieldError, invalidBodyError } from "./problem-handler.js";
import type { RequestProjection } from "./request-projection.js";
import { requireStoredEvidence } from "./stored-evidence-check.js";

export const answerBodySchema = z.strictObject({
  targetId: targetIdSchema,
  /** Free text, personal data: stored as evidence, never carried in an event. */
  message: z.string().trim().min(1).max(20_000),
  evidence: z.array(evidenceIdSchema).max(50).default([]),
});

export const ANSWER_MEDIA_TYPE = "text/plain;charset=utf-8";

export interface NeedsInfoAnswerOptions {
  projection: RequestProjection;
  evidence: EvidenceStore;
  source: string;
  newAnswerId: () => string;
  now: () => Date;
}

/**
 * POST /v1/requests/{id}/answers, up to the events: the organ answers the platform's needs_info
 * on one of its own targets. The message becomes an evidence object; the event names it by id.
 * The object starts with a random line, so its id (a plain SHA-256) cannot confirm a guess of a
 * short answer by anyone who sees the id in a topic or the audit log.
 */
export async function draftNeedsInfoAnswer(
  options: NeedsInfoAnswerOptions,
  call: { organ: Organ; requestId: string; rawBody: unknown; actorId: string | undefined },
): Promise<{ answer: { status: number; body: unknown }; events: AnyTakedownEvent[] }> {
  const parsed = answerBodySchema.safeParse(call.rawBody);
  if (!parsed.success) throw invalidBodyError(parsed.error);
  const body = parsed.data;
  const request = await options.projection.find(call.requestId, call.organ.id);
  if (request === undefined)
    throw createIntakeError("INTAKE_NOT_FOUND", { detail: call.requestId });
  const target = request.targets.find((t) => t.targetId === body.targetId);
  if (target === undefined)
    throw fieldError("INTAKE_INVALID_BODY", [
      { field: "/targetId", message: `${body.targetId} is not a target of ${call.requestId}` },
    ]);
  if (target.erasedAt !== undefined)
    throw createIntakeError("INTAKE_NOT_AWAITING_ANSWER", {
      detail: `${body.targetId}: the request's personal data is erased; an answer would be new personal data`,
    });
  if (target.withdrawn || target.caseState !== "needs_info" || target.caseId === undefined)
    throw createIntakeError("INTAKE_NOT_AWAITING_ANSWER", {
      detail: `${body.targetId}: case is ${target.withdrawn ? "withdrawn by you" : (target.caseState ?? "not open yet")}, not needs_info`,
    });

  await requireStoredEvidence(options.evidence, body.evidence);

  const answerId = options.newAnswerId();
  const text = Buffer.from(
    `${answerId} ${randomBytes(16).toString("hex")}\n\n${body.message}\n`,
    "utf8",
  );
  const stored = await options.evidence.store({
    body: text,
    sha256: createHash("sha256").update(text).digest("hex"),
    mediaType: ANSWER_MEDIA_TYPE,
  });
  const providedAt = options.now().toISOString();
  const event = createEvent(
    "target.info_provided",
    {
      answerId,
      requestId: call.requestId,
      targetId: target.targetId,
      organId: call.organ.id,
      caseId: target.caseId,
      contentKey: target.contentKey,
      messageEvidenceId: stored.evidenceId,
      evidence: body.evidence,
      ...(call.actorId !== undefined && { actorId: call.actorId }),
      providedAt,
    },
    { source: options.source, id: `${answerId}/provided`, time: providedAt },
  );
  return { answer: { status: 202, body: { answerId } }, events: [event] };
}
