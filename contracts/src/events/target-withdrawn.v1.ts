import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  contentKeySchema,
  httpUrlSchema,
  organIdSchema,
  requestIdSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { freeTextSchema } from "../domain/vocabulary.js";

export const targetWithdrawnV1 = defineEvent({
  type: "target.withdrawn",
  major: 1,
  description: "The organ withdrew one target of its request.",
  keying: "content-key",
  schema: z.object({
    requestId: requestIdSchema,
    targetId: targetIdSchema,
    organId: organIdSchema,
    canonicalUrl: httpUrlSchema,
    contentKey: contentKeySchema,
    reason: freeTextSchema.optional(),
    withdrawnAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.targetId,
});
export type TargetWithdrawnV1 = z.output<typeof targetWithdrawnV1.schema>;
