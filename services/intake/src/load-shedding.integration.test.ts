import { awaitCondition } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import type { IntakeApp } from "./app.js";
import { intakeTest as test, readEvents, requestBody } from "./testing/intake-harness.js";

/** A sample's value from /metrics (NaN when absent). */
async function metric(intake: IntakeApp, name: string): Promise<number> {
  const text = (await intake.app.inject({ url: "/metrics" })).body;
  return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
}

function poster(intake: IntakeApp, authorization: string) {
  return (id: string) =>
    intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization, "idempotency-key": id },
      payload: requestBody({ targets: [{ url: `https://example.com/post/${id}` }] }),
    });
}

type Answer = Awaited<ReturnType<ReturnType<typeof poster>>>;

interface Published {
  url: string;
  requestId: string;
}

/** The committed target.submitted events of the topic, once there are at least `expected`. */
async function published(...args: Parameters<typeof readEvents>): Promise<Published[]> {
  const events = await readEvents(...args);
  return events.map(({ event }) => event.data as Published);
}

describe("load shedding", () => {
  test("past the in-flight bound: 503 overloaded with Retry-After while the admitted wait, and nothing of it is published", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    // The first transaction lingers a second, so the admitted requests are still waiting for
    // their commit while the others arrive.
    const launched = await launchIntake({ maxInFlight: 4, lingerMs: 1000 });
    const { intake, keyOf } = launched;
    const post = poster(intake, keyOf.a);
    const settled = new Set<string>();
    const admitted = ["a0", "a1", "a2", "a3"].map((id) => post(id).finally(() => settled.add(id)));
    await awaitCondition(async () => (await metric(intake, "intake_requests_in_flight")) === 4, {
      what: "four requests in flight",
    });
    const shedIds = Array.from({ length: 40 }, (_, i) => `s${i}`);
    const shed = await Promise.all(shedIds.map(post));
    // Answered before any admitted request could commit: none of them waited for Kafka.
    expect(settled.size).toBe(0);
    for (const answer of shed) {
      expect(answer.statusCode).toBe(503);
      expect(answer.headers["retry-after"]).toBe("1");
      expect(answer.headers["content-type"]).toContain("application/problem+json");
      expect(answer.json()).toMatchObject({
        code: "INTAKE_OVERLOADED",
        type: "https://takedown.example.jp/problems/overloaded",
      });
    }
    const accepted = await Promise.all(admitted);
    expect(accepted.map((a) => a.statusCode)).toEqual([202, 202, 202, 202]);
    expect(await metric(intake, "intake_requests_shed_total")).toBe(40);
    expect(await metric(intake, "intake_requests_in_flight_max")).toBe(4);
    await awaitCondition(async () => (await metric(intake, "intake_requests_in_flight")) === 0, {
      what: "no request in flight",
    });

    const events = await published(kafka, admin, launched.topics.targets, 4);
    expect(events.map((e) => e.url).sort()).toEqual(
      ["a0", "a1", "a2", "a3"].map((id) => `https://example.com/post/${id}`),
    );
    expect(events.map((e) => e.requestId).sort()).toEqual(
      accepted.map((a) => a.json<{ requestId: string }>().requestId).sort(),
    );
  });

  test("a burst of 300 against a bound of 8: every 202 is published once, and retries of the shed ones with their keys complete the set", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    const launched = await launchIntake({ maxInFlight: 8 });
    const { intake, keyOf } = launched;
    const post = poster(intake, keyOf.a);
    // One call first, so the burst finds the organ's key verified (scrypt) and cached.
    expect((await post("warm-up")).statusCode).toBe(202);
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`);
    const answers = new Map<string, Answer>();
    const first = await Promise.all(ids.map(post));
    first.forEach((answer, i) => answers.set(ids[i] ?? "", answer));
    const codes = first.map((a) =>
      a.statusCode === 202 ? "202" : a.json<{ code: string }>().code,
    );
    expect(new Set(codes)).toEqual(new Set(["202", "INTAKE_OVERLOADED"]));
    const acceptedFirst = first.filter((a) => a.statusCode === 202).length;
    expect(acceptedFirst).toBeGreaterThanOrEqual(8);

    // Nothing of a shed request was published: only the accepted ones are on the topic.
    const early = await published(kafka, admin, launched.topics.targets, acceptedFirst + 1);
    expect(early).toHaveLength(acceptedFirst + 1);

    // The organ retries what was shed, with the same keys, until everything is accepted.
    for (let round = 0; round < 100; round += 1) {
      const pending = ids.filter((id) => answers.get(id)?.statusCode !== 202);
      if (pending.length === 0) break;
      const retried = await Promise.all(pending.slice(0, 16).map(post));
      retried.forEach((answer, i) => {
        const id = pending[i] ?? "";
        if (answer.statusCode !== 202)
          expect(answer.json<{ code: string }>().code).toBe("INTAKE_OVERLOADED");
        answers.set(id, answer);
      });
    }
    expect(ids.filter((id) => answers.get(id)?.statusCode !== 202)).toEqual([]);

    const events = await published(kafka, admin, launched.topics.targets, 301);
    expect(events).toHaveLength(301);
    const byUrl = new Map(events.map((e) => [e.url, e.requestId]));
    expect(byUrl.size).toBe(301);
    for (const id of ids) {
      const answer = answers.get(id);
      expect(byUrl.get(`https://example.com/post/${id}`)).toBe(
        answer?.json<{ requestId: string }>().requestId,
      );
    }
  });

  test("past the deadline: 503 deadline-exceeded; a retry meanwhile publishes nothing; after the late commit the retry gets the first answer", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    // The transaction waits three seconds for company; each request may wait 300 ms.
    const launched = await launchIntake({ publishTimeoutMs: 300, lingerMs: 3000 });
    const { intake, keyOf, topics } = launched;
    const post = poster(intake, keyOf.a);

    const first = await post("slow");
    expect(first.statusCode).toBe(503);
    expect(first.headers["retry-after"]).toBe("5");
    expect(first.json()).toMatchObject({
      code: "INTAKE_DEADLINE_EXCEEDED",
      type: "https://takedown.example.jp/problems/deadline-exceeded",
    });
    expect(first.json<{ detail: string }>().detail).toContain("same Idempotency-Key");

    // The first publish is still waiting: the retry must neither publish nor wait past its own
    // deadline.
    const meanwhile = await post("slow");
    expect(meanwhile.statusCode).toBe(503);
    expect(meanwhile.json<{ detail: string }>().detail).toContain("still being published");
    expect(await metric(intake, "intake_late_commits_total")).toBe(0);

    await awaitCondition(async () => (await metric(intake, "intake_late_commits_total")) === 1, {
      what: "the first publish to commit late",
    });
    const retried = await post("slow");
    expect(retried.statusCode).toBe(202);
    const { requestId } = retried.json<{ requestId: string }>();
    expect(retried.headers.location).toBe(`/v1/requests/${requestId}`);
    expect(await post("slow").then((a) => a.json<unknown>())).toEqual(retried.json());

    const events = await published(kafka, admin, topics.targets, 1);
    expect(events).toEqual([
      expect.objectContaining({ url: "https://example.com/post/slow", requestId }),
    ]);
    expect(await metric(intake, "intake_requests_deadline_exceeded_total")).toBe(2);
  });
});
