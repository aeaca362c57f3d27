import { z } from "zod";

/**
 * The intake answers the portal reads (SPEC §4), checked at the boundary. Loose objects: a field
 * intake adds later passes through to the SPA instead of failing the page.
 */
export const problemSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string().optional(),
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type IntakeProblem = z.output<typeof problemSchema>;

export const previewAnswerSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      url: z.string(),
      canonicalUrl: z.string().nullable(),
      platformId: z.string().nullable(),
      caseOpen: z.boolean(),
      problem: z.object({ title: z.string(), detail: z.string() }).optional(),
    }),
  ),
});

const stateCounts = z.record(z.string(), z.number().int().min(0));

export const requestListSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      requestId: z.string(),
      submittedAt: z.string(),
      category: z.string(),
      classification: z.string(),
      requestedAction: z.string(),
      targetCount: z.number().int(),
      states: stateCounts,
    }),
  ),
  counts: stateCounts,
  nextCursor: z.string().nullable(),
});

export const requestStatusSchema = z.looseObject({
  requestId: z.string(),
  organId: z.string(),
  submittedAt: z.string(),
  category: z.string(),
  classification: z.string(),
  legalBasis: z.string(),
  requestedAction: z.string(),
  evidence: z.array(z.string()),
  withdrawn: z.boolean(),
  targets: z.array(
    z.looseObject({
      targetId: z.string(),
      url: z.string(),
      canonicalUrl: z.string(),
      withdrawn: z.boolean(),
      caseId: z.string().optional(),
      caseState: z.string().optional(),
      platformId: z.string().optional(),
      latestResponse: z
        .looseObject({
          action: z.string(),
          reasonCode: z.string(),
          text: z.string().optional(),
          actedAt: z.string().optional(),
        })
        .optional(),
      question: z.looseObject({ reason: z.string(), message: z.string().optional() }).optional(),
    }),
  ),
});

export const requestHistorySchema = z.looseObject({
  requestId: z.string(),
  targets: z.array(
    z.looseObject({
      targetId: z.string(),
      deadline: z.string().optional(),
      steps: z.array(z.looseObject({ step: z.string(), at: z.string() })),
    }),
  ),
});

export const submissionAcceptedSchema = z.looseObject({
  requestId: z.string(),
  targets: z.array(z.looseObject({ targetId: z.string(), canonicalUrl: z.string() })),
});

export const withdrawalAcceptedSchema = z.looseObject({
  requestId: z.string(),
  withdrawnTargetIds: z.array(z.string()),
});

export const answerAcceptedSchema = z.looseObject({ answerId: z.string() });

export const evidenceStoredSchema = z.looseObject({
  evidenceId: z.string(),
  size: z.number().int(),
  mediaType: z.string(),
});

/** Query of GET /v1/requests; every field optional. */
export const requestListQuerySchema = z.strictObject({
  state: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  platform: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
  category: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export type RequestListQuery = z.output<typeof requestListQuerySchema>;
