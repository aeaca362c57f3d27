import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { noticeContentShapeV2 } from "./notice-content.v2.js";

export const noticeIssuedV2 = defineEvent({
  type: "notice.issued",
  major: 2,
  description:
    "Routing notified the platform hosting the content (revision 1); each request's personal data is behind an expiring link, not in the record.",
  keying: "content-key",
  schema: z.object(noticeContentShapeV2),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type NoticeIssuedV2 = z.output<typeof noticeIssuedV2.schema>;
