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
 * The organ answered a platform's `needs_info` about one of its targets. The answer's text is
 * personal data: it is stored as an evidence object and only its id travels here.
 */
export const targetInfoProvidedV1 = defineEvent({
  type: "target.info_provided",
  major: 1,
  description:
    "The organ answered the platform's needs_info on one target; the message is an evidence object.",
  keying: "content-key",
  schema: z.object({
    answerId: answerIdSchema,
    requestId: requestIdSchema,
    targetId: targetIdSchema,
    organId: organIdSchema,
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    /** The answer's text, stored as text/plain;charset=utf-8 evidence. */
    messageEvidenceId: evidenceIdSchema,
    /** Files the organ added with its answer. */
    evidence: z.array(evidenceIdSchema).max(50),
    actorId: actorIdSchema.optional(),
    providedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.targetId,
  caseIdOf: (data) => data.caseId,
});
export type TargetInfoProvidedV1 = z.output<typeof targetInfoProvidedV1.schema>;
