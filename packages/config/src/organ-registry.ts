import { apiKeyHashPattern, apiKeyIdPattern, storedKeyFields } from "@takedown/api-keys";
import { ORGAN_ID_MAX_LENGTH, organIdPattern } from "@takedown/vocabulary";
import { z } from "zod";

const organId = z
  .string()
  .max(ORGAN_ID_MAX_LENGTH)
  .regex(organIdPattern, "a lowercase slug such as moj-tokyo");

export const organApiKeySchema = z.strictObject({
  id: z.string().regex(apiKeyIdPattern, "8–32 lowercase letters or digits"),
  hash: z.string().regex(apiKeyHashPattern, "an scrypt hash scrypt$N$r$p$salt$hash, never a key"),
  /** Keys are rotated by adding a new one and disabling the old one, never by editing. */
  disabled: z.boolean().default(false),
  /** A rotated key works until then (ISO time), the overlap in which its holder switches. */
  notAfter: z.iso.datetime({ offset: true }).optional(),
});

export const organSchema = z.strictObject({
  id: organId,
  names: z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }),
  kind: z.enum([
    "human_rights_bureau",
    "legal_affairs_bureau",
    "district_legal_affairs_bureau",
    "consultation_centre",
    "other",
  ]),
  apiKeys: z.array(organApiKeySchema).default([]),
  rateLimit: z
    .strictObject({
      /** Sustained rate of /v1 calls. */
      requestsPerMinute: z.number().int().min(1).max(1_000_000),
      /** Calls allowed at once above the sustained rate. */
      burst: z.number().int().min(1).max(100_000),
    })
    .default({ requestsPerMinute: 600, burst: 60 }),
  example: z.boolean().default(false),
});

function checkUnique(
  organs: readonly { id: string; apiKeys: readonly { id: string }[] }[],
  ctx: z.RefinementCtx,
  root: string,
): void {
  const organIds = new Set<string>();
  const keyIds = new Map<string, string>();
  organs.forEach((organ, index) => {
    if (organIds.has(organ.id)) {
      ctx.addIssue({
        code: "custom",
        path: [root, index, "id"],
        message: `duplicate organ id ${organ.id}`,
      });
    }
    organIds.add(organ.id);
    organ.apiKeys.forEach((key, k) => {
      const owner = keyIds.get(key.id);
      if (owner !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [root, index, "apiKeys", k, "id"],
          message: `key id ${key.id} is already used by organ ${owner}`,
        });
      }
      keyIds.set(key.id, organ.id);
    });
  });
}

/** organs.yaml: who may submit requests, with which keys, how fast. */
export const organRegistrySchema = z
  .strictObject({ organs: z.array(organSchema) })
  .superRefine((registry, ctx) => checkUnique(registry.organs, ctx, "organs"));

export type OrganRegistry = z.output<typeof organRegistrySchema>;
export type Organ = OrganRegistry["organs"][number];
export type OrganApiKey = Organ["apiKeys"][number];

/**
 * The git-ignored local key file (`.data/organ-keys.yaml`): keys generated on this machine for
 * organs declared in organs.yaml, so a working key exists without a secret in git.
 */
export const organKeyFileSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({
        organ: organId,
        ...storedKeyFields,
        /** `takedown credentials revoke organ-key`: refused from the next request on. */
        disabled: z.boolean().default(false),
        revokedAt: z.string().optional(),
      }),
    )
    .default([]),
});

export type OrganKeyFile = z.output<typeof organKeyFileSchema>;

/**
 * Adds locally generated keys to the registry. Returns the issues (key for an unknown organ, key
 * id used twice) instead of throwing so the caller can name the file it read.
 */
export function mergeOrganKeys(
  registry: OrganRegistry,
  file: OrganKeyFile,
): { registry: OrganRegistry; issues: { field: string; reason: string }[] } {
  const issues: { field: string; reason: string }[] = [];
  const organs = registry.organs.map((organ) => ({ ...organ, apiKeys: [...organ.apiKeys] }));
  const keyOwners = new Map(organs.flatMap((o) => o.apiKeys.map((k) => [k.id, o.id] as const)));
  file.keys.forEach((key, index) => {
    const organ = organs.find((o) => o.id === key.organ);
    if (organ === undefined) {
      issues.push({
        field: `keys[${index}].organ`,
        reason: `no organ ${key.organ} in organs.yaml`,
      });
      return;
    }
    const owner = keyOwners.get(key.id);
    if (owner !== undefined) {
      issues.push({ field: `keys[${index}].id`, reason: `key id ${key.id} is already used` });
      return;
    }
    keyOwners.set(key.id, organ.id);
    organ.apiKeys.push({
      id: key.id,
      hash: key.hash,
      disabled: key.disabled,
      ...(key.notAfter === undefined ? {} : { notAfter: key.notAfter }),
    });
  });
  return { registry: { organs }, issues };
}
