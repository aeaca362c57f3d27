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
import { actorIdSchema, dossierRefSchema } from "../domain/dossier.js";
import {
  categorySchema,
  classificationSchema,
  legalBasisSchema,
  requestedActionSchema,
} from "../domain/vocabulary.js";

/**
 * What one organ asked about one URL, without personal data (v2): the description, note,
 * legal-basis text, victim and contact live in the request's dossier in S3, which the record
 * names and binds by an HMAC commitment. Copied into every case membership and notice, so
 * routing can write a notice without looking anything up.
 */
export const targetSubmissionV2Schema = z.object({
  requestId: requestIdSchema,
  targetId: targetIdSchema,
  organId: organIdSchema,
  /** Who at the organ submitted it, pseudonymously; absent for a plain API key call. */
  actorId: actorIdSchema.optional(),
  /** The URL exactly as the organ submitted it. */
  url: httpUrlSchema,
  classification: classificationSchema,
  category: categorySchema,
  legalBasis: legalBasisSchema,
  requestedAction: requestedActionSchema,
  evidence: z.array(evidenceIdSchema).max(50),
  language: languageSchema,
  submittedAt: timestampSchema,
  /** Absent only on records upcast from v1, whose personal data was never put in a dossier. */
  dossier: dossierRefSchema.optional(),
});
export type TargetSubmissionV2 = z.infer<typeof targetSubmissionV2Schema>;
