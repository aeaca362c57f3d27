import { join } from "node:path";
import { generateApiKey, LocalKeyFile } from "@takedown/api-keys";
import {
  createConfigError,
  mergeOrganKeys,
  organKeyFileSchema,
  type OrganKeyFile,
  type OrganRegistry,
} from "@takedown/config";

export const LOCAL_KEY_FILE = "organ-keys.yaml";

function organKeyFile(dataDir: string): LocalKeyFile<OrganKeyFile["keys"][number]> {
  return new LocalKeyFile({
    path: join(dataDir, LOCAL_KEY_FILE),
    schema: organKeyFileSchema,
    header:
      "# scrypt hashes of API keys made on this machine (takedown organ add). Never commit.\n",
  });
}

/** organs.yaml plus the keys generated on this machine (git-ignored `<dataDir>/organ-keys.yaml`). */
export async function withLocalOrganKeys(
  registry: OrganRegistry,
  dataDir: string,
): Promise<OrganRegistry> {
  const file = organKeyFile(dataDir);
  const merged = mergeOrganKeys(registry, { keys: await file.read() });
  if (merged.issues.length > 0) {
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: merged.issues.map((i) => `${file.path}: ${i.field}: ${i.reason}`).join("; "),
    });
  }
  return merged.registry;
}

/**
 * Generates a key for a declared organ, appends only its hash to the local key file, and
 * returns the plain key for the caller to print once: it is stored nowhere.
 */
export async function createLocalOrganKey(options: {
  registry: OrganRegistry;
  dataDir: string;
  organId: string;
  now?: () => Date;
}): Promise<{ plainKey: string; keyId: string; file: string }> {
  if (!options.registry.organs.some((o) => o.id === options.organId)) {
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: `no organ ${options.organId} in organs.yaml`,
    });
  }
  const file = organKeyFile(options.dataDir);
  const { plainKey, keyId, hash } = await generateApiKey();
  await file.add({
    organ: options.organId,
    id: keyId,
    hash,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    disabled: false,
  });
  return { plainKey, keyId, file: file.path };
}

/**
 * intake's live view of the keys: organs.yaml plus the local key file, re-read when the file
 * changed (undefined when it did not), so a key made, rotated or revoked while intake runs counts
 * from the next request on.
 */
export function watchLocalOrganKeys(
  registry: OrganRegistry,
  dataDir: string,
): () => Promise<OrganRegistry | undefined> {
  const file = organKeyFile(dataDir);
  return async () => {
    const keys = await file.readIfChanged();
    if (keys === undefined) return undefined;
    const merged = mergeOrganKeys(registry, { keys });
    if (merged.issues.length > 0) {
      throw createConfigError("CONFIG_INVALID_FILE", {
        detail: merged.issues.map((i) => `${file.path}: ${i.field}: ${i.reason}`).join("; "),
      });
    }
    return merged.registry;
  };
}

function keyOfLocalFile<Key extends { id: string }>(keys: Key[], keyId: string, path: string): Key {
  const key = keys.find((k) => k.id === keyId);
  if (key === undefined) {
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: `${path}: no key ${keyId} (keys declared in organs.yaml are disabled there: disabled: true, then restart intake)`,
    });
  }
  return key;
}

/**
 * `takedown credentials rotate organ-key <key-id>`: a new key for the same organ; the old one
 * keeps working for `overlapMs` (its notAfter), then intake refuses it. Returns the new plain key
 * for the caller to print once.
 */
export async function rotateLocalOrganKey(options: {
  dataDir: string;
  keyId: string;
  overlapMs: number;
  now?: () => Date;
}): Promise<{ plainKey: string; keyId: string; organId: string; previousValidUntil: string }> {
  const file = organKeyFile(options.dataDir);
  const now = options.now?.() ?? new Date();
  const created = await generateApiKey();
  const notAfter = new Date(now.getTime() + options.overlapMs).toISOString();
  let organId = "";
  let previousValidUntil = notAfter;
  await file.update((keys) => {
    const old = keyOfLocalFile(keys, options.keyId, file.path);
    if (old.disabled) {
      throw createConfigError("CONFIG_INVALID_FILE", {
        detail: `${file.path}: key ${options.keyId} is revoked; make a new one with takedown organ add`,
      });
    }
    organId = old.organ;
    // A key already in an earlier overlap keeps its earlier end.
    if (old.notAfter !== undefined && old.notAfter < notAfter) previousValidUntil = old.notAfter;
    return [
      ...keys.map((k) => (k === old ? { ...k, notAfter: previousValidUntil } : k)),
      {
        organ: old.organ,
        id: created.keyId,
        hash: created.hash,
        createdAt: now.toISOString(),
        disabled: false,
      },
    ];
  });
  return { plainKey: created.plainKey, keyId: created.keyId, organId, previousValidUntil };
}

/** `takedown credentials revoke organ-key <key-id>`: intake refuses it from the next request on. */
export async function revokeLocalOrganKey(options: {
  dataDir: string;
  keyId: string;
  now?: () => Date;
}): Promise<{ organId: string }> {
  const file = organKeyFile(options.dataDir);
  let organId = "";
  await file.update((keys) => {
    const key = keyOfLocalFile(keys, options.keyId, file.path);
    organId = key.organ;
    const revokedAt = (options.now?.() ?? new Date()).toISOString();
    return keys.map((k) => (k === key ? { ...k, disabled: true, revokedAt } : k));
  });
  return { organId };
}
