import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import { syntheticTargets } from "@takedown/dedup";
import { RecordWriter, restoreChangelog } from "@takedown/kafka";
import type { Admin } from "@takedown/test-kit";
import { freePort } from "@takedown/local-infra";
import { adminKafkaEnv, awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { factsOf } from "./event-facts.js";
import { factKeyOf } from "./status-fact.js";
import { StatusChildProcess, assertBuiltEntry } from "./status-child-process.test-support.js";
import { StatusStore } from "./status-store.js";
import { SyntheticHistory, type ExpectedTarget } from "./synthetic-history.js";

const TARGETS = 6000;
const CHUNK = 500;

/** True once the group committed offsets at the end of every partition of these plain topics. */
async function groupCaughtUp(admin: Admin, groupId: string, topics: string[]): Promise<boolean> {
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const behind = ends.some(
      (end) =>
        committed?.partitions.find((p) => p.partition === end.partition)?.offset !== end.high,
    );
    if (behind) return false;
  }
  return true;
}

async function writtenRecords(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high), 0);
}

/** Targets whose answer from the store differs from what the whole history says. */
function wrongAnswers(store: StatusStore, expected: readonly ExpectedTarget[]): string[] {
  const wrong: string[] = [];
  for (const e of expected) {
    const target = store.record(e.requestId, e.organId)?.targets[0];
    const removed = e.caseState === "removed";
    if (
      target?.targetId !== e.targetId ||
      target.caseId !== e.caseId ||
      target.caseState !== e.caseState ||
      target.platformId !== e.platformId ||
      target.latestResponse?.action !== (removed ? "removed" : undefined) ||
      (removed && target.latestResponse?.text !== `Removed under our terms (${e.caseId}).`)
    )
      wrong.push(`${e.targetId}: ${JSON.stringify(target)}`);
  }
  return wrong;
}

describe("status exactly once", () => {
  test("a SIGKILL mid-stream writes every fact once and the restarted store misses none", async ({
    kafka,
    admin,
    infra,
    createTopic,
    uniqueId,
  }) => {
    assertBuiltEntry();
    const topics = {
      targets: await createTopic({ name: "targets" }),
      cases: await createTopic({ name: "cases" }),
      notices: await createTopic({ name: "notices" }),
      responses: await createTopic({ name: "responses" }),
      state: await createTopic({ name: "state", configs: { "cleanup.policy": "compact" } }),
    };
    const dir = await mkdtemp(join(tmpdir(), "status-kill-"));
    const dbPath = join(dir, "status.db");
    const groupId = `status-${uniqueId}`;
    const env = {
      ...adminKafkaEnv(infra),
      LOG_LEVEL: "warn",
      STATUS_PORT: String(await freePort()),
      STATUS_INSTANCE_ID: `kill-${uniqueId}`,
      STATUS_GROUP_ID: groupId,
      STATUS_DB_PATH: dbPath,
      STATUS_TARGETS_TOPIC: topics.targets,
      STATUS_CASES_TOPIC: topics.cases,
      STATUS_NOTICES_TOPICS: topics.notices,
      STATUS_RESPONSES_TOPICS: topics.responses,
      STATUS_STATE_TOPIC: topics.state,
      // This test is about the fold; the eraser (which needs S3) is tested with the pipeline.
      STATUS_ERASER: "off",
    };
    const history = new SyntheticHistory();
    const produced: AnyTakedownEvent[] = [];
    const submitted: {
      requestId: string;
      targetId: string;
      organId: string;
      contentKey: string;
    }[] = [];
    const producer = new RecordWriter(kafka);
    await producer.start();
    const first = new StatusChildProcess(env);
    const second = new StatusChildProcess(env);
    first.start();
    try {
      let killed: { facts: number; signal: NodeJS.Signals | null } | undefined;
      for (let at = 0; at < TARGETS; at += CHUNK) {
        const targets = syntheticTargets({ count: CHUNK, first: at, urls: 2000, runId: uniqueId });
        const events = history.events(targets);
        await producer.sendTopics(
          (["targets", "cases", "notices", "responses"] as const).map((name) => ({
            topic: topics[name],
            records: events[name].map((e) => encodeEvent(e)),
          })),
        );
        produced.push(...events.targets, ...events.cases, ...events.notices, ...events.responses);
        submitted.push(...targets.map((t) => t.data));
        if (at === 4 * CHUNK) {
          // Some facts are committed, most of the input is not even written yet.
          await awaitCondition(
            async () => (await writtenRecords(admin, topics.state)) >= 1500 || !first.running,
            { what: "the first facts of the service", timeoutMs: 60_000 },
          );
          const exit = await first.kill("SIGKILL");
          killed = { facts: await writtenRecords(admin, topics.state), signal: exit.signal };
          second.start();
        }
      }
      expect(killed?.signal, first.output.join("")).toBe("SIGKILL");
      const expectedTargets = submitted.map((t) => history.expected(t));
      const sources = [topics.targets, topics.cases, topics.notices, topics.responses];
      await awaitCondition(() => groupCaughtUp(admin, groupId, sources), {
        what: "the restarted updater to commit every source record",
        timeoutMs: 120_000,
        intervalMs: 500,
      }).catch((error: unknown) => {
        throw new Error(`restarted service:\n${second.output.join("")}`, { cause: error });
      });
      const watching = new StatusStore(dbPath, { readOnly: true });
      try {
        await awaitCondition(() => wrongAnswers(watching, expectedTargets).length === 0, {
          what: "the restarted store to answer for every target",
          timeoutMs: 90_000,
          intervalMs: 500,
        }).catch((error: unknown) => {
          const wrong = wrongAnswers(watching, expectedTargets);
          throw new Error(`${wrong.length} wrong, e.g. ${wrong.slice(0, 3).join("\n")}`, {
            cause: error,
          });
        });
      } finally {
        watching.close();
      }
      expect((await second.kill("SIGTERM")).code, second.output.join("")).toBe(0);

      // Exactly once: the state topic holds each source record's facts once, however many
      // batches the killed process had written, committed or left open.
      const keysOf = (keys: string[]) => {
        const counts = new Map<string, number>();
        for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
        return counts;
      };
      const written: string[] = [];
      await restoreChangelog({
        kafka,
        topic: topics.state,
        partitions: (await admin.fetchTopicOffsets(topics.state)).map((o) => o.partition),
        onRecord: ({ message }) => written.push(message.key?.toString("utf8") ?? ""),
      });
      const wanted = produced.flatMap((event) => factsOf(event).map((fact) => factKeyOf(fact)));
      expect(written.length).toBe(wanted.length);
      expect(keysOf(written)).toEqual(keysOf(wanted));
      expect(killed?.facts).toBeLessThan(wanted.length);

      const store = new StatusStore(dbPath, { readOnly: true });
      try {
        expect(store.counts()).toEqual({
          targets: TARGETS,
          members: TARGETS,
          withdrawals: 0,
          cases: history.caseCount,
        });
        expect(wrongAnswers(store, expectedTargets)).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      if (first.running) await first.kill("SIGKILL");
      if (second.running) await second.kill("SIGKILL");
      await producer.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
