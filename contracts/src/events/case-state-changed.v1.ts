import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  caseIdSchema,
  contentKeySchema,
  platformIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { responseReasonCodeSchema } from "../domain/response-reason.js";
import { caseStateSchema, responseActionSchema } from "../domain/vocabulary.js";

/** What moved the case; lets status views and reports explain a transition without a join. */
export const stateChangeTriggerSchema = z.enum([
  "notice_issued",
  "platform_response",
  "deadline_passed",
  "case_withdrawn",
  "case_unroutable",
  "information_provided",
]);
export type StateChangeTrigger = z.infer<typeof stateChangeTriggerSchema>;

export const caseStateChangedV1 = defineEvent({
  type: "case.state_changed",
  major: 1,
  description: "Routing moved a case from one SPEC §2 state to another.",
  keying: "content-key",
  schema: z.object({
    caseId: caseIdSchema,
    contentKey: contentKeySchema,
    from: caseStateSchema,
    to: caseStateSchema,
    trigger: stateChangeTriggerSchema,
    platformId: platformIdSchema.optional(),
    /** When trigger is platform_response: what the platform answered, and the response's ce_id. */
    response: z
      .object({
        eventId: z.string().min(1).max(200),
        action: responseActionSchema,
        reasonCode: responseReasonCodeSchema,
      })
      .optional(),
    /** The answer deadline in force after the change, if any. */
    deadline: timestampSchema.optional(),
    changedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type CaseStateChangedV1 = z.output<typeof caseStateChangedV1.schema>;
