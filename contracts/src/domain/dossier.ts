import { createHmac } from "node:crypto";
import { z } from "zod";
import { requestIdSchema, targetIdSchema } from "./identifiers.js";
import { contactSchema, victimSchema } from "./personal-data.js";
import { legalBasisTextSchema, freeTextSchema } from "./vocabulary.js";

const ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

/**
 * The one S3 object that holds a request's personal data: `dos_<ULID of the request>`, so the
 * dossier of a request is found from the request id alone (erasure needs no index).
 */
export const dossierIdSchema = z
  .string()
  .regex(new RegExp(`^dos_${ULID}$`))
  .meta({ description: "A request's dossier of personal data in S3: dos_<ULID of the request>." });

/** `hmac-sha256:<hex>` of the canonical (RFC 8785) dossier JSON under the request's own secret. */
export const dossierCommitmentSchema = z
  .string()
  .regex(/^hmac-sha256:[0-9a-f]{64}$/)
  .meta({
    description:
      "HMAC-SHA-256 of the RFC 8785 canonical dossier JSON under a per-request secret kept beside the dossier; binds the content without revealing it, and cannot confirm a guess once the secret is erased.",
  });

/** What events carry instead of personal data. */
export const dossierRefSchema = z.object({
  dossierId: dossierIdSchema,
  commitment: dossierCommitmentSchema,
  /**
   * True when the target has a part of its own in the dossier (the organ wrote a note on it);
   * otherwise its platform is shown the request's shared part. Says only that a note exists.
   */
  ownPart: z.boolean().optional(),
});
export type DossierRef = z.infer<typeof dossierRefSchema>;

/**
 * A pseudonymous actor: a portal staff account (`stf_…`) or an API key (`key_…`). Never a name;
 * the mapping to a person stays with the organ.
 */
export const actorIdSchema = z
  .string()
  .regex(/^(stf|key)_[A-Za-z0-9]{6,40}$/)
  .meta({ description: "Pseudonymous actor: stf_… (portal staff) or key_… (API key)." });

/**
 * What the platform hosting a target is shown: the request's shared part (no `targetId`, no
 * note) or, for a target with a note, a part of its own.
 */
export const dossierTargetPartSchema = z.strictObject({
  requestId: requestIdSchema,
  targetId: targetIdSchema.optional(),
  description: freeTextSchema,
  legalBasisText: legalBasisTextSchema.optional(),
  note: z.string().min(1).max(2000).optional(),
  victim: victimSchema.optional(),
});
export type DossierTargetPart = z.infer<typeof dossierTargetPartSchema>;

/** The whole dossier as stored: every piece of personal data of one request, nothing else. */
export const dossierSchema = z.strictObject({
  dossierId: dossierIdSchema,
  requestId: requestIdSchema,
  description: freeTextSchema,
  legalBasisText: legalBasisTextSchema.optional(),
  contact: contactSchema.optional(),
  victim: victimSchema.optional(),
  /** Per target id, the organ's note on that URL. */
  notes: z.record(targetIdSchema, z.string().min(1).max(2000)),
});
export type Dossier = z.infer<typeof dossierSchema>;

export function dossierIdOf(requestId: string): string {
  return `dos_${requestId.slice("req_".length)}`;
}

/**
 * Keys sorted at every depth: for a dossier (strings and objects only) JSON.stringify of this is
 * the RFC 8785 canonical form, which uses ECMAScript's own string serialization.
 */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortedKeys(item)]));
}

/** The commitment events carry; recomputable by whoever holds the dossier and its secret. */
export function dossierCommitment(secret: Uint8Array, dossier: Dossier): string {
  const json = JSON.stringify(sortedKeys(dossier));
  return `hmac-sha256:${createHmac("sha256", secret).update(json, "utf8").digest("hex")}`;
}

/**
 * The part of the dossier the platform hosting `targetId` needs (no contact person); without a
 * target id, the request's shared part every target without a note links to.
 */
export function dossierTargetPart(dossier: Dossier, targetId?: string): DossierTargetPart {
  const note = targetId === undefined ? undefined : dossier.notes[targetId];
  return {
    requestId: dossier.requestId,
    ...(note !== undefined && { targetId }),
    description: dossier.description,
    ...(dossier.legalBasisText !== undefined && { legalBasisText: dossier.legalBasisText }),
    ...(note !== undefined && { note }),
    ...(dossier.victim !== undefined && { victim: dossier.victim }),
  };
}
