import { join } from "node:path";
import {
  ApiKeyAuthenticator,
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
      holder: { keyId: key.id, ...(key.name === undefined ? {} : { name: key.name }) },
    }));

/**
 * The audit API's authenticator over the local key file. A key made while the service runs is
 * found on its first use: an unknown key id re-reads the file when it changed.
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
  });
}
