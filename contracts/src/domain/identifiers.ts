import {
  ORGAN_ID_MAX_LENGTH,
  organIdPattern,
  PLATFORM_ID_MAX_LENGTH,
  platformIdPattern,
} from "@takedown/vocabulary";
import { z } from "zod";

/**
 * Identifier formats of SPEC §2–§3. They are regular expressions (not refinements) so that the
 * generated JSON Schema carries them and external readers can check ids without our code.
 */
const ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";
const HEX64 = "[0-9a-f]{64}";

export const ulidPattern = new RegExp(`^${ULID}$`);

/** Lowercase hex SHA-256 of the canonical URL; the Kafka key of every content record. */
export const contentKeySchema = z
  .string()
  .regex(new RegExp(`^${HEX64}$`))
  .meta({ description: "Lowercase hex SHA-256 of the canonical URL (the Kafka record key)." });

export const requestIdSchema = z
  .string()
  .regex(new RegExp(`^req_${ULID}$`))
  .meta({ description: "One organ's submission: req_<ULID>." });

/** `req_<ulid>#n`, n = 1..100 (a request holds at most 100 targets). */
export const targetIdSchema = z
  .string()
  .regex(new RegExp(`^req_${ULID}#(?:[1-9][0-9]?|100)$`))
  .meta({ description: "One URL of a request: req_<ULID>#<1..100>." });

/** Embeds the first 16 hex of the content key so a record naming a case can be checked against its key. */
export const caseIdSchema = z
  .string()
  .regex(new RegExp(`^case_[0-9a-f]{16}_${ULID}$`))
  .meta({ description: "case_<first 16 hex of the content key>_<ULID>." });

export const evidenceIdSchema = z
  .string()
  .regex(new RegExp(`^sha256:${HEX64}$`))
  .meta({ description: "Evidence file id: sha256:<lowercase hex of its SHA-256>." });

export const platformIdSchema = z
  .string()
  .max(PLATFORM_ID_MAX_LENGTH)
  .regex(platformIdPattern)
  .meta({ description: "Platform id, lowercase slug (e.g. line-yahoo)." });

export const organIdSchema = z
  .string()
  .max(ORGAN_ID_MAX_LENGTH)
  .regex(organIdPattern)
  .meta({ description: "Requesting organ id, lowercase slug (e.g. moj-tokyo)." });

/** RFC 3339 with `Z` or an offset: platforms in Japan often write `+09:00`. */
export const timestampSchema = z.iso.datetime({ offset: true });

/** BCP 47 language tag (simplified), e.g. `ja`, `en`, `zh-Hant`. */
export const languageSchema = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/);

/** An absolute http(s) URL as a string; parsing and canonicalization belong to url-canon. */
export const httpUrlSchema = z
  .string()
  .max(4096)
  .regex(/^https?:\/\/[^\s]+$/);

export type ContentKey = z.infer<typeof contentKeySchema>;
export type RequestId = z.infer<typeof requestIdSchema>;
export type TargetId = z.infer<typeof targetIdSchema>;
export type CaseId = z.infer<typeof caseIdSchema>;
export type EvidenceId = z.infer<typeof evidenceIdSchema>;
export type PlatformId = z.infer<typeof platformIdSchema>;
export type OrganId = z.infer<typeof organIdSchema>;

/** Builds a case id; `ulid` must be a fresh ULID. */
export function caseIdFor(contentKey: string, ulid: string): string {
  return `case_${contentKey.slice(0, 16)}_${ulid}`;
}

/** True when the case id embeds the first 16 hex of this content key. */
export function caseIdMatchesContentKey(caseId: string, contentKey: string): boolean {
  return caseId.length > 21 && caseId.startsWith(contentKey.slice(0, 16), 5);
}

/**
 * The pseudonymous account that acted for an organ (`Takedown-Actor`): a portal staff account
 * (`stf_…`) or an API key (`key_…`). Never a name: the audit log shows who acted, not who they are.
 */
export const actorIdSchema = z
  .string()
  .regex(/^(stf|key)_[A-Za-z0-9]{6,40}$/)
  .meta({ description: "Pseudonymous staff account or API key that acted: stf_… or key_…." });
export type ActorId = z.infer<typeof actorIdSchema>;

/** One answer of an organ to a platform's needs_info: ans_<ULID>. */
export const answerIdSchema = z
  .string()
  .regex(new RegExp(`^ans_${ULID}$`))
  .meta({ description: "An organ's answer to needs_info: ans_<ULID>." });

/**
 * The pseudonymous operator who acted (`takedown erase`): `opr_…`. Like actorId, never a name.
 */
export const operatorIdSchema = z
  .string()
  .regex(/^opr_[A-Za-z0-9]{6,40}$/)
  .meta({ description: "Pseudonymous operator who acted: opr_…." });
