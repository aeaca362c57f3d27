import { describe, expect } from "vitest";
import type { TakedownEvent } from "@takedown/contracts";
import { RecordWriter, type Kafka } from "@takedown/kafka";
import type { Admin } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import {
  adminKafkaEnv,
  awaitCondition,
  integrationTest as test,
  type TopicRequest,
} from "@takedown/test-kit";
import {
  CommittedEvents,
  groupCaughtUp,
  messagesOf,
  readTopicToEnd,
} from "./committed-events.test-support.js";
import { DedupChildProcess, assertBuiltEntry } from "./dedup-child-process.test-support.js";
import { DedupService } from "./dedup-service.js";
import { syntheticTargets } from "./synthetic-targets.js";

const logger = createLogger({ service: "dedup-test", level: "silent" });
const CHUNK = 500;

type Targets = TakedownEvent<"target.submitted">[];

/** Targets over fewer URLs, every 10th sent a second time later on (an intake retry). */
function workload(
  runId: string,
  count: number,
  urls: number,
): { stream: Targets; unique: Targets } {
  const unique = syntheticTargets({ count, urls, runId });
  const stream: Targets = [];
  unique.forEach((target, i) => {
    stream.push(target);
    const repeat = unique[i - 25];
    if (i >= 25 && (i - 25) % 10 === 0 && repeat !== undefined) stream.push(repeat);
  });
  return { stream, unique };
}

async function createDedupTopics(
  createTopic: (r: TopicRequest) => Promise<string>,
  partitions: number,
) {
  return {
    targets: await createTopic({ name: "targets", partitions }),
    cases: await createTopic({ name: "cases", partitions }),
    dlq: await createTopic({ name: "dlq", partitions }),
    state: await createTopic({
      name: "dedup-state",
      partitions,
      configs: { "cleanup.policy": "compact" },
    }),
  };
}

/**
 * What exactly-once means for dedup, checked on everything committed to the cases topic: each
 * target sits in exactly one case, each case is opened once, and (no case closes here) each
 * content key has one case whose merges count up 2, 3, … without gaps.
 */
