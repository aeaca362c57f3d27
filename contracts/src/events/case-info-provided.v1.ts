import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  actorIdSchema,
  answerIdSchema,
  caseIdSchema,
  contentKeySchema,
  evidenceIdSchema,
  organIdSchema,
  requestIdSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";

/**
 * Dedup confirmed that an organ's answer to `needs_info` came from a member of the open case:
 * routing revises the notice with the answer's evidence and moves the case back to notified.
 */
export const caseInfoProvidedV1 = defineEvent({
  type: "case.info_provided",
  major: 1,
  description:
    "A member of the case answered the platform's needs_info (dedup checked membership).",
  keying: "content-key",
  schema: z.object({
    answerId: answerIdSchema,
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    requestId: requestIdSchema,
    targetId: targetIdSchema,
    organId: organIdSchema,
    messageEvidenceId: evidenceIdSchema,
    evidence: z.array(evidenceIdSchema).max(50),
    actorId: actorIdSchema.optional(),
    providedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseInfoProvidedV1 = z.output<typeof caseInfoProvidedV1.schema>;
