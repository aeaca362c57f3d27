import { describe, expect } from "vitest";
import { createEvent, encodeEvent, type TakedownEvent } from "@takedown/contracts";
import { createLogger } from "@takedown/logger";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { CommittedEvents, messagesOf } from "./committed-events.test-support.js";
import { DedupService, type BatchCommitted } from "./dedup-service.js";
import { syntheticTargets } from "./synthetic-targets.js";
import { RecordWriter } from "@takedown/kafka";

const logger = createLogger({ service: "dedup-test", level: "silent" });

function withdrawalOf(target: TakedownEvent<"target.submitted">) {
  const { requestId, targetId, organId, canonicalUrl, contentKey } = target.data;
  return createEvent(
    "target.withdrawn",
    { requestId, targetId, organId, canonicalUrl, contentKey, withdrawnAt: "2025-06-05T00:00:00Z" },
    { source: "/takedown/intake" },
  );
}

describe("dedup on the real broker", () => {
  test("opens, merges, withdraws and reopens cases, learns closures from routing, and sets bad records aside", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topics = {
      targets: await createTopic({ name: "targets", partitions: 3 }),
      cases: await createTopic({ name: "cases", partitions: 3 }),
      dlq: await createTopic({ name: "dlq", partitions: 3 }),
      state: await createTopic({
        name: "dedup-state",
        partitions: 3,
        configs: { "cleanup.policy": "compact" },
      }),
    };
    const committed: BatchCommitted[] = [];
    const service = new DedupService({
      kafka,
      logger,
      instanceId: "a",
      groupId: `dedup-${uniqueId}`,
      topics,
      onBatchCommitted: (batch) => committed.push(batch),
    });
    const output = new CommittedEvents(kafka, [topics.cases, topics.dlq]);
    const producer = new RecordWriter(kafka);
    await producer.start();
    await output.start(`check-${uniqueId}`);
    await service.start();
    try {
      // Five organs report one post; a sixth report concerns another post.
      const [a1, a2, a3, a4, a5] = syntheticTargets({ count: 5, urls: 1, runId: uniqueId });
      const [b1] = syntheticTargets({ count: 1, urls: 1, runId: `${uniqueId}-b` });
      if (!a1 || !a2 || !a3 || !a4 || !a5 || !b1) throw new Error("no targets");
      const dedupEvents = () =>
        output.seen.filter((s) => s.topic === topics.cases && s.event.source === "/takedown/dedup");
      const waitFor = (count: number, what: string) =>
        awaitCondition(() => dedupEvents().length >= count, { what, timeoutMs: 45_000 });

      await producer.send(topics.targets, messagesOf([a1, a2, a1]));
      await waitFor(2, "case.opened and case.merged");
      await producer.send(topics.targets, messagesOf([withdrawalOf(a1), withdrawalOf(a2), a3]));
      await waitFor(4, "case.withdrawn and the re-opened case");

      const [opened1, merged, withdrawn, opened2] = dedupEvents().map((s) => s.event);
      if (opened1?.type !== "case.opened" || opened2?.type !== "case.opened")
        throw new Error(
          `unexpected ${dedupEvents()
            .map((s) => s.event.type)
            .join(",")}`,
        );
      expect(opened1.data.member.targetId).toBe(a1.data.targetId);
      expect(merged).toMatchObject({
        type: "case.merged",
        data: { caseId: opened1.data.caseId, memberCount: 2 },
      });
      expect(merged?.data).toMatchObject({ member: { targetId: a2.data.targetId } });
      expect(withdrawn).toMatchObject({
        type: "case.withdrawn",
        data: {
          caseId: opened1.data.caseId,
          withdrawnTargetIds: [a1.data.targetId, a2.data.targetId],
        },
      });
      expect(opened2.data).toMatchObject({
        previousCaseId: opened1.data.caseId,
        member: { targetId: a3.data.targetId },
      });

      // Routing says the platform removed the content; the next report is a re-upload.
      const removed = createEvent(
        "case.state_changed",
        {
          caseId: opened2.data.caseId,
          contentKey: a1.data.contentKey,
          from: "acknowledged",
          to: "removed",
          trigger: "platform_response",
          changedAt: "2025-06-06T00:00:00Z",
        },
        { source: "/takedown/routing" },
      );
      const [sent] = await producer.send(topics.cases, messagesOf([removed]));
      await awaitCondition(
        () =>
          committed.some(
            (b) =>
              b.topic === topics.cases &&
              b.partition === sent?.partition &&
              BigInt(b.lastOffset) >= BigInt(sent.baseOffset ?? "0"),
          ),
        { what: "the state change to be committed", timeoutMs: 30_000 },
      );
      await producer.send(topics.targets, messagesOf([a4]));
      await waitFor(5, "the case after removal");
      expect(dedupEvents()[4]?.event).toMatchObject({
        type: "case.opened",
        data: { previousCaseId: opened2.data.caseId, member: { targetId: a4.data.targetId } },
      });

      // Bad records sit on b1's partition in front of it; b1 must still be handled.
      const good = encodeEvent(b1);
      const bad = [
        { ...good, value: Buffer.from("{ not json") },
        { ...good, headers: { ...good.headers, ce_type: "jp.takedown.target.teleported.v1" } },
        { ...encodeEvent(a5), key: good.key },
      ];
      await producer.send(topics.targets, [...bad, good]);
      await waitFor(6, "b1's case");
      await awaitCondition(() => output.ofType("record.rejected").length >= 3, {
        what: "three DLQ records",
      });
      const rejected = output.ofType("record.rejected").map((s) => s.event);
      expect(
        rejected.map((e) => (e.type === "record.rejected" ? e.data.reason.code : e.type)),
      ).toEqual(["INVALID_JSON", "UNKNOWN_TYPE", "KEY_MISMATCH"]);
      const first = rejected[0];
      if (first?.type !== "record.rejected") throw new Error("no rejection");
      expect(first.data.original.topic).toBe(topics.targets);
      expect(Buffer.from(first.data.original.valueBase64 ?? "", "base64").toString()).toBe(
        "{ not json",
      );
      expect(output.ofType("record.rejected")[0]?.message.key?.toString()).toBe(good.key);
      expect(dedupEvents()[5]?.event).toMatchObject({
        type: "case.opened",
        data: { member: { targetId: b1.data.targetId } },
      });
      expect(dedupEvents()[5]?.event.data).not.toHaveProperty("previousCaseId");
      // Every case event was written exactly once.
      expect(dedupEvents()).toHaveLength(6);
    } finally {
      await service.stop();
      await output.stop();
      await producer.stop();
    }
  });
});
