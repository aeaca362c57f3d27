import type { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { contentKeySchema, httpUrlSchema, platformIdSchema } from "../domain/identifiers.js";
import { targetSubmissionV2Schema } from "./target-submission.v2.js";

export const targetSubmittedV2 = defineEvent({
  type: "target.submitted",
  major: 2,
  description:
    "Intake accepted one target (URL) of an organ's request; personal data is in the request's dossier, named and committed to, never carried.",
  keying: "content-key",
  schema: targetSubmissionV2Schema.extend({
    canonicalUrl: httpUrlSchema,
    contentKey: contentKeySchema,
    /** The platform url-canon guessed from the host; routing decides. */
    platformHint: platformIdSchema.optional(),
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.targetId,
});
export type TargetSubmittedV2 = z.output<typeof targetSubmittedV2.schema>;
