import type { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { contentKeySchema, httpUrlSchema, platformIdSchema } from "../domain/identifiers.js";
import { targetSubmissionSchema } from "./target-submission.js";

export const targetSubmittedV1 = defineEvent({
  type: "target.submitted",
  major: 1,
  description: "Intake accepted one target (URL) of an organ's request.",
  keying: "content-key",
  schema: targetSubmissionSchema.extend({
    canonicalUrl: httpUrlSchema,
    contentKey: contentKeySchema,
    /** The platform url-canon guessed from the host; routing decides. */
    platformHint: platformIdSchema.optional(),
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.targetId,
});
export type TargetSubmittedV1 = z.output<typeof targetSubmittedV1.schema>;
