import { z } from "zod";
import {
  caseStateSchema,
  noticeAnswerSchema,
  responseActionSchema,
  responseReasonCodeSchema,
  targetSubmissionSchema,
  type RequestedAction,
} from "@takedown/contracts";
import { createRoutingError } from "./errors.js";

/**
 * Everything routing keeps about the case open on one content key: enough to re-issue the full
 * notice, judge a response and find a missed deadline. Stored as the value of the compacted
 * `takedown.routing.state.v1`, keyed by content key.
 */
export const routedCaseSchema = z.strictObject({
  caseId: z.string(),
  contentKey: z.string(),
  canonicalUrl: z.string(),
  state: caseStateSchema,
  /** The platform the case was routed to; absent when unroutable. */
  platformId: z.string().optional(),
  /** Revision of the latest notice; 0 before the first. */
  revision: z.number().int().min(0),
  members: z.array(targetSubmissionSchema).min(1),
  /** Answer deadline in force; absent while no answer is due. */
  deadline: z.string().optional(),
  /** The window of the case's most urgent requested action, re-used for reminders. */
  answerWindowMs: z.number().int().min(0).optional(),
  escalationLevel: z.number().int().min(0),
  lastResponse: z
    .strictObject({
      eventId: z.string(),
      action: responseActionSchema,
      reasonCode: responseReasonCodeSchema,
    })
    .optional(),
  /** The organs' answers to needs_info, repeated in every later notice. */
  answers: z.array(noticeAnswerSchema).optional(),
  updatedAt: z.string(),
});

export type RoutedCase = z.output<typeof routedCaseSchema>;

export function requestedActionsOf(routed: Pick<RoutedCase, "members">): RequestedAction[] {
  return [...new Set(routed.members.map((m) => m.requestedAction))];
}

/** The changelog value's text (written as UTF-8). */
export function encodeRoutedCase(routed: RoutedCase): string {
  return JSON.stringify(routed);
}

export function decodeRoutedCase(value: Buffer): RoutedCase {
  let json: unknown;
  try {
    json = JSON.parse(value.toString("utf8"));
  } catch (error) {
    throw createRoutingError("ROUTING_STATE_CORRUPT", { detail: "not JSON", cause: error });
  }
  const parsed = routedCaseSchema.safeParse(json);
  if (!parsed.success)
    throw createRoutingError("ROUTING_STATE_CORRUPT", { detail: parsed.error.message });
  return parsed.data;
}
