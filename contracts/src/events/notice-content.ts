import { z } from "zod";
import {
  answerIdSchema,
  caseIdSchema,
  contentKeySchema,
  evidenceIdSchema,
  httpUrlSchema,
  languageSchema,
  platformIdSchema,
  targetIdSchema,
  timestampSchema,
} from "../domain/identifiers.js";
import {
  categorySchema,
  classificationSchema,
  freeTextSchema,
  requestedActionSchema,
} from "../domain/vocabulary.js";
import { targetSubmissionSchema } from "./target-submission.js";

/** An evidence file as the platform fetches it: the immutable id plus an expiring presigned GET. */
export const noticeEvidenceSchema = z.object({
  evidenceId: evidenceIdSchema,
  downloadUrl: httpUrlSchema,
  downloadUrlExpiresAt: timestampSchema,
  mediaType: z.string().max(255).optional(),
  size: z.number().int().min(0).optional(),
});
export type NoticeEvidence = z.infer<typeof noticeEvidenceSchema>;

/** DSA Art. 16/17-style information on how the notified party can object or seek redress. */
export const redressSchema = z.object({
  text: freeTextSchema,
  url: httpUrlSchema.optional(),
});

/**
 * An organ's answer to the platform's needs_info. Its text is an evidence object (text/plain;
 * charset=utf-8) linked in `evidence` like the files sent with it.
 */
export const noticeAnswerSchema = z.object({
  answerId: answerIdSchema,
  targetId: targetIdSchema,
  messageEvidenceId: evidenceIdSchema,
  evidence: z.array(evidenceIdSchema).max(50),
  providedAt: timestampSchema,
});
export type NoticeAnswer = z.infer<typeof noticeAnswerSchema>;

/**
 * The whole notice as the platform must see it. Each revision repeats it in full so a platform
 * never has to merge revisions to know what is asked of it.
 */
export const noticeContentShape = {
  caseId: caseIdSchema,
  contentKey: contentKeySchema,
  platformId: platformIdSchema,
  /** 1 for notice.issued, +1 for every notice.revised. */
  revision: z.number().int().min(1),
  canonicalUrl: httpUrlSchema,
  /** Every exact URL the organs submitted for this content. */
  urls: z.array(httpUrlSchema).min(1),
  /** rights_infringement when any request says so. */
  classification: classificationSchema,
  categories: z.array(categorySchema).min(1),
  requestedActions: z.array(requestedActionSchema).min(1),
  /** One entry per member target, in merge order. */
  requests: z.array(targetSubmissionSchema).min(1),
  evidence: z.array(noticeEvidenceSchema),
  /** The platform must answer by then, or the case is escalated. */
  deadline: timestampSchema,
  redress: redressSchema,
  language: languageSchema,
  issuedAt: timestampSchema,
};
