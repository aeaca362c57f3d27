// Builds the SPA (Vite) into dist/web and prints the gzipped size of the JavaScript a first
// visit loads: the entry chunk and its static imports. Fails past the 250 KB budget.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const BUDGET = 250 * 1024;
const web = fileURLToPath(new URL("../web", import.meta.url));
const out = fileURLToPath(new URL("../dist/web", import.meta.url));

await build({ configFile: join(web, "vite.config.ts"), logLevel: "warn" });
const manifest = JSON.parse(await readFile(join(out, ".vite", "manifest.json"), "utf8"));
const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
const initial = new Set();
const visit = (chunk) => {
  if (chunk === undefined || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const name of chunk.imports ?? []) visit(manifest[name]);
};
visit(entry);
let gzipped = 0;
for (const file of initial)
  gzipped += gzipSync(await readFile(join(out, file)), { level: 9 }).length;
const kb = (gzipped / 1024).toFixed(1);
console.log(
  `portal web: initial JavaScript ${kb} KB gzipped (${initial.size} file(s); budget 250 KB)`,
);
if (gzipped > BUDGET) {
  console.error(`portal web: initial JavaScript ${kb} KB gzipped is over the 250 KB budget`);
  process.exit(1);
}
