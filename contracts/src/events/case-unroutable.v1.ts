import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  httpUrlSchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";

export const caseUnroutableV1 = defineEvent({
  type: "case.unroutable",
  major: 1,
  description: "No registered platform takes the case; an operator must triage it.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    canonicalUrl: httpUrlSchema,
    host: z.string().min(1).max(253),
    reason: z.enum(["no_platform_for_host", "platform_disabled", "category_not_accepted"]),
    /** The platform that owns the host but cannot take the case, if any. */
    platformId: platformIdSchema.optional(),
    detectedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseUnroutableV1 = z.output<typeof caseUnroutableV1.schema>;
