import {
  answerIdSchema,
  caseIdSchema,
  caseStateSchema,
  evidenceIdSchema,
  organIdSchema,
  platformIdSchema,
  requestIdSchema,
  targetIdSchema,
} from "@takedown/contracts";
import { z } from "zod";

/** Answer bodies of SPEC §4. The OpenAPI document is generated from these and the contracts. */
export const evidenceStoredSchema = z.object({
  evidenceId: evidenceIdSchema,
  size: z.number().int().min(0),
  mediaType: z.string(),
});

export const submissionAcceptedSchema = z.object({
  requestId: requestIdSchema,
  targets: z.array(z.object({ targetId: targetIdSchema, canonicalUrl: z.string() })),
});

export const withdrawalAcceptedSchema = z.object({
  requestId: requestIdSchema,
  withdrawnTargetIds: z.array(targetIdSchema),
});

export const erasureAcceptedSchema = z.object({
  requestId: requestIdSchema,
  erasedTargetIds: z.array(targetIdSchema),
});

export const latestResponseSchema = z.object({
  action: z.string(),
  reasonCode: z.string(),
  text: z.string().optional(),
  actedAt: z.string().optional(),
  noticeRevision: z.number().int().optional(),
});

export const requestStatusSchema = z.object({
  requestId: requestIdSchema,
  organId: organIdSchema,
  submittedAt: z.string(),
  category: z.string(),
  classification: z.string(),
  legalBasis: z.string(),
  requestedAction: z.string(),
  evidence: z.array(evidenceIdSchema),
  withdrawn: z.boolean(),
  /** Every target's personal data is erased (issue 13); the request and its cases stay. */
  erased: z.boolean(),
  targets: z.array(
    z.object({
      targetId: targetIdSchema,
      url: z.string(),
      canonicalUrl: z.string(),
      withdrawn: z.boolean(),
      /** When the request's personal data was erased. */
      erasedAt: z.string().optional(),
      caseId: caseIdSchema.optional(),
      caseState: caseStateSchema.optional(),
      platformId: platformIdSchema.optional(),
      latestResponse: latestResponseSchema.optional(),
      /** While the case is needs_info: the platform's reason code and its own words. */
      question: z.object({ reason: z.string(), message: z.string().optional() }).optional(),
    }),
  ),
});

export const previewResultsSchema = z.object({
  results: z.array(
    z.object({
      url: z.string(),
      canonicalUrl: z.string().nullable(),
      /** The platform routing would notify; null: no platform owns the host (triage). */
      platformId: platformIdSchema.nullable(),
      /** A case that is not over exists for this content (whichever organ opened it). */
      caseOpen: z.boolean(),
      problem: z.object({ title: z.string(), detail: z.string() }).optional(),
    }),
  ),
});

export const answerAcceptedSchema = z.object({ answerId: answerIdSchema });

/** RFC 9457 problem details with the offending field(s). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
