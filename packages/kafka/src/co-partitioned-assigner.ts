import type { PartitionAssigner } from "kafkajs";
import { AssignerProtocol } from "./kafkajs-runtime.js";

/**
 * Gives partition p of every subscribed topic to the same member, so one instance holds all the
 * state of a content key across co-partitioned topics (targets, cases, responses…). kafkajs'
 * round-robin assigner deals topic-partitions out in one sequence, which splits a partition
 * number across members unless the partition count is a multiple of the member count.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: "TakedownCoPartitioned",
  version: 0,
  assign({ members, topics }) {
    const memberIds = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>();
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const memberId = memberIds[partitionId % memberIds.length];
        if (memberId === undefined) continue;
        const topicsOfMember = assignment.get(memberId) ?? {};
        (topicsOfMember[topic] ??= []).push(partitionId);
        assignment.set(memberId, topicsOfMember);
      }
    }
    return Promise.resolve(
      memberIds.map((memberId) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: assignment.get(memberId) ?? {},
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: "TakedownCoPartitioned",
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    };
  },
});
