import { z } from "zod";

/**
 * Why a platform acted (or did not), at the granularity of the DSA statement-of-reasons database
 * (Art. 17/24(5)): a decision is grounded either on illegality or on incompatibility with the
 * terms; the remaining codes describe answers that are not content-moderation decisions.
 */
export const responseReasonCodeSchema = z.enum([
  "illegal_content",
  "terms_violation",
  "not_illegal_no_terms_violation",
  "insufficient_information",
  "content_not_found",
  "not_hosted_by_platform",
  "legal_obligation_to_preserve",
  "under_review",
  "other",
]);
export type ResponseReasonCode = z.infer<typeof responseReasonCodeSchema>;

/** The `decision_ground` values of the DSA Transparency Database. */
export type DsaDecisionGround =
  "DECISION_GROUND_ILLEGAL_CONTENT" | "DECISION_GROUND_INCOMPATIBLE_CONTENT";

const DSA_GROUND: Readonly<Record<ResponseReasonCode, DsaDecisionGround | null>> = {
  illegal_content: "DECISION_GROUND_ILLEGAL_CONTENT",
  terms_violation: "DECISION_GROUND_INCOMPATIBLE_CONTENT",
  not_illegal_no_terms_violation: null,
  insufficient_information: null,
  content_not_found: null,
  not_hosted_by_platform: null,
  legal_obligation_to_preserve: null,
  under_review: null,
  other: null,
};

/** The DSA ground a reason maps to, or null when the answer is not a restriction decision. */
export function dsaDecisionGroundOf(reason: ResponseReasonCode): DsaDecisionGround | null {
  return DSA_GROUND[reason];
}