async function expectEveryTargetInExactlyOneCase(
  kafka: Kafka,
  admin: Admin,
  casesTopic: string,
  unique: Targets,
): Promise<void> {
  const events = (await readTopicToEnd(kafka, admin, casesTopic)).map((s) => s.event);
  const caseOfTarget = new Map<string, string[]>();
  const openedCases = new Map<string, number>();
  const casesOfKey = new Map<string, Set<string>>();
  const memberCounts = new Map<string, number[]>();
  for (const event of events) {
    if (event.type !== "case.opened" && event.type !== "case.merged")
      throw new Error(`unexpected ${event.type}`);
    const { caseId, contentKey, member } = event.data;
    caseOfTarget.set(member.targetId, [...(caseOfTarget.get(member.targetId) ?? []), caseId]);
    casesOfKey.set(contentKey, (casesOfKey.get(contentKey) ?? new Set()).add(caseId));
    if (event.type === "case.opened") openedCases.set(caseId, (openedCases.get(caseId) ?? 0) + 1);
    else memberCounts.set(caseId, [...(memberCounts.get(caseId) ?? []), event.data.memberCount]);
  }
  const misplaced = unique.filter((t) => caseOfTarget.get(t.data.targetId)?.length !== 1);
  expect(misplaced.map((t) => [t.data.targetId, caseOfTarget.get(t.data.targetId)])).toEqual([]);
  expect(caseOfTarget.size).toBe(unique.length);
  expect([...openedCases.values()].filter((n) => n !== 1)).toEqual([]);
  const keys = new Set(unique.map((t) => t.data.contentKey));
  expect(casesOfKey.size).toBe(keys.size);
  expect([...casesOfKey.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  expect(openedCases.size).toBe(keys.size);
  for (const [caseId, counts] of memberCounts) {
    expect(openedCases.has(caseId)).toBe(true);
    expect(counts).toEqual(counts.map((_, i) => i + 2));
  }
}

describe("dedup exactly once", () => {
  test("a SIGKILL mid-stream of 10,000 targets loses and doubles nothing", async ({
    kafka,
    admin,
    infra,
    createTopic,
    uniqueId,
  }) => {
    assertBuiltEntry();
    const topics = await createDedupTopics(createTopic, 4);
    const groupId = `dedup-${uniqueId}`;
    const { stream, unique } = workload(uniqueId, 10_000, 3_000);
    const env = {
      ...adminKafkaEnv(infra),
      LOG_LEVEL: "warn",
      DEDUP_INSTANCE_ID: `kill-${uniqueId}`,
      DEDUP_GROUP_ID: groupId,
      DEDUP_TARGETS_TOPIC: topics.targets,
      DEDUP_CASES_TOPIC: topics.cases,
      DEDUP_DLQ_TOPIC: topics.dlq,
      DEDUP_STATE_TOPIC: topics.state,
      // Any free port: other runs on this machine may hold 8081.
      DEDUP_PORT: "0",
    };
    const progress = new CommittedEvents(kafka, [topics.cases]);
    const producer = new RecordWriter(kafka);
    await producer.start();
    await progress.start(`progress-${uniqueId}`);
    const first = new DedupChildProcess(env);
    const second = new DedupChildProcess(env);
    first.start();
    try {
      let killed: { seen: number; signal: NodeJS.Signals | null } | undefined;
      for (let at = 0; at < stream.length; at += CHUNK) {
        await producer.send(topics.targets, messagesOf(stream.slice(at, at + CHUNK)));
        if (at === 4 * CHUNK) {
          // Some but not all output is visible, and most input is not even written yet.
          await awaitCondition(() => progress.seen.length >= 300 || !first.running, {
            what: "the first outputs of the service",
            timeoutMs: 45_000,
          });
          const exit = await first.kill("SIGKILL");
          killed = { seen: progress.seen.length, signal: exit.signal };
          second.start();
        }
      }
      expect(killed?.signal, first.output.join("")).toBe("SIGKILL");
      expect(killed?.seen).toBeGreaterThan(0);
      expect(killed?.seen).toBeLessThan(unique.length);
      await awaitCondition(() => groupCaughtUp(admin, groupId, topics.targets), {
        what: "the restarted service to commit the whole stream",
        timeoutMs: 90_000,
        intervalMs: 500,
      }).catch((error: unknown) => {
        throw new Error(`restarted service:\n${second.output.join("")}`, { cause: error });
      });
      expect((await second.kill("SIGTERM")).code, second.output.join("")).toBe(0);
      await expectEveryTargetInExactlyOneCase(kafka, admin, topics.cases, unique);
    } finally {
      if (first.running) await first.kill("SIGKILL");
      if (second.running) await second.kill("SIGKILL");
      await progress.stop();
      await producer.stop();
    }
  }, 150_000);

  test("two instances in one group open no case twice across rebalances", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const topics = await createDedupTopics(createTopic, 4);
    const groupId = `dedup-${uniqueId}`;
    const { stream, unique } = workload(uniqueId, 4_000, 1_200);
    const instance = (id: string) =>
      new DedupService({ kafka, logger, instanceId: `${id}-${uniqueId}`, groupId, topics });
    const a = instance("a");
    const b = instance("b");
    const progress = new CommittedEvents(kafka, [topics.cases]);
    const producer = new RecordWriter(kafka);
    await producer.start();
    await progress.start(`progress-${uniqueId}`);
    await a.start();
    const third = Math.ceil(stream.length / 3 / CHUNK) * CHUNK;
    const send = async (from: number, to: number) => {
      for (let at = from; at < to; at += CHUNK)
        await producer.send(topics.targets, messagesOf(stream.slice(at, Math.min(at + CHUNK, to))));
    };
    try {
      await send(0, third);
      await awaitCondition(() => progress.seen.length >= 200, { what: "a's first outputs" });
      // b joins mid-stream: the group rebalances and the partitions are split between them.
      await b.start();
      await send(third, 2 * third);
      await awaitCondition(
        () =>
          b.store.heldPartitions().length > 0 &&
          a.store.heldPartitions().length + b.store.heldPartitions().length === 4,
        { what: "a and b to split the partitions", timeoutMs: 45_000 },
      );
      // a leaves mid-stream: b takes over a's partitions, restoring their state.
      await a.stop();
      await send(2 * third, stream.length);
      await awaitCondition(() => groupCaughtUp(admin, groupId, topics.targets), {
        what: "the whole stream to be committed",
        timeoutMs: 90_000,
        intervalMs: 500,
      });
      expect(b.store.heldPartitions()).toEqual([0, 1, 2, 3]);
      await b.stop();
      await expectEveryTargetInExactlyOneCase(kafka, admin, topics.cases, unique);
    } finally {
      await a.stop();
      await b.stop();
      await progress.stop();
      await producer.stop();
    }
  }, 150_000);
});
