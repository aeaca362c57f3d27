import { z } from "zod";
import { evidenceIdSchema, languageSchema } from "../domain/identifiers.js";
import { contactSchema, victimSchema } from "../domain/personal-data.js";
import {
  categorySchema,
  classificationSchema,
  freeTextSchema,
  legalBasisSchema,
  legalBasisTextSchema,
  requestedActionSchema,
} from "../domain/vocabulary.js";

/**
 * The body of `POST /v1/requests` (SPEC §4). Unlike event data this is strict: at the HTTP edge
 * an unknown field is a client mistake (a typo in `legalBasisText` would silently lose the
 * legal basis), so it is refused rather than dropped. URLs are only bounded here; intake's
 * canonicalization refuses bad schemes and credentials with its own typed reasons.
 */
export const requestSubmissionBodySchema = z
  .strictObject({
    targets: z
      .array(
        z.strictObject({
          url: z.string().min(1).max(4096),
          note: z.string().min(1).max(2000).optional(),
        }),
      )
      .min(1)
      .max(100),
    category: categorySchema,
    classification: classificationSchema,
    legalBasis: legalBasisSchema,
    legalBasisText: legalBasisTextSchema.optional(),
    requestedAction: requestedActionSchema,
    description: freeTextSchema,
    evidence: z.array(evidenceIdSchema).max(50),
    language: languageSchema.optional(),
    /** PERSONAL DATA: the person at the organ handling the request. */
    contact: z.strictObject(contactSchema.shape).optional(),
    /** PERSONAL DATA: the person whose rights are affected (an addition to SPEC §4, optional). */
    victim: z.strictObject(victimSchema.shape).optional(),
  })
  .superRefine((body, context) => {
    if (body.legalBasis === "other" && body.legalBasisText === undefined) {
      context.addIssue({
        code: "custom",
        path: ["legalBasisText"],
        message: 'legalBasisText is required when legalBasis is "other"',
      });
    }
  });
export type RequestSubmissionBody = z.infer<typeof requestSubmissionBodySchema>;
