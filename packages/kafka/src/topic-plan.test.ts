import { describe, expect, it } from "vitest";
import { planTopics } from "./topic-plan.js";

const catalog = {
  defaults: { partitions: 6, replicationFactor: 1 },
  topics: [
    {
      name: "takedown.targets.v1",
      cleanupPolicy: "delete",
      retentionMs: -1,
      configs: {},
      partitionGroup: "content",
    },
    {
      name: "takedown.audit.log.v1",
      partitions: 1,
      cleanupPolicy: "delete",
      retentionMs: -1,
      configs: {},
    },
  ],
  perPlatform: [
    {
      name: "takedown.notices.{platformId}.v1",
      cleanupPolicy: "delete",
      retentionMs: -1,
      configs: {},
      partitionGroup: "content",
    },
  ],
} as unknown as Parameters<typeof planTopics>[0];
const registry = { platforms: [{ id: "x" }] } as unknown as Parameters<typeof planTopics>[1];

describe("planTopics", () => {
  it("takes the declared replication factor, or the one given for the cluster", () => {
    const declared = planTopics(catalog, registry);
    expect(declared.map((s) => [s.name, s.partitions, s.replicationFactor])).toEqual([
      ["takedown.targets.v1", 6, 1],
      ["takedown.audit.log.v1", 1, 1],
      ["takedown.notices.x.v1", 6, 1],
    ]);
    const threeNodes = planTopics(catalog, registry, { replicationFactor: 3 });
    expect(threeNodes.map((s) => s.replicationFactor)).toEqual([3, 3, 3]);
  });
});
