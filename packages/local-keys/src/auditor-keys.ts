import { join } from "node:path";
import {
  ApiKeyAuthenticator,
  createApiKeyError,
  generateApiKey,
  LocalKeyFile,
  storedKeyFields,
} from "@takedown/api-keys";
import { z } from "zod";

/** `<TAKEDOWN_DATA_DIR>/auditor-keys.yaml`, next to the organs' `organ-keys.yaml`. */
export const AUDITOR_KEY_FILE = "auditor-keys.yaml";

export const auditorKeyFileSchema = z.strictObject({
  keys: z
    .array(
      z.strictObject({
        ...storedKeyFields,
        /** Who holds the key, for the people who read the file; never checked. */
        name: z.string().max(200).optional(),
        /** Keys are revoked by disabling them, never by editing their hash. */
        disabled: z.boolean().default(false),
        revokedAt: z.string().optional(),
      }),
    )
    .default([]),
});

export type AuditorKey = z.output<typeof auditorKeyFileSchema>["keys"][number];

/** Who an accepted auditor key belongs to. */
export interface Auditor {
  keyId: string;
  name?: string;
}

export function auditorKeyFile(dataDir: string): LocalKeyFile<AuditorKey> {
  return new LocalKeyFile({
    path: join(dataDir, AUDITOR_KEY_FILE),
    schema: auditorKeyFileSchema,
    header: "# scrypt hashes of auditor API keys (takedown auditor add). Never commit.\n",
  });
}

/**
 * Makes an auditor key, appends only its hash to the local key file and returns the plain key
 * for the caller to print once: it is stored nowhere.
 */
export async function createLocalAuditorKey(options: {
  dataDir: string;
  name?: string;
  now?: () => Date;
}): Promise<{ plainKey: string; keyId: string; file: string }> {
  const file = auditorKeyFile(options.dataDir);
  const { plainKey, keyId, hash } = await generateApiKey();
  await file.add({
    id: keyId,
    hash,
    ...(options.name === undefined ? {} : { name: options.name }),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    disabled: false,
  });
  return { plainKey, keyId, file: file.path };
}

const accepted = (keys: readonly AuditorKey[]) =>
  keys
    .filter((key) => !key.disabled)
    .map((key) => ({
      keyId: key.id,
      hash: key.hash,
      ...(key.notAfter === undefined ? {} : { notAfter: Date.parse(key.notAfter) }),
      holder: { keyId: key.id, ...(key.name === undefined ? {} : { name: key.name }) },
    }));

/**
 * The audit API's authenticator over the local key file. Every request first checks whether the
 * file changed (one stat, shared by concurrent requests), so a key made, rotated or revoked while
 * the service runs counts from the next request on.
 */
export async function loadAuditorAuthenticator(options: {
  dataDir: string;
  onReloadError: (error: unknown) => void;
}): Promise<ApiKeyAuthenticator<Auditor>> {
  const file = auditorKeyFile(options.dataDir);
  return new ApiKeyAuthenticator<Auditor>({
    keys: accepted(await file.read()),
    reload: async () => {
      const keys = await file.readIfChanged();
      return keys === undefined ? undefined : accepted(keys);
    },
    onReloadError: options.onReloadError,
    revalidateMs: 0,
  });
}

function auditorKeyOf(keys: AuditorKey[], keyId: string, path: string): AuditorKey {
  const key = keys.find((k) => k.id === keyId);
  if (key === undefined)
    throw createApiKeyError("API_KEYS_INVALID_FILE", { detail: `${path}: no key ${keyId}` });
  return key;
}

/**
 * `takedown credentials rotate auditor-key <key-id>`: a new key with the same name; the old one
 * works for `overlapMs` more. Returns the new plain key for the caller to print once.
 */
export async function rotateLocalAuditorKey(options: {
  dataDir: string;
  keyId: string;
  overlapMs: number;
  now?: () => Date;
}): Promise<{ plainKey: string; keyId: string; previousValidUntil: string }> {
  const file = auditorKeyFile(options.dataDir);
  const now = options.now?.() ?? new Date();
  const created = await generateApiKey();
  let previousValidUntil = new Date(now.getTime() + options.overlapMs).toISOString();
  await file.update((keys) => {
    const old = auditorKeyOf(keys, options.keyId, file.path);
    if (old.disabled)
      throw createApiKeyError("API_KEYS_INVALID_FILE", {
        detail: `${file.path}: key ${options.keyId} is revoked; make a new one with takedown auditor add`,
      });
    if (old.notAfter !== undefined && old.notAfter < previousValidUntil)
      previousValidUntil = old.notAfter;
    return [
      ...keys.map((k) => (k === old ? { ...k, notAfter: previousValidUntil } : k)),
      {
        id: created.keyId,
        hash: created.hash,
        ...(old.name === undefined ? {} : { name: old.name }),
        createdAt: now.toISOString(),
        disabled: false,
      },
    ];
  });
  return { plainKey: created.plainKey, keyId: created.keyId, previousValidUntil };
}

/** `takedown credentials revoke auditor-key <key-id>`: refused from the next request on. */
export async function revokeLocalAuditorKey(options: {
  dataDir: string;
  keyId: string;
  now?: () => Date;
}): Promise<void> {
  const file = auditorKeyFile(options.dataDir);
  const revokedAt = (options.now?.() ?? new Date()).toISOString();
  await file.update((keys) => {
    const key = auditorKeyOf(keys, options.keyId, file.path);
    return keys.map((k) => (k === key ? { ...k, disabled: true, revokedAt } : k));
  });
}
