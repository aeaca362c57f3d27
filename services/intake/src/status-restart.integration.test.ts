import { encodeEvent, type TakedownEvent } from "@takedown/contracts";
import { syntheticTargets } from "@takedown/dedup";
import { RecordWriter, restoreChangelog } from "@takedown/kafka";
import {
  SyntheticHistory,
  type ExpectedTarget,
  type HistoryEvents,
  type StatusApp,
} from "@takedown/status";
import { awaitCondition } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { requestStatusSchema } from "./http-schemas.js";
import {
  harnessTopics,
  intakeTest as test,
  readEvents,
  requestBody,
  testOrgans,
  writtenOffsets,
  type LaunchedIntake,
} from "./intake-harness.test-support.js";

const HISTORY_TARGETS = 3000;

/** Source records the updater folded since this start. */
async function folded(status: StatusApp): Promise<number> {
  return (await status.metrics.folded.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Records of this topic the store applied since this start. */
async function appliedFrom(status: StatusApp, topic: string): Promise<number> {
  const { values } = await status.metrics.applied.get();
  return values.filter((v) => v.labels.topic === topic).reduce((sum, v) => sum + v.value, 0);
}

describe("status across restarts", () => {
  test("a restarted intake answers for earlier requests at once, from the state topic, not by replaying the sources", async ({
    kafka,
    admin,
    createTopic,
    launchIntake,
    launchStatus,
    uniqueId,
  }) => {
    const topics = await harnessTopics(createTopic);
    const organs = await testOrgans();
    const first = await launchStatus({ topics });
    const launched = await launchIntake({ topics, organs, statusUrl: first.url });

    // Requests made through intake, and thousands more written straight onto the topics.
    const accepted: string[] = [];
    for (const n of [1, 2, 3]) {
      const answer = await launched.intake.app.inject({
        method: "POST",
        url: "/v1/requests",
        headers: { authorization: organs.keyOf.a },
        payload: requestBody({ targets: [{ url: `https://x.com/restart/status/${n}` }] }),
      });
      expect(answer.statusCode, answer.body).toBe(202);
      accepted.push(answer.json<{ requestId: string }>().requestId);
    }
    const ours = (await readEvents(kafka, admin, topics.targets, 3)).map(
      (r) => r.event as TakedownEvent<"target.submitted">,
    );
    const history = new SyntheticHistory();
    const producer = new RecordWriter(kafka);
    await producer.start();
    const send = async (events: HistoryEvents, withTargets: boolean) => {
      const names = withTargets
        ? (["targets", "cases", "notices", "responses"] as const)
        : (["cases", "notices", "responses"] as const);
      await producer.sendTopics(
        names.map((name) => ({
          topic: topics[name],
          records: events[name].map((e) => encodeEvent(e)),
        })),
      );
    };
    const synthetic = syntheticTargets({
      count: HISTORY_TARGETS,
      urls: 1000,
      runId: uniqueId,
      organs: ["organ-a", "organ-b"],
    });
    try {
      await send(history.events(ours), false);
      for (let at = 0; at < synthetic.length; at += 500)
        await send(history.events(synthetic.slice(at, at + 500)), true);
    } finally {
      await producer.stop();
    }
    const sample = [
      ...ours,
      ...synthetic.filter((_, i) => i % 100 === 0 || i === synthetic.length - 1),
    ].map((t) => history.expected(t.data));
    expect(sample.filter((e) => e.caseState === "removed").length).toBeGreaterThan(0);

    const check = async (intake: LaunchedIntake["intake"], expected: ExpectedTarget) => {
      const answer = await intake.app.inject({
        url: `/v1/requests/${expected.requestId}`,
        headers: {
          authorization: expected.organId === "organ-a" ? organs.keyOf.a : organs.keyOf.b,
        },
      });
      if (answer.statusCode !== 200) return `${expected.requestId}: ${answer.statusCode}`;
      const target = requestStatusSchema.parse(answer.json()).targets[0];
      const removed = expected.caseState === "removed";
      const right =
        target?.targetId === expected.targetId &&
        target.caseId === expected.caseId &&
        target.caseState === expected.caseState &&
        target.platformId === expected.platformId &&
        target.latestResponse?.action === (removed ? "removed" : undefined) &&
        (!removed ||
          target.latestResponse?.text === `Removed under our terms (${expected.caseId}).`);
      return right ? undefined : `${expected.targetId}: ${answer.body}`;
    };
    const wrong = async (intake: LaunchedIntake["intake"]) =>
      (await Promise.all(sample.map((e) => check(intake, e)))).filter((w) => w !== undefined);
    await awaitCondition(async () => (await wrong(launched.intake)).length === 0, {
      what: "the status of every sampled request",
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    // Every committed fact is in the first store before it stops.
    const stateTopic = topics.state ?? "";
    let facts = 0;
    await awaitCondition(
      async () => {
        facts = 0;
        await restoreChangelog({
          kafka,
          topic: stateTopic,
          partitions: (await admin.fetchTopicOffsets(stateTopic)).map((o) => o.partition),
          onRecord: () => (facts += 1),
        });
        return (await appliedFrom(first.status, stateTopic)) === facts;
      },
      { what: "the first store to hold every committed fact", timeoutMs: 60_000 },
    );
    expect(facts).toBeGreaterThan(2 * HISTORY_TARGETS);
    await launched.intake.stop();
    await first.status.stop();

    // Restarted on its store: nothing is read again, neither sources nor facts.
    const kept = await launchStatus({ topics, dbPath: first.dbPath });
    expect(Object.fromEntries(kept.status.feeder.recordsRead)).toEqual({});
    expect(await folded(kept.status)).toBe(0);
    await kept.status.stop();

    // Restarted on an empty store (a new machine): the compacted facts are read, and the answer
    // texts from the responses topic; the targets, cases and notices topics are not read at all.
    const fresh = await launchStatus({ topics });
    expect(fresh.dbPath).not.toBe(first.dbPath);
    const read = Object.fromEntries(fresh.status.feeder.recordsRead);
    expect(read).toEqual({
      [stateTopic]: facts,
      [topics.responses]: await writtenOffsets(admin, topics.responses),
    });
    expect(await folded(fresh.status)).toBe(0);

    // The restarted intake reads no topic for status: ready at once, answering right away
    // while the targets topic holds thousands of records.
    expect(await writtenOffsets(admin, topics.targets)).toBeGreaterThanOrEqual(HISTORY_TARGETS);
    const { intake } = await launchIntake({ topics, organs, statusUrl: fresh.url });
    expect(await wrong(intake)).toEqual([]);
    const foreign = await intake.app.inject({
      url: `/v1/requests/${accepted[0] ?? ""}`,
      headers: { authorization: organs.keyOf.b },
    });
    expect(foreign.statusCode).toBe(404);
  }, 240_000);
});
