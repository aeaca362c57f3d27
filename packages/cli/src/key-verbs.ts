import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { createLocalAuditorKey, createLocalOrganKey } from "@takedown/local-keys";

export interface KeyVerbOptions {
  /** TAKEDOWN_DATA_DIR: where the key hashes are kept. */
  dataDir: string;
  /** The plain key alone, so that `KEY=$(takedown auditor add)` works. */
  printKey: (key: string) => void;
  /** Everything else, to stderr. */
  note: (line: string) => void;
}

/** `takedown auditor add [--name <label>]`: a new auditor key for the audit API, shown once. */
export async function runAuditorAdd(options: KeyVerbOptions & { name?: string }): Promise<void> {
  const created = await createLocalAuditorKey({
    dataDir: options.dataDir,
    ...(options.name === undefined ? {} : { name: options.name }),
  });
  options.note(
    `auditor key ${created.keyId}${options.name === undefined ? "" : ` (${options.name})`}; its hash is in ${created.file}`,
  );
  options.note("the key is shown once and stored nowhere; the audit service accepts it at once:");
  options.printKey(created.plainKey);
}

/** `takedown organ add --organ <id>`: a new API key for an organ of organs.yaml, shown once. */
export async function runOrganAdd(
  options: KeyVerbOptions & { configDir: string; organId: string },
): Promise<void> {
  const path = join(options.configDir, "organs.yaml");
  const registry = parseConfigFile("organs.yaml", await readFile(path, "utf8"), path);
  const created = await createLocalOrganKey({
    registry,
    dataDir: options.dataDir,
    organId: options.organId,
  });
  options.note(`key ${created.keyId} for ${options.organId}; its hash is in ${created.file}`);
  options.note("intake accepts it from the next request on, no restart needed");
  options.note("the key is shown once and stored nowhere:");
  options.printKey(created.plainKey);
}
