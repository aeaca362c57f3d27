import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedArtifacts } from "./artifacts/generated-artifacts.js";
import { releaseSnapshots } from "./artifacts/release-snapshots.js";
import { repositoryTopicSettings } from "./artifacts/topic-settings.js";

/**
 * `node dist/generate.js` rewrites contracts/generated/ from the schemas.
 * `node dist/generate.js --release` also snapshots every event version not yet released into
 * contracts/released/ (existing snapshots are never touched: they are what was published).
 */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const generatedDir = join(packageDir, "generated");

rmSync(join(generatedDir, "json-schema"), { recursive: true, force: true });
for (const [path, content] of generatedArtifacts(repositoryTopicSettings())) {
  const file = join(generatedDir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
console.log(
  `wrote ${readdirSync(join(generatedDir, "json-schema")).length} JSON Schemas and asyncapi.json`,
);

if (process.argv.includes("--release")) {
  const releasedDir = join(packageDir, "released");
  mkdirSync(releasedDir, { recursive: true });
  for (const [name, content] of releaseSnapshots()) {
    const file = join(releasedDir, name);
    if (existsSync(file)) continue;
    writeFileSync(file, content);
    console.log(`released ${name}`);
  }
}
