import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { caseStateSchema } from "../domain/vocabulary.js";

export const caseEscalatedV1 = defineEvent({
  type: "case.escalated",
  major: 1,
  description: "The platform's deadline passed without a final answer.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    platformId: platformIdSchema,
    /** The state the case was in when the deadline passed. */
    stateAtDeadline: caseStateSchema,
    noticeRevision: z.number().int().min(1),
    deadline: timestampSchema,
    /** 1 on the first escalation of a case, +1 on each further missed deadline. */
    level: z.number().int().min(1),
    escalatedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseEscalatedV1 = z.output<typeof caseEscalatedV1.schema>;
