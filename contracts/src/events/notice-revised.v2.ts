import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { noticeContentShapeV2 } from "./notice-content.v2.js";
import { noticeRevisionReasonSchema } from "./notice-revised.v1.js";

export const noticeRevisedV2 = defineEvent({
  type: "notice.revised",
  major: 2,
  description:
    "Routing re-issued the full notice with a higher revision; personal data behind expiring links, not in the record.",
  keying: "content-key",
  schema: z.object({ ...noticeContentShapeV2, revisionReason: noticeRevisionReasonSchema }),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type NoticeRevisedV2 = z.output<typeof noticeRevisedV2.schema>;
