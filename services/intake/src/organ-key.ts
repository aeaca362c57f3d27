#!/usr/bin/env node
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { readFile } from "node:fs/promises";
import { createLocalOrganKey } from "@takedown/local-keys";

/**
 * `node services/intake/dist/organ-key.js <organ-id>`: prints a new API key for a local organ
 * once and stores only its hash in $TAKEDOWN_DATA_DIR/organ-keys.yaml (default .data/).
 */
async function main(argv: string[]): Promise<number> {
  const organId = argv[0];
  if (organId === undefined || organId.startsWith("-")) {
    process.stderr.write(
      "usage: organ-key <organ-id>   (organs are listed in config/organs.yaml)\n",
    );
    return 2;
  }
  const configDir = process.env.TAKEDOWN_CONFIG_DIR ?? "config";
  const dataDir = process.env.TAKEDOWN_DATA_DIR ?? ".data";
  const organsPath = join(configDir, "organs.yaml");
  const registry = parseConfigFile("organs.yaml", await readFile(organsPath, "utf8"), organsPath);
  const created = await createLocalOrganKey({ registry, dataDir, organId });
  process.stderr.write(`key ${created.keyId} for ${organId}; hash appended to ${created.file}\n`);
  process.stderr.write("the key is shown once and stored nowhere:\n");
  process.stdout.write(`${created.plainKey}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`organ-key: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
