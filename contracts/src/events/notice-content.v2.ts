import { z } from "zod";
import { httpUrlSchema, timestampSchema } from "../domain/identifiers.js";
import { noticeAnswerSchema, noticeContentShape } from "./notice-content.js";
import { targetSubmissionV2Schema } from "./target-submission.v2.js";

/**
 * Where the platform fetches one member's part of the dossier (description, legal-basis text,
 * note, victim) as JSON: an expiring presigned GET, like evidence links. The link names the
 * object, not its content; once the request is erased it returns 404.
 */
export const noticeDetailsLinkSchema = z.object({
  downloadUrl: httpUrlSchema,
  downloadUrlExpiresAt: timestampSchema,
});
export type NoticeDetailsLink = z.infer<typeof noticeDetailsLinkSchema>;

/** A member of the notice: its submission (v2) and the link to its dossier part. */
export const noticeRequestSchema = targetSubmissionV2Schema.extend({
  /** Absent when the request's personal data was erased (or for records upcast from v1). */
  details: noticeDetailsLinkSchema.optional(),
});
export type NoticeRequest = z.infer<typeof noticeRequestSchema>;

/** The v1 notice with personal data replaced by dossier links (one file per version: v1 unchanged). */
export const noticeContentShapeV2 = {
  ...noticeContentShape,
  /** One entry per member target, in merge order. */
  requests: z.array(noticeRequestSchema).min(1),
  /** The organs' answers to needs_info, oldest first; their evidence is linked in `evidence`. */
  answers: z.array(noticeAnswerSchema).optional(),
};
