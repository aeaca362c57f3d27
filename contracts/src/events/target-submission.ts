import { z } from "zod";
import {
  evidenceIdSchema,
  httpUrlSchema,
  languageSchema,
  organIdSchema,
  requestIdSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import { personalDataSchema } from "../domain/personal-data.js";
import {
  categorySchema,
  classificationSchema,
  freeTextSchema,
  legalBasisSchema,
  legalBasisTextSchema,
  requestedActionSchema,
} from "../domain/vocabulary.js";

/**
 * What one organ asked about one URL: carried by `target.submitted` and copied into every case
 * membership and notice, so routing can write a notice without looking anything up (the DSA
 * Art. 16 elements: who, why, which exact URL, the legal basis, evidence, language).
 */
export const targetSubmissionSchema = z.object({
  requestId: requestIdSchema,
  targetId: targetIdSchema,
  organId: organIdSchema,
  /** The URL exactly as the organ submitted it. */
  url: httpUrlSchema,
  note: z.string().min(1).max(2000).optional(),
  classification: classificationSchema,
  category: categorySchema,
  legalBasis: legalBasisSchema,
  legalBasisText: legalBasisTextSchema.optional(),
  requestedAction: requestedActionSchema,
  /** The organ's reasoning: why the content infringes rights or is harmful. */
  description: freeTextSchema,
  evidence: z.array(evidenceIdSchema).max(50),
  language: languageSchema,
  submittedAt: timestampSchema,
  personal: personalDataSchema.optional(),
});
export type TargetSubmission = z.infer<typeof targetSubmissionSchema>;
