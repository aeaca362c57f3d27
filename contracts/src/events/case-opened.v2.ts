import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { targetSubmissionV2Schema } from "./target-submission.v2.js";

export const caseOpenedV2 = defineEvent({
  type: "case.opened",
  major: 2,
  description:
    "Dedup opened a case for a canonical URL with its first member target (a v2 submission: no personal data).",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    platformHint: platformIdSchema.optional(),
    member: targetSubmissionV2Schema,
    /** Set when the URL had a closed case before (re-uploaded or re-reported content). */
    previousCaseId: caseIdSchema.optional(),
    openedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseOpenedV2 = z.output<typeof caseOpenedV2.schema>;
