import { platformRegistrySchema } from "@takedown/config";
import { createEvent, encodeEvent } from "@takedown/contracts";
import { syntheticTargets } from "@takedown/dedup";
import { canonicalizeUrl } from "@takedown/url-canon";
import { requestListSchema, SyntheticHistory, type RequestList } from "@takedown/status";
import { awaitCondition } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { previewResultsSchema } from "./http-schemas.js";
import { intakeTest as test } from "./intake-harness.test-support.js";

const TARGETS = 4000;

const platforms = platformRegistrySchema.parse({
  platforms: [
    {
      id: "x",
      names: { ja: "X", en: "X" },
      domains: ["x.com"],
      kafkaUser: "platform-x",
    },
  ],
});

describe("GET /v1/requests and POST /v1/preview over a large history", () => {
  test(
    "pages an organ's own requests newest first with filters and counts, and previews URLs against open cases",
    { timeout: 300_000 },
    async ({ kafka, launchIntake, uniqueId }) => {
      const { intake, keyOf, topics } = await launchIntake({ platforms });
      const synthetic = syntheticTargets({
        count: TARGETS,
        urls: 1500,
        runId: uniqueId,
        organs: ["organ-a", "organ-b"],
      });
      const history = new SyntheticHistory();
      const producer = kafka.producer();
      await producer.connect();
      try {
        for (let at = 0; at < synthetic.length; at += 500) {
          const events = history.events(synthetic.slice(at, at + 500));
          await producer.sendBatch({
            acks: -1,
            topicMessages: (["targets", "cases", "notices", "responses"] as const).map((name) => ({
              topic: topics[name],
              messages: events[name].map((e) => encodeEvent(e)),
            })),
          });
        }
      } finally {
        await producer.disconnect();
      }
      const expected = synthetic.map((t) => history.expected(t.data));
      const ofA = expected.filter((e) => e.organId === "organ-a");
      const removedOfA = new Set(
        ofA.filter((e) => e.caseState === "removed").map((e) => e.requestId),
      );
      expect(removedOfA.size).toBeGreaterThan(100);

      const get = async (query: string, organ = keyOf.a) => {
        const answer = await intake.app.inject({
          url: `/v1/requests?${query}`,
          headers: { authorization: organ },
        });
        return answer;
      };
      const list = async (query: string, organ = keyOf.a): Promise<RequestList> => {
        const answer = await get(query, organ);
        expect(answer.statusCode, answer.body).toBe(200);
        return requestListSchema.parse(answer.json());
      };
      await awaitCondition(
        async () => {
          const { counts } = await list("limit=1");
          return (
            counts.notified === ofA.length - removedOfA.size && counts.removed === removedOfA.size
          );
        },
        {
          what: "every synthetic request of organ-a counted",
          timeoutMs: 180_000,
          intervalMs: 1000,
        },
      );

      /** Every page of a query; each page's time to answer through intake and the status service. */
      const all = async (query: string, organ = keyOf.a) => {
        const items: RequestList["items"] = [];
        const ms: number[] = [];
        let cursor: string | null = null;
        do {
          const began = performance.now();
          const page: RequestList = await list(
            `${query}&limit=200${cursor === null ? "" : `&cursor=${cursor}`}`,
            organ,
          );
          ms.push(performance.now() - began);
          expect(page.items.length).toBeLessThanOrEqual(200);
          items.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== null);
        return { items, ms };
      };
      const everything = await all("");
      expect(everything.items.map((i) => i.requestId).sort()).toEqual(
        ofA.map((e) => e.requestId).sort(),
      );
      const times = everything.items.map((i) => Date.parse(i.submittedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(everything.items[0]).toMatchObject({
        category: "defamation",
        targetCount: 1,
        requestedAction: "remove",
      });
      const slowest = Math.max(...everything.ms);
      console.log(
        `listed ${everything.items.length} requests of ${TARGETS} in ${everything.ms.length} pages of 200; page ms: median ${[...everything.ms].sort((a, b) => a - b)[Math.floor(everything.ms.length / 2)]?.toFixed(1)}, max ${slowest.toFixed(1)}`,
      );

      const removed = await all("state=removed");
      expect(new Set(removed.items.map((i) => i.requestId))).toEqual(removedOfA);
      expect(removed.items.every((i) => i.states.removed === 1)).toBe(true);

      // A window of submission times, half-open: [from, to).
      const window = ofA.slice(100, 400);
      const from = synthetic.find((t) => t.data.requestId === window[0]?.requestId)?.data;
      const to = synthetic.find((t) => t.data.requestId === window.at(-1)?.requestId)?.data;
      const windowed = await all(`from=${from?.submittedAt ?? ""}&to=${to?.submittedAt ?? ""}`);
      expect(windowed.items).toHaveLength(window.length - 1);
      expect((await list("category=privacy")).items).toEqual([]);
      expect((await list("platform=x&limit=5")).items).toHaveLength(5);
      expect((await list("platform=other")).counts).toEqual({});

      // Organ isolation: organ-b sees its own requests only.
      const ofB = await all("", keyOf.b);
      const idsOfA = new Set(ofA.map((e) => e.requestId));
      expect(ofB.items.length).toBe(TARGETS - ofA.length);
      expect(ofB.items.some((i) => idsOfA.has(i.requestId))).toBe(false);

      for (const [query, field] of [
        ["limit=201", "limit"],
        ["state=gone", "state"],
        ["cursor=bm90LWEtY3Vyc29y", "cursor"],
        ["from=yesterday", "from"],
        ["organId=organ-b", "organId"],
      ] as const) {
        const refused = await get(query);
        expect(refused.statusCode, query).toBe(400);
        expect(refused.headers["content-type"]).toContain("application/problem+json");
        expect(refused.json(), query).toMatchObject({ field });
      }

      // Preview: an open case, a removed (closed) one, new content, no platform, not a URL.
      const canonical = (url: string) => {
        const result = canonicalizeUrl(url);
        if (!result.ok) throw new Error(`${url}: ${result.message}`);
        return result;
      };
      const [closed, open] = syntheticTargets({
        count: 2,
        urls: 2,
        runId: `${uniqueId}-p`,
        organs: ["organ-b"],
      }).map((t, n) => {
        const url = `https://twitter.com/p${uniqueId}/status/${n + 7}?s=20`;
        const { canonicalUrl, contentKey } = canonical(url);
        return createEvent(
          "target.submitted",
          { ...t.data, url, canonicalUrl, contentKey },
          {
            source: "/test",
          },
        );
      });
      if (closed === undefined || open === undefined) throw new Error("no preview targets");
      // The first case of a history is answered removed, the second stays notified.
      const previewHistory = new SyntheticHistory();
      const events = previewHistory.events([closed, open]);
      expect([closed, open].map((t) => previewHistory.expected(t.data).caseState)).toEqual([
        "removed",
        "notified",
      ]);
      const sender = kafka.producer();
      await sender.connect();
      await sender.sendBatch({
        acks: -1,
        topicMessages: (["targets", "cases", "notices", "responses"] as const).map((name) => ({
          topic: topics[name],
          messages: events[name].map((e) => encodeEvent(e)),
        })),
      });
      await sender.disconnect();
      const urls = [
        open.data.url,
        closed.data.url,
        `https://x.com/${uniqueId}/status/1?utm_source=share`,
        "https://unknown-host.example/post/1",
        "not a url",
      ];
      const previewOf = async () => {
        const answer = await intake.app.inject({
          method: "POST",
          url: "/v1/preview",
          headers: { authorization: keyOf.a },
          payload: { urls },
        });
        expect(answer.statusCode, answer.body).toBe(200);
        return previewResultsSchema.parse(answer.json()).results;
      };
      await awaitCondition(async () => (await previewOf())[0]?.caseOpen === true, {
        what: "the open case seen by the preview",
        timeoutMs: 60_000,
      });
      const results = await previewOf();
      expect(results.map((r) => [r.canonicalUrl, r.platformId, r.caseOpen])).toEqual([
        [open.data.canonicalUrl, "x", true],
        [closed.data.canonicalUrl, "x", false],
        [canonical(urls[2] ?? "").canonicalUrl, "x", false],
        [canonical(urls[3] ?? "").canonicalUrl, null, false],
        [null, null, false],
      ]);
      expect(results[4]?.problem?.title).toBeTruthy();
      // Nothing says who opened a case.
      expect(Object.keys(results[0] ?? {}).sort()).toEqual([
        "canonicalUrl",
        "caseOpen",
        "platformId",
        "url",
      ]);
      for (const [payload, field] of [
        [{ urls: [] }, "/urls"],
        [{ urls: Array.from({ length: 101 }, () => "https://x.com/a") }, "/urls"],
        [{ url: "https://x.com/a" }, undefined],
      ] as const) {
        const refused = await intake.app.inject({
          method: "POST",
          url: "/v1/preview",
          headers: { authorization: keyOf.a },
          payload,
        });
        expect(refused.statusCode).toBe(400);
        const problem = refused.json<{ field: string; errors: { field: string }[] }>();
        if (field !== undefined) expect(problem.field).toBe(field);
        else expect(problem.errors.map((e) => e.field)).toContain("/urls");
      }
    },
  );
});
