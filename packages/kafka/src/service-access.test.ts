import { describe, expect, it } from "vitest";
import kafkajs from "kafkajs";
import { parseConfigFile, platformRegistrySchema } from "@takedown/config";
import { planServiceAccess, serviceAclEntries } from "./service-access.js";

const { AclOperationTypes: Op, AclResourceTypes: Res, ResourcePatternTypes: Pattern } = kafkajs;

const registry = platformRegistrySchema.parse({
  platforms: ["x", "meta"].map((id) => ({
    id,
    names: { ja: id, en: id },
    domains: [`${id}.example.jp`],
    kafkaUser: `platform-${id}`,
  })),
});

const catalog = parseConfigFile(
  "principals.yaml",
  [
    "principals:",
    "  - service: routing",
    "    user: takedown-routing",
    "    topics:",
    "      - { name: takedown.cases.v1, operations: [read, write] }",
    '      - { name: "takedown.notices.{platformId}.v1", operations: [write] }',
    "    groups: [takedown-routing]",
    "    transactionalIds: [takedown-routing-]",
    "    idempotentWrite: true",
  ].join("\n"),
);

describe("service principals' ACLs", () => {
  it("grants each declared operation plus DESCRIBE, expands {platformId}, prefixes groups and ids", () => {
    const entries = serviceAclEntries(catalog.principals[0]!, registry);
    const summary = entries.map(
      (e) => `${e.resourceType}:${e.resourceName}:${e.resourcePatternType}:${e.operation}`,
    );
    expect(summary.sort()).toEqual(
      [
        `${Res.TOPIC}:takedown.cases.v1:${Pattern.LITERAL}:${Op.DESCRIBE}`,
        `${Res.TOPIC}:takedown.cases.v1:${Pattern.LITERAL}:${Op.READ}`,
        `${Res.TOPIC}:takedown.cases.v1:${Pattern.LITERAL}:${Op.WRITE}`,
        `${Res.TOPIC}:takedown.notices.x.v1:${Pattern.LITERAL}:${Op.DESCRIBE}`,
        `${Res.TOPIC}:takedown.notices.x.v1:${Pattern.LITERAL}:${Op.WRITE}`,
        `${Res.TOPIC}:takedown.notices.meta.v1:${Pattern.LITERAL}:${Op.DESCRIBE}`,
        `${Res.TOPIC}:takedown.notices.meta.v1:${Pattern.LITERAL}:${Op.WRITE}`,
        `${Res.GROUP}:takedown-routing:${Pattern.PREFIXED}:${Op.READ}`,
        `${Res.TRANSACTIONAL_ID}:takedown-routing-:${Pattern.PREFIXED}:${Op.WRITE}`,
        `${Res.TRANSACTIONAL_ID}:takedown-routing-:${Pattern.PREFIXED}:${Op.DESCRIBE}`,
        `${Res.CLUSTER}:kafka-cluster:${Pattern.LITERAL}:${Op.IDEMPOTENT_WRITE}`,
      ].sort(),
    );
    expect(entries.every((e) => e.principal === "User:takedown-routing")).toBe(true);
    expect(planServiceAccess(catalog, registry)).toEqual([
      { username: "takedown-routing", entries },
    ]);
  });

  it("refuses a bad principals.yaml naming the file, the field and the reason", () => {
    const bad = [
      "principals:",
      "  - service: intake",
      "    user: intake",
      "    topics: [{ name: takedown.targets.v1, operations: [delete] }]",
    ].join("\n");
    expect(() => parseConfigFile("principals.yaml", bad, "config/principals.yaml")).toThrow(
      /config\/principals\.yaml: principals\[0\]\.user: service users are takedown-<name>.*principals\[0\]\.topics\[0\]\.operations\[0\]/,
    );
  });
});
