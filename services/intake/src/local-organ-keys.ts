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
  });
  return { plainKey, keyId, file: file.path };
}
