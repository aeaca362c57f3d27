import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";

/**
 * organ id → kind from `organs.yaml` in the config folder, for the report's organ-kind rows. A
 * missing file gives an empty map (every organ's kind is then `unknown`); an invalid one throws
 * the config error that names the file, field and reason.
 */
export async function readOrganKinds(configDir: string): Promise<Map<string, string>> {
  const path = join(configDir, "organs.yaml");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw error;
  }
  const registry = parseConfigFile("organs.yaml", text, path);
  return new Map(registry.organs.map((organ) => [organ.id, organ.kind]));
}
