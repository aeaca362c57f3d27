import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ReleasedSnapshot } from "./compatibility-gate.js";

/** contracts/released/, from src/ (tests) and dist/ (built) alike. */
export const releasedDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "released");

/** Reads every `<id>.schema.json` with its `<id>.fixtures.json`. */
export function readReleasedSnapshots(dir: string = releasedDir): ReleasedSnapshot[] {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), "utf8"));
  return readdirSync(dir)
    .filter((name) => name.endsWith(".schema.json"))
    .sort()
    .map((name) => {
      const id = name.slice(0, -".schema.json".length);
      return { id, schema: read(name), fixtures: read(`${id}.fixtures.json`) as unknown[] };
    });
}
