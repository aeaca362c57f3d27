import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { responseReasonCodeSchema } from "../domain/response-reason.js";
import { freeTextSchema, responseActionSchema } from "../domain/vocabulary.js";

export const responseSubmittedV1 = defineEvent({
  type: "response.submitted",
  major: 1,
  description:
    "A platform's answer about a case, written by the platform with the key of the notice answered.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    platformId: platformIdSchema,
    /** The notice revision the platform read before answering. */
    noticeRevision: z.number().int().min(1),
    action: responseActionSchema,
    reasonCode: responseReasonCodeSchema,
    /** The platform's explanation (statement of reasons, or what information it needs). */
    text: freeTextSchema.optional(),
    /** DSA statement of reasons: whether the decision was taken by automated means. */
    automatedDecision: z.boolean().optional(),
    /** When the platform decided or acted (may precede the record's ce_time). */
    actedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type ResponseSubmittedV1 = z.output<typeof responseSubmittedV1.schema>;
