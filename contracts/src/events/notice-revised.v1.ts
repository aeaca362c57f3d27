import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { noticeContentShape } from "./notice-content.js";

export const noticeRevisionReasonSchema = z.enum([
  "request_merged",
  "deadline_reminder",
  "information_provided",
  "evidence_links_renewed",
]);
export type NoticeRevisionReason = z.infer<typeof noticeRevisionReasonSchema>;

export const noticeRevisedV1 = defineEvent({
  type: "notice.revised",
  major: 1,
  description: "Routing re-issued the full notice with a higher revision.",
  keying: "content-key",
  schema: z.object({ ...noticeContentShape, revisionReason: noticeRevisionReasonSchema }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type NoticeRevisedV1 = z.output<typeof noticeRevisedV1.schema>;
