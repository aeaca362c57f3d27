import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { targetSubmissionSchema } from "./target-submission.js";

export const caseMergedV1 = defineEvent({
  type: "case.merged",
  major: 1,
  description: "Dedup merged another target (possibly from another organ) into an open case.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    member: targetSubmissionSchema,
    /** Members on the case after this merge, withdrawn ones excluded. */
    memberCount: z.number().int().min(2),
    mergedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseMergedV1 = z.output<typeof caseMergedV1.schema>;
