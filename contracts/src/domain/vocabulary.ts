import {
  caseStates,
  categories,
  classifications,
  legalBases,
  requestedActions,
  responseActions,
} from "@takedown/vocabulary";
import { z } from "zod";

/**
 * The shared domain vocabulary of SPEC §2 as schemas; the lists are owned by @takedown/vocabulary.
 * Enums only grow within a major version: removing a
 * value would make old records unreadable, and the compatibility gate refuses it.
 */

/** 権利侵害情報 (unlawful) vs 有害情報 (not unlawful but harmful). */
export const classificationSchema = z.enum(classifications);
export type Classification = z.infer<typeof classificationSchema>;

/** 名誉毀損, プライバシー侵害, 侮辱, 差別的言動, なりすまし, other. */
export const categorySchema = z.enum(categories);
export type Category = z.infer<typeof categorySchema>;

/**
 * `pla_art3_2_1`: the provider liability act's "reasonable grounds to believe rights are unduly
 * infringed"; `platform_policy`: the platform's own terms; `other`: explained in legalBasisText.
 */
export const legalBasisSchema = z.enum(legalBases);
export type LegalBasis = z.infer<typeof legalBasisSchema>;

export const legalBasisTextSchema = z.string().min(1).max(2000);

/** `preserve_logs`: keep the sender's logs for a disclosure request (発信者情報開示). */
export const requestedActionSchema = z.enum(requestedActions);
export type RequestedAction = z.infer<typeof requestedActionSchema>;

export const caseStateSchema = z.enum(caseStates);
export type CaseState = z.infer<typeof caseStateSchema>;

/** What a platform says it did (a subset of the case states a response can lead to). */
export const responseActionSchema = z.enum(responseActions);
export type ResponseAction = z.infer<typeof responseActionSchema>;

/** Free text written by people (reasoning, notes, answers); reports must drop it. */
export const freeTextSchema = z.string().min(1).max(10_000);

/**
 * Why personal data was erased, as a code: the audit log keeps it for ever, so free text (which
 * could itself name the person) is not accepted. `retention` is the automatic sweep's.
 */
export const erasureReasonSchema = z.enum([
  "data_subject_request",
  "no_longer_needed",
  "consent_withdrawn",
  "unlawful_processing",
  "retention_expired",
  "other",
]);
export type ErasureReason = z.infer<typeof erasureReasonSchema>;
