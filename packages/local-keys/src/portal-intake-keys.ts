import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { createConfigError, type OrganRegistry } from "@takedown/config";
import { createLocalOrganKey } from "./local-organ-keys.js";

/** `<TAKEDOWN_DATA_DIR>/portal/intake-keys.json`: the portal's plain intake keys, mode 0600. */
export const PORTAL_INTAKE_KEY_FILE = join("portal", "intake-keys.json");

export const portalIntakeKeysSchema = z.strictObject({
  /** organ id → plain API key the portal sends to intake for that organ's staff. */
  keys: z.record(z.string().min(1), z.string().min(20)),
});

export type PortalIntakeKeys = z.output<typeof portalIntakeKeysSchema>;

/** The file's keys; none when it does not exist. A malformed file names itself and the field. */
export async function readPortalIntakeKeys(path: string): Promise<PortalIntakeKeys> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { keys: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw createConfigError("CONFIG_INVALID_FILE", { detail: `${path}: not JSON`, cause: error });
  }
  const parsed = portalIntakeKeysSchema.safeParse(json);
  if (!parsed.success)
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: parsed.error.issues
        .map((i) => `${path}: ${i.path.map(String).join(".")}: ${i.message}`)
        .join("; "),
    });
  return parsed.data;
}

/**
 * Gives the portal an intake key for every organ of the registry that has none yet (`takedown
 * up` calls it before starting services): intake gets the hash, as from `takedown organ add`, and
 * the plain key goes only to this git-ignored, owner-only file, which only the portal reads.
 */
export async function ensurePortalIntakeKeys(options: {
  registry: OrganRegistry;
  dataDir: string;
  path?: string;
}): Promise<{ path: string; created: string[] }> {
  const path = options.path ?? join(options.dataDir, PORTAL_INTAKE_KEY_FILE);
  const current = await readPortalIntakeKeys(path);
  const created: string[] = [];
  for (const organ of options.registry.organs) {
    if (current.keys[organ.id] !== undefined) continue;
    const key = await createLocalOrganKey({
      registry: options.registry,
      dataDir: options.dataDir,
      organId: organ.id,
    });
    current.keys[organ.id] = key.plainKey;
    created.push(organ.id);
  }
  if (created.length > 0) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, path);
  }
  await chmod(path, 0o600).catch(() => undefined);
  return { path, created };
}
