import { RecordWriter } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { buildApp, type StatusApp } from "./status-app.js";

const logger = createLogger({ service: "status-test", level: "silent" });

interface Readyz {
  ready: boolean;
  store: boolean;
  storeReader: string;
  processors: { groupId: string; state: string; ready: boolean }[];
}

async function readyz(app: StatusApp): Promise<{ status: number; body: Readyz }> {
  const response = await fetch(`${app.api.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Readyz };
}

describe("status supervision", () => {
  test("readiness and metrics show the updater; a store that cannot follow calls onFatal instead of serving on", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topics = {
      targets: await createTopic({ name: "targets" }),
      cases: await createTopic({ name: "cases" }),
      notices: [await createTopic({ name: "notices" })],
      responses: [await createTopic({ name: "responses" })],
      state: await createTopic({ name: "state", configs: { "cleanup.policy": "compact" } }),
    };
    const groupId = `status-supervision-${uniqueId}`;
    const fatal: Error[] = [];
    const app = buildApp({
      kafka,
      logger,
      topics,
      dbPath: ":memory:",
      groupId,
      instanceId: "a",
      port: 0,
      host: "127.0.0.1",
      onFatal: (error) => fatal.push(error),
    });
    await app.start();
    try {
      await awaitCondition(async () => (await readyz(app)).status === 200, {
        timeoutMs: 60_000,
        what: "status ready",
      });
      const ready = await readyz(app);
      expect(ready.body).toMatchObject({ ready: true, store: true, storeReader: "following" });
      expect(ready.body.processors).toEqual([
        expect.objectContaining({ groupId, state: "running", ready: true }),
      ]);
      const metrics = await (await fetch(`${app.api.url}/metrics`)).text();
      // The updater's lag, commits and restarts (a fresh broker's coordinator may cost a restart).
      expect(metrics).toMatch(
        new RegExp(`^takedown_consumer_restarts_total\\{group="${groupId}"\\} \\d+$`, "m"),
      );
      expect(metrics).toContain(`takedown_consumer_state{group="${groupId}",state="running"} 1`);
      expect(metrics).toMatch(/^status_store_reader_restarts_total 0$/m);
      expect(metrics).toContain("# TYPE status_store_records_total counter");

      // Only the updater writes the state topic: a record it cannot have written is a bug, and
      // the store must not skip it and serve on as if it followed.
      const writer = new RecordWriter(kafka);
      await writer.start();
      try {
        await writer.send(topics.state, [{ key: "request:r-1", value: "{not json" }]);
      } finally {
        await writer.stop();
      }
      await awaitCondition(() => fatal.length > 0, { timeoutMs: 30_000, what: "onFatal" });
      expect(fatal[0]).toMatchObject({ code: "STATUS_FACT_CORRUPT" });
      expect(fatal[0]?.message).toContain("request:r-1");
      const after = await readyz(app);
      expect(after.status).toBe(503);
      expect(after.body).toMatchObject({ ready: false, store: false });
      const lookup = await fetch(`${app.api.url}/v1/requests/req_x?organId=moj`);
      expect(lookup.status).toBe(503);
    } finally {
      await app.stop();
    }
  }, 120_000);
});
