import { createServer } from "node:net";
import { createKafka } from "@takedown/kafka";
import { createS3Client, ensureBucket } from "@takedown/s3";
import { awaitCondition, startPrivateKafkaServer, startPrivateS3Server } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import {
  intakeTest as test,
  pngBytes,
  readEvents,
  requestBody,
  writtenOffsets,
} from "./intake-harness.test-support.js";
import { bareClientOf } from "@takedown/kafka/bare-client";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("faults answer 503 with Retry-After and publish nothing", () => {
  test("S3 stopped: evidence and requests naming unseen evidence get 503, no record", async ({
    admin,
    uniqueId,
    launchIntake,
  }) => {
    const server = await startPrivateS3Server();
    const s3 = createS3Client({
      ...server,
      region: "us-east-1",
      maxAttempts: 1,
      requestTimeoutMs: 3000,
    });
    const bucket = `intake-${uniqueId}`;
    try {
      await ensureBucket(s3, bucket);
      const { intake, topics, keyOf } = await launchIntake({ s3, bucket });
      const upload = (payload: Buffer) =>
        intake.app.inject({
          method: "POST",
          url: "/v1/evidence",
          headers: { authorization: keyOf.a, "content-type": "application/octet-stream" },
          payload,
        });
      expect((await upload(pngBytes)).statusCode).toBe(201);
      expect((await intake.app.inject({ url: "/readyz" })).statusCode).toBe(200);
      await server.stop();

      const refused = await upload(Buffer.from("another file"));
      expect(refused.statusCode).toBe(503);
      expect(refused.headers["retry-after"]).toBeDefined();
      expect(refused.headers["content-type"]).toContain("application/problem+json");
      const request = await intake.app.inject({
        method: "POST",
        url: "/v1/requests",
        headers: { authorization: keyOf.a },
        payload: requestBody({ evidence: [`sha256:${"cd".repeat(32)}`] }),
      });
      expect(request.statusCode).toBe(503);
      expect(request.headers["retry-after"]).toBeDefined();
      expect(await writtenOffsets(admin, topics.targets)).toBe(0);
      const ready = await intake.app.inject({ url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ s3: false });
    } finally {
      s3.destroy();
      await server.destroy();
    }
  });

  test("Kafka unreachable: requests get 503, evidence still works, readyz says why", async ({
    uniqueId,
    launchIntake,
  }) => {
    const deadKafka = bareClientOf(
      createKafka({
        brokers: [`127.0.0.1:${await closedPort()}`],
        clientId: `dead-${uniqueId}`,
        retries: 0,
        connectionTimeoutMs: 300,
      }),
    );
    const { intake, keyOf } = await launchIntake({
      kafka: deadKafka,
      topics: { targets: "t", idempotency: "i", cases: "c", notices: "n", responses: "r" },
      // No GET here: no status service on a broker that is not there.
      statusUrl: "http://127.0.0.1:1",
    });
    const request = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a, "idempotency-key": "retry-me" },
      payload: requestBody(),
    });
    expect(request.statusCode).toBe(503);
    expect(request.headers["retry-after"]).toBe("5");
    expect(request.json()).toMatchObject({ status: 503, code: "INTAKE_KAFKA_UNAVAILABLE" });
    const evidence = await intake.app.inject({
      method: "POST",
      url: "/v1/evidence",
      headers: { authorization: keyOf.a, "content-type": "image/png" },
      payload: pngBytes,
    });
    expect(evidence.statusCode).toBe(201);
    const ready = await intake.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ kafka: false, s3: true });
    expect((await intake.app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  test("broker stopped mid-run: 503, nothing half-published; back up, a retry with its key is published once", async ({
    uniqueId,
    launchIntake,
  }) => {
    const server = await startPrivateKafkaServer();
    const kafka = bareClientOf(
      createKafka({
        brokers: server.brokers,
        sasl: server.sasl,
        clientId: `restart-${uniqueId}`,
        retries: 1,
        connectionTimeoutMs: 500,
        requestTimeoutMs: 3000,
      }),
    );
    const admin = kafka.admin();
    try {
      await admin.connect();
      const names = ["targets", "idempotency", "cases", "notices", "responses"] as const;
      const topics = Object.fromEntries(names.map((n) => [n, `${n}-${uniqueId}`])) as Record<
        (typeof names)[number],
        string
      >;
      await admin.createTopics({
        waitForLeaders: true,
        topics: names.map((n) => ({
          topic: topics[n],
          numPartitions: 3,
          configEntries: n === "idempotency" ? [{ name: "cleanup.policy", value: "compact" }] : [],
        })),
      });
      const { intake, keyOf } = await launchIntake({
        kafka,
        topics,
        publishTimeoutMs: 5000,
        statusUrl: "http://127.0.0.1:1",
      });
      const post = (key: string) =>
        intake.app.inject({
          method: "POST",
          url: "/v1/requests",
          headers: { authorization: keyOf.a, "idempotency-key": key },
          payload: requestBody({ targets: [{ url: `https://example.com/post/${key}` }] }),
        });
      expect((await post("before")).statusCode).toBe(202);

      await server.stop();
      const during = await post("during");
      expect(during.statusCode).toBe(503);
      expect(during.headers["retry-after"]).toBeDefined();

      await server.start();
      // The organ retries with the same key until the intake has found the broker again.
      await awaitCondition(
        async () => ((await post("during")).statusCode === 202 ? true : undefined),
        {
          what: "a 202 for the retried request",
          timeoutMs: 90_000,
        },
      );
      expect((await post("after")).statusCode).toBe(202);
      const events = await readEvents(kafka, admin, topics.targets, 3);
      const urls = events.map(({ event }) => (event.data as { url: string }).url).sort();
      expect(urls).toEqual(
        ["after", "before", "during"].map((key) => `https://example.com/post/${key}`),
      );
    } finally {
      await admin.disconnect();
      await server.destroy();
    }
    // A private broker is started, stopped and started again, and the retry alone may wait 90 s.
  }, 180_000);
});
