import { describe, expect } from "vitest";
import { createEvent, encodeEvent, noticesTopic } from "@takedown/contracts";
import { awaitCondition } from "@takedown/test-kit";
import { T0, caseOf, routingTest, submission } from "./routing-test-bed.test-support.js";

const MiB = 1024 * 1024;
const CASES = 3000;

describe("routing at volume", () => {
  routingTest(
    "a batch whose notices pass 1 MiB on one partition commits every notice exactly once; /readyz and /metrics show it",
    async ({ uniqueId, bed, recorderOf }) => {
      const notices = noticesTopic(bed.platformA);
      const recorder = recorderOf([notices]);
      const cases = Array.from({ length: CASES }, (_, i) =>
        caseOf(`https://www.${bed.hostA}/posts/${uniqueId}-${i}`),
      );
      const opened = cases.map((c) =>
        createEvent(
          "case.opened",
          {
            caseId: c.caseId,
            contentKey: c.contentKey,
            canonicalUrl: c.url,
            member: submission(c.url, []),
            openedAt: T0.toISOString(),
          },
          { source: "/takedown/dedup" },
        ),
      );
      // Written before routing starts, so its first fetches are full batches.
      for (let at = 0; at < CASES; at += 500)
        await bed.publish(bed.topics.cases, opened.slice(at, at + 500));
      expect(
        opened.map((e) => encodeEvent(e).value.length).reduce((a, b) => a + b),
      ).toBeGreaterThan(MiB);
      const app = await bed.startApp({
        operational: {
          port: 0,
          host: "127.0.0.1",
          recovery: { maxRestarts: 10, maxRecoveryMs: 300_000 },
          readiness: { stallMs: 60_000 },
        },
      });
      await recorder.start(`check-${uniqueId}`);
      await awaitCondition(() => recorder.of(notices, "notice.issued").length >= CASES, {
        what: `${CASES} notices`,
        timeoutMs: 90_000,
      });
      const base = app.operationalAddress()!;
      // Ready once both processors run and nothing is left behind.
      await awaitCondition(async () => (await fetch(`${base}/readyz`)).status === 200, {
        what: "/readyz 200",
      });
      const issued = recorder.of(notices, "notice.issued");
      expect(issued).toHaveLength(CASES);
      expect(new Set(issued.map((n) => n.data.caseId))).toEqual(
        new Set(cases.map((c) => c.caseId)),
      );

      // A transaction's records are consecutive offsets; a commit marker takes the next one.
      const runs: number[] = [];
      let previous: bigint | undefined;
      for (const record of recorder.raw.filter((r) => r.topic === notices)) {
        if (previous === undefined || record.offset !== previous + 1n) runs.push(0);
        runs[runs.length - 1]! += record.bytes;
        previous = record.offset;
      }
      expect(Math.max(...runs)).toBeGreaterThan(MiB);

      const health = app.health();
      expect(health.map((h) => h.state)).toEqual(["running", "running"]);
      expect(health[0]?.deadLetters).toEqual({});
      const group = `routing-${uniqueId}`;
      const noLag = new RegExp(
        `takedown_consumer_lag\\{group="${group}",topic="${bed.topics.cases}",partition="0"\\} 0\n`,
      );
      // The notices turn visible when the broker writes the commit markers, a moment before the
      // processor hears its commit answered and records the committed offset the lag is read from.
      let metrics = "";
      await awaitCondition(
        async () => {
          metrics = await (await fetch(`${base}/metrics`)).text();
          return noLag.test(metrics);
        },
        { what: "consumer lag 0 on partition 0 in /metrics", timeoutMs: 30_000 },
      );
      expect(metrics).toContain(`takedown_consumer_state{group="${group}",state="running"} 1`);
      expect(metrics).toMatch(
        new RegExp(`takedown_consumer_last_commit_timestamp_seconds\\{group="${group}"\\} \\d+`),
      );
      expect(metrics).toContain(`takedown_consumer_restarts_total{group="${group}-responses"} `);
    },
    120_000,
  );
});
