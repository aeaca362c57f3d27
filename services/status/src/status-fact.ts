import { z } from "zod";
import {
  answerIdSchema,
  caseIdSchema,
  caseStateSchema,
  categorySchema,
  classificationSchema,
  contentKeySchema,
  evidenceIdSchema,
  httpUrlSchema,
  legalBasisSchema,
  noticeRevisionReasonSchema,
  organIdSchema,
  platformIdSchema,
  requestIdSchema,
  requestedActionSchema,
  responseActionSchema,
  responseReasonCodeSchema,
  stateChangeTriggerSchema,
  targetIdSchema,
  timestampSchema,
} from "@takedown/contracts";
import { createStatusError } from "./errors.js";

const eventId = z.string().min(1).max(200);

/**
 * One record of `takedown.status.state.v1`. Each fact is the latest word of one event type on
 * one target or case, so the updater folds every event without reading earlier state, and
 * compaction keeps exactly what a status answer needs. Only ids, URLs, vocabulary, states and
 * times: strict objects, so a field carrying personal data cannot slip in unnoticed.
 */
export const statusFactSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("target"),
    targetId: targetIdSchema,
    requestId: requestIdSchema,
    organId: organIdSchema,
    submittedAt: timestampSchema,
    category: categorySchema,
    classification: classificationSchema,
    legalBasis: legalBasisSchema,
    requestedAction: requestedActionSchema,
    evidence: z.array(evidenceIdSchema).max(50),
    url: httpUrlSchema,
    canonicalUrl: httpUrlSchema,
    contentKey: contentKeySchema,
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("withdrawn"),
    targetId: targetIdSchema,
    withdrawnAt: timestampSchema,
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("member"),
    targetId: targetIdSchema,
    caseId: caseIdSchema,
  }),
  /** From the cases topic: case.opened, case.state_changed, case.withdrawn. */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("case-state"),
    caseId: caseIdSchema,
    state: caseStateSchema,
    /** When the case entered the state (retention counts from a closed case's); absent in older facts. */
    at: timestampSchema.optional(),
  }),
  /** target.erased: the request's personal data is (being) deleted; who/why stay in the log. */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("erased"),
    targetId: targetIdSchema,
    requestId: requestIdSchema,
    erasedAt: timestampSchema,
    cause: z.enum(["request", "retention"]),
  }),
  /** target.info_provided: the evidence an answer added to its request (its text included). */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("answer"),
    answerId: answerIdSchema,
    targetId: targetIdSchema,
    requestId: requestIdSchema,
    evidence: z.array(evidenceIdSchema).max(51),
  }),
  /** The platform routing named in a case.state_changed. */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("case-platform"),
    caseId: caseIdSchema,
    platformId: platformIdSchema,
  }),
  /** Routing's summary of the response that moved the case (no text, no time). */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("case-response"),
    caseId: caseIdSchema,
    eventId,
    action: responseActionSchema,
    reasonCode: responseReasonCodeSchema,
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("notice"),
    caseId: caseIdSchema,
    platformId: platformIdSchema,
    revision: z.number().int().min(1),
  }),
  /** The platform's latest answer without its free text, which never enters this topic. */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("response"),
    caseId: caseIdSchema,
    eventId,
    platformId: platformIdSchema,
    action: responseActionSchema,
    reasonCode: responseReasonCodeSchema,
    actedAt: timestampSchema,
    noticeRevision: z.number().int().min(1),
  }),
  /**
   * One event in a case's history, for the organ's timeline: one fact per event (keyed by its
   * ce_id), so compaction keeps every step. Codes and times only, like the rest of this topic.
   */
  z.strictObject({
    v: z.literal(1),
    kind: z.literal("step"),
    caseId: caseIdSchema,
    eventId,
    step: z.enum([
      "case_opened",
      "case_merged",
      "notice_issued",
      "notice_revised",
      "state_changed",
      "case_withdrawn",
    ]),
    at: timestampSchema,
    /** case_opened / case_merged: the target that joined the case. */
    targetId: targetIdSchema.optional(),
    state: caseStateSchema.optional(),
    trigger: stateChangeTriggerSchema.optional(),
    revision: z.number().int().min(1).optional(),
    revisionReason: noticeRevisionReasonSchema.optional(),
    action: responseActionSchema.optional(),
    reasonCode: responseReasonCodeSchema.optional(),
    deadline: timestampSchema.optional(),
  }),
]);

export type StatusFact = z.output<typeof statusFactSchema>;
export type StepFact = Extract<StatusFact, { kind: "step" }>;
export type StatusFactKind = StatusFact["kind"];

/**
 * The record key: one per kind and target or case, so compaction keeps the latest of each; one
 * per event for history steps.
 */
export function factKeyOf(fact: StatusFact): string {
  if (fact.kind === "step") return `step/${fact.caseId}/${fact.eventId}`;
  if (fact.kind === "answer") return `answer/${fact.answerId}`;
  return `${fact.kind}/${"targetId" in fact ? fact.targetId : fact.caseId}`;
}

export function encodeFact(fact: StatusFact): { key: string; value: string } {
  return { key: factKeyOf(fact), value: JSON.stringify(fact) };
}

/** Throws STATUS_FACT_CORRUPT: a state record that cannot be read must not be guessed at. */
export function decodeFact(key: string, value: Buffer): StatusFact {
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch (error) {
    throw createStatusError("STATUS_FACT_CORRUPT", { detail: key, cause: error });
  }
  const parsed = statusFactSchema.safeParse(json);
  if (!parsed.success)
    throw createStatusError("STATUS_FACT_CORRUPT", {
      detail: `${key}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    });
  if (factKeyOf(parsed.data) !== key)
    throw createStatusError("STATUS_FACT_CORRUPT", {
      detail: `${key} holds a fact for ${factKeyOf(parsed.data)}`,
    });
  return parsed.data;
}
