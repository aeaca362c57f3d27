import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  fixedTopicNames,
  platformTopicTemplates,
  serviceTopics,
  topics,
} from "@takedown/vocabulary";
import { loadConfig, readConfigFiles } from "./load-config.js";

const shippedDir = fileURLToPath(new URL("../../../config", import.meta.url));
const secrets = { S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };

// The names are owned by @takedown/vocabulary; the YAML files only add settings and ACLs to them.
describe("the shipped topics.yaml and principals.yaml", () => {
  it("declare exactly the vocabulary's topics (the audit ticks are created by audit itself)", async () => {
    const config = loadConfig({ env: secrets, files: await readConfigFiles(shippedDir) });
    const declared = config.topics.topics.map((t) => t.name).sort();
    const owned = fixedTopicNames.filter((n) => n !== serviceTopics.auditTicks).sort();
    expect(declared).toEqual(owned);
    expect(config.topics.perPlatform.map((t) => t.name).sort()).toEqual(
      Object.values(platformTopicTemplates).sort(),
    );
    expect(declared).toContain(topics.auditLog);
  });

  it("grant ACLs on the vocabulary's topics only", async () => {
    const config = loadConfig({ env: secrets, files: await readConfigFiles(shippedDir) });
    const known = new Set<string>([...fixedTopicNames, ...Object.values(platformTopicTemplates)]);
    const granted = (config.principals?.principals ?? []).flatMap((p) =>
      p.topics.map((t) => t.name),
    );
    expect(granted.length).toBeGreaterThan(0);
    expect(granted.filter((name) => !known.has(name))).toEqual([]);
  });
});
