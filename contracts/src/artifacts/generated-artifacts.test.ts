import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { latestEventDefinitions } from "../catalog/event-catalog.js";
import { topicSpecs } from "../catalog/topic-specs.js";
import { generatedArtifacts } from "./generated-artifacts.js";
import { repositoryTopicSettings } from "./topic-settings.js";

const generatedDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "generated");
const STALE = "contracts/generated is stale: run `pnpm --filter @takedown/contracts generate`";

describe("generated artifacts", () => {
  const expected = generatedArtifacts(repositoryTopicSettings());

  it("are committed and fresh", () => {
    for (const [path, content] of expected) {
      const file = join(generatedDir, path);
      expect(existsSync(file), `${path} missing; ${STALE}`).toBe(true);
      expect(readFileSync(file, "utf8"), `${path}: ${STALE}`).toBe(content);
    }
    const onDisk = readdirSync(join(generatedDir, "json-schema")).map(
      (name) => `json-schema/${name}`,
    );
    expect(
      onDisk.filter((path) => !expected.has(path)),
      STALE,
    ).toEqual([]);
  });

  it("hold a draft-07 JSON Schema per event version", () => {
    for (const definition of latestEventDefinitions) {
      const schema = JSON.parse(
        expected.get(`json-schema/${definition.id}.json`) ?? "{}",
      ) as Record<string, unknown>;
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(schema.title).toBe(definition.id);
      expect(schema.type).toBe("object");
    }
  });

  it("hold an AsyncAPI 3.0 document that @asyncapi/parser validates without errors", () => {
    const report = parseAsyncApi(expected.get("asyncapi.json") ?? "");
    expect(report.errors).toEqual([]);
    expect(report.channels.sort()).toEqual(topicSpecs.map((s) => s.address).sort());
    expect(report.services.sort()).toEqual(["audit", "dedup", "intake", "platform", "routing"]);
    expect(report.messages.sort()).toEqual(latestEventDefinitions.map((d) => d.type).sort());
  });
});

/**
 * Runs the parser in a plain Node process: under vitest the workspace's forced `import`
 * condition loads spectral's dependencies as broken ESM; plain Node loads the CJS build.
 */
function parseAsyncApi(document: string): {
  errors: string[];
  channels: string[];
  services: string[];
  messages: string[];
} {
  const script = `
    import { Parser } from "@asyncapi/parser";
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    const { document, diagnostics } = await new Parser().parse(input);
    console.log(JSON.stringify({
      errors: diagnostics.filter((d) => d.severity === 0).map((d) => d.path.join("/") + ": " + d.message),
      channels: document ? document.channels().all().map((c) => c.address()) : [],
      services: document ? [...new Set(document.operations().all().flatMap((o) => o.tags().all().map((t) => t.name())))] : [],
      messages: document ? document.messages().all().map((m) => m.name()) : [],
    }));`;
  const packageDir = join(generatedDir, "..");
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: packageDir,
    input: document,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`asyncapi parser failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ReturnType<typeof parseAsyncApi>;
}
