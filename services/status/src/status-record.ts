import { z } from "zod";
import {
  caseIdSchema,
  caseStateSchema,
  contentKeySchema,
  evidenceIdSchema,
  organIdSchema,
  platformIdSchema,
  requestIdSchema,
  targetIdSchema,
} from "@takedown/contracts";

export const latestResponseSchema = z.object({
  action: z.string(),
  reasonCode: z.string(),
  /** The platform's own words, from its responses topic; never from the state topic. */
  text: z.string().optional(),
  actedAt: z.string().optional(),
  noticeRevision: z.number().int().optional(),
});
export type LatestResponse = z.output<typeof latestResponseSchema>;

export const targetStatusSchema = z.object({
  targetId: targetIdSchema,
  url: z.string(),
  canonicalUrl: z.string(),
  /** Intake needs it to withdraw the target (the key of target.withdrawn). */
  contentKey: contentKeySchema,
  withdrawn: z.boolean(),
  /** When its request's personal data was erased (issue 13); the target and its case stay. */
  erasedAt: z.string().optional(),
  caseId: caseIdSchema.optional(),
  caseState: caseStateSchema.optional(),
  platformId: platformIdSchema.optional(),
  latestResponse: latestResponseSchema.optional(),
});
export type TargetStatus = z.output<typeof targetStatusSchema>;

/** What the status service answers intake about one request (`GET /v1/requests/{id}`). */
export const statusRecordSchema = z.object({
  requestId: requestIdSchema,
  organId: organIdSchema,
  submittedAt: z.string(),
  category: z.string(),
  classification: z.string(),
  legalBasis: z.string(),
  requestedAction: z.string(),
  evidence: z.array(evidenceIdSchema),
  targets: z.array(targetStatusSchema),
});
export type StatusRecord = z.output<typeof statusRecordSchema>;

/** `GET /v1/requests/{id}/erasure-targets`: what the operator's target.erased events name. */
export const erasureTargetsSchema = z.object({
  requestId: requestIdSchema,
  targets: z
    .array(
      z.object({ targetId: targetIdSchema, organId: organIdSchema, contentKey: contentKeySchema }),
    )
    .min(1),
});
export type ErasureTargets = z.output<typeof erasureTargetsSchema>;
