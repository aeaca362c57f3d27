/**
 * The enumerations of SPEC §2, as plain lists: contracts turns them into event schemas, config
 * into the platform registry's. Lists only grow within a major version: removing a value would
 * make old records unreadable, and the compatibility gate refuses it.
 */

/** 権利侵害情報 (unlawful) vs 有害情報 (not unlawful but harmful). */
export const classifications = ["rights_infringement", "harmful"] as const;

/** 名誉毀損, プライバシー侵害, 侮辱, 差別的言動, なりすまし, other. */
export const categories = [
  "defamation",
  "privacy",
  "insult",
  "discrimination",
  "impersonation",
  "other",
] as const;

/**
 * `pla_art3_2_1`: the provider liability act's "reasonable grounds to believe rights are unduly
 * infringed"; `platform_policy`: the platform's own terms; `other`: explained in legalBasisText.
 */
export const legalBases = ["pla_art3_2_1", "platform_policy", "other"] as const;

/** `preserve_logs`: keep the sender's logs for a disclosure request (発信者情報開示). */
export const requestedActions = [
  "remove",
  "restrict_visibility",
  "suspend_account",
  "preserve_logs",
] as const;

export const caseStates = [
  "open",
  "notified",
  "acknowledged",
  "removed",
  "restricted",
  "declined",
  "preserved",
  "needs_info",
  "escalated",
  "unroutable",
  "withdrawn",
] as const;

/** What a platform says it did (a subset of the case states a response can lead to). */
export const responseActions = [
  "acknowledged",
  "removed",
  "restricted",
  "declined",
  "needs_info",
  "preserved",
] as const;
