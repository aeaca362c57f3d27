import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";

export const caseWithdrawnV1 = defineEvent({
  type: "case.withdrawn",
  major: 1,
  description: "Every member target of the case was withdrawn.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    withdrawnTargetIds: z.array(targetIdSchema).min(1),
    withdrawnAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseWithdrawnV1 = z.output<typeof caseWithdrawnV1.schema>;
