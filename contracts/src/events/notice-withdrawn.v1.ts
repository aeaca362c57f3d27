import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";

export const noticeWithdrawnV1 = defineEvent({
  type: "notice.withdrawn",
  major: 1,
  description: "Every request on the case was withdrawn; the platform need not act.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    platformId: platformIdSchema,
    /** The revision this withdrawal supersedes. */
    revision: z.number().int().min(1),
    reason: z.enum(["all_requests_withdrawn"]),
    withdrawnAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type NoticeWithdrawnV1 = z.output<typeof noticeWithdrawnV1.schema>;
