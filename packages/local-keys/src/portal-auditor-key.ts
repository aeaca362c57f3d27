import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { createConfigError } from "@takedown/config";
import { createLocalAuditorKey } from "./auditor-keys.js";

/** `<TAKEDOWN_DATA_DIR>/portal/audit-key.json`: the portal's plain auditor key, mode 0600. */
export const PORTAL_AUDITOR_KEY_FILE = join("portal", "audit-key.json");

const portalAuditorKeySchema = z.strictObject({ key: z.string().min(20), keyId: z.string() });

/** The portal's auditor key; undefined when the file does not exist yet. */
export async function readPortalAuditorKey(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  let parsed: z.ZodSafeParseResult<z.output<typeof portalAuditorKeySchema>>;
  try {
    parsed = portalAuditorKeySchema.safeParse(JSON.parse(text));
  } catch (error) {
    throw createConfigError("CONFIG_INVALID_FILE", { detail: `${path}: not JSON`, cause: error });
  }
  if (!parsed.success)
    throw createConfigError("CONFIG_INVALID_FILE", {
      detail: parsed.error.issues
        .map((i) => `${path}: ${i.path.map(String).join(".")}: ${i.message}`)
        .join("; "),
    });
  return parsed.data.key;
}

/**
 * Gives the portal an auditor key of its own when it has none (`takedown up` calls it before the
 * audit service starts): the audit API gets its hash, as from `takedown auditor add`, and the
 * plain key goes only to this git-ignored, owner-only file, which only the portal reads. The
 * portal's auditor accounts read the log through it; the key never reaches a browser.
 */
export async function ensurePortalAuditorKey(options: {
  dataDir: string;
  path?: string;
}): Promise<{ path: string; created: boolean }> {
  const path = options.path ?? join(options.dataDir, PORTAL_AUDITOR_KEY_FILE);
  if ((await readPortalAuditorKey(path)) !== undefined) return { path, created: false };
  const made = await createLocalAuditorKey({ dataDir: options.dataDir, name: "portal" });
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ key: made.plainKey, keyId: made.keyId })}\n`, {
    mode: 0o600,
  });
  await rename(temporary, path);
  await chmod(path, 0o600).catch(() => undefined);
  return { path, created: true };
}
