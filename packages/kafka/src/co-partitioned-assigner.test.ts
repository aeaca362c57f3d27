import { describe, expect, it } from "vitest";
import { CoPartitionedAssigner } from "./co-partitioned-assigner.js";
import { AssignerProtocol } from "./kafkajs-runtime.js";

function assignmentsFor(memberCount: number, partitions: number) {
  const cluster = {
    findTopicPartitionMetadata: () =>
      Array.from({ length: partitions }, (_, partitionId) => ({ partitionId })),
  };
  const assigner = CoPartitionedAssigner({ cluster, groupId: "g", logger: undefined } as never);
  const members = Array.from({ length: memberCount }, (_, i) => ({
    memberId: `member-${i}`,
    memberMetadata: Buffer.alloc(0),
  }));
  return assigner.assign({ members, topics: ["targets", "cases", "responses"] });
}

describe("CoPartitionedAssigner", () => {
  it.each([
    [1, 6],
    [2, 6],
    [4, 6],
    [5, 12],
  ])(
    "with %i members and %i partitions gives each partition number to one member for every topic",
    async (members, partitions) => {
      const result = await assignmentsFor(members, partitions);
      const ownerOf = new Map<number, string>();
      let assigned = 0;
      for (const { memberId, memberAssignment } of result) {
        const decoded = AssignerProtocol.MemberAssignment.decode(memberAssignment);
        const byTopic = decoded?.assignment ?? {};
        const numbers = Object.values(byTopic);
        // Every topic of a member holds the same partition numbers.
        for (const list of numbers)
          expect([...list].sort()).toEqual([...(numbers[0] ?? [])].sort());
        for (const p of numbers[0] ?? []) {
          expect(ownerOf.has(p)).toBe(false);
          ownerOf.set(p, memberId);
        }
        assigned += numbers.reduce((sum, list) => sum + list.length, 0);
      }
      expect(ownerOf.size).toBe(partitions);
      expect(assigned).toBe(partitions * 3);
    },
  );
});
