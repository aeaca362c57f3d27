import { z } from "zod";
import {
  caseStateSchema,
  categorySchema,
  contentKeySchema,
  platformIdSchema,
  requestIdSchema,
} from "@takedown/contracts";

/**
 * What a target counts as in a request's `states`: its case's state, `withdrawn` once its own
 * organ withdrew it (whatever other organs keep the case in), `submitted` before dedup has
 * put it on a case, or `erased` once its request's personal data was erased (issue 13).
 */
export const targetStateSchema = z.union([
  caseStateSchema,
  z.literal("submitted"),
  z.literal("erased"),
]);
export type TargetState = z.output<typeof targetStateSchema>;

export const MAX_LIST_LIMIT = 200;
export const DEFAULT_LIST_LIMIT = 50;

/** The filters of `GET /v1/requests` (intake) and of the status API behind it. */
export const requestListQuerySchema = z.strictObject({
  state: targetStateSchema.optional(),
  platform: platformIdSchema.optional(),
  category: categorySchema.optional(),
  /** Submitted at or after (RFC 3339; compared as UTC). */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Submitted before. */
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
});
export type RequestListQuery = z.output<typeof requestListQuerySchema>;

const stateCountsSchema = z.record(z.string(), z.number().int().min(0));

export const requestListItemSchema = z.object({
  requestId: requestIdSchema,
  submittedAt: z.string(),
  category: z.string(),
  classification: z.string(),
  requestedAction: z.string(),
  targetCount: z.number().int().min(0),
  states: stateCountsSchema,
});
export type RequestListItem = z.output<typeof requestListItemSchema>;

export const requestListSchema = z.object({
  items: z.array(requestListItemSchema),
  /** Targets per state over every request the filters other than `state` and `cursor` match. */
  counts: stateCountsSchema,
  nextCursor: z.string().nullable(),
});
export type RequestList = z.output<typeof requestListSchema>;

/** `POST /v1/content/open`: which content keys have a case that is not over. */
export const openContentQuerySchema = z.strictObject({
  contentKeys: z.array(contentKeySchema).min(1).max(100),
});
export const openContentAnswerSchema = z.object({ open: z.array(contentKeySchema) });

/** The cursor is opaque to clients: the sort key of the last item shown. */
export function encodeListCursor(position: { submittedAt: string; requestId: string }): string {
  return Buffer.from(`${position.submittedAt}|${position.requestId}`, "utf8").toString("base64url");
}

export function decodeListCursor(
  cursor: string,
): { submittedAt: string; requestId: string } | undefined {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  const submittedAt = text.slice(0, bar);
  const requestId = text.slice(bar + 1);
  if (bar < 0 || Number.isNaN(Date.parse(submittedAt))) return undefined;
  return requestIdSchema.safeParse(requestId).success ? { submittedAt, requestId } : undefined;
}
