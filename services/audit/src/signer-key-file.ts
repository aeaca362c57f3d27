import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateNoteKey, parseSignerKey } from "@takedown/transparency-log";

/**
 * For local runs: the signer key from AUDIT_SIGNER_KEY, else from `<dataDir>/audit/signer.key`,
 * generated there (mode 0600) on first use. The verifier key is written next to it, for
 * auditors. Production sets AUDIT_SIGNER_KEY from its secret store.
 */
export async function loadOrCreateSignerKey(options: {
  signerKey: string | undefined;
  origin: string;
  dataDir: string;
}): Promise<{ signerKey: string; verifierKey: string; generated: boolean }> {
  const dir = join(options.dataDir, "audit");
  let signerKey = options.signerKey;
  let generated = false;
  if (signerKey === undefined) {
    try {
      signerKey = (await readFile(join(dir, "signer.key"), "utf8")).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      signerKey = generateNoteKey(options.origin).signerKey;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(join(dir, "signer.key"), `${signerKey}\n`, { mode: 0o600, flag: "wx" });
      generated = true;
    }
  }
  const verifierKey = parseSignerKey(signerKey).verifierKey;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(join(dir, "verifier.key"), `${verifierKey}\n`);
  return { signerKey, verifierKey, generated };
}
