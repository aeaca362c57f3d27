import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { targetSubmissionV2Schema } from "./target-submission.v2.js";

export const caseMergedV2 = defineEvent({
  type: "case.merged",
  major: 2,
  description:
    "Dedup merged another target (possibly from another organ) into an open case (a v2 submission: no personal data).",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    member: targetSubmissionV2Schema,
    /** Members on the case after this merge, withdrawn ones excluded. */
    memberCount: z.number().int().min(2),
    mergedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseMergedV2 = z.output<typeof caseMergedV2.schema>;
