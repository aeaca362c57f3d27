import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import {
  actorIdSchema,
  contentKeySchema,
  operatorIdSchema,
  organIdSchema,
  requestIdSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { erasureReasonSchema } from "../domain/vocabulary.js";

/**
 * The personal data of one target's request was erased (issue 13): its dossier, its commitment
 * secret and the evidence no live request still names are deleted from S3. Written once per
 * target so that it is keyed and co-partitioned like every other record about the content. It
 * carries who, when and why — ids and codes only, never the data or a free-text reason.
 */
export const targetErasedV1 = defineEvent({
  type: "target.erased",
  major: 1,
  description:
    "The personal data (dossier, evidence) of the target's request was erased, on request or by retention.",
  keying: "content-key",
  schema: z.object({
    requestId: requestIdSchema,
    targetId: targetIdSchema,
    /** The organ whose request it is. */
    organId: organIdSchema,
    contentKey: contentKeySchema,
    /** request: the organ or an operator asked; retention: the automatic sweep. */
    cause: z.enum(["request", "retention"]),
    /** Who asked: the organ (with its pseudonymous actor), an operator, or the retention sweep. */
    erasedBy: z.enum(["organ", "operator", "retention"]),
    actorId: actorIdSchema.optional(),
    operatorId: operatorIdSchema.optional(),
    reason: erasureReasonSchema,
    erasedAt: timestampSchema,
  }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.targetId,
});
export type TargetErasedV1 = z.output<typeof targetErasedV1.schema>;
