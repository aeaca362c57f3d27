import { z } from "zod";
import { defineEvent } from "../catalog/event-definition.js";
import { noticeContentShape } from "./notice-content.js";

export const noticeIssuedV1 = defineEvent({
  type: "notice.issued",
  major: 1,
  description: "Routing notified the platform hosting the content (revision 1).",
  keying: "content-key",
  schema: z.object(noticeContentShape),
  keyOf: (data) => data.contentKey,
  subjectOf: (data) => data.caseId,
  caseIdOf: (data) => data.caseId,
});
export type NoticeIssuedV1 = z.output<typeof noticeIssuedV1.schema>;
