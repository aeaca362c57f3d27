import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { targetSubmissionSchema } from "./target-submission.js";

export const caseOpenedV1 = defineEvent({
  type: "case.opened",
  major: 1,
  description: "Dedup opened a case for a canonical URL with its first member target.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    platformHint: platformIdSchema.optional(),
    member: targetSubmissionSchema,
    /** Set when the URL had a closed case before (re-uploaded or re-reported content). */
    previousCaseId: caseIdSchema.optional(),
    openedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseOpenedV1 = z.output<typeof caseOpenedV1.schema>;
