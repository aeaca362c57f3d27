import { connect } from "node:net";
import { Validator } from "@seriousme/openapi-schema-validator";
import { createKafka } from "@takedown/kafka";
import { createS3Client } from "@takedown/s3";
import { describe, expect, it } from "vitest";
import { buildApp } from "./app.js";
import { buildOpenApiDocument } from "./openapi-document.js";
import { quietLogger, testOrgans } from "./intake-harness.test-support.js";

/** An app that is never started: routes that need no broker or S3 answer from memory. */
async function idleApp() {
  const { registry, keyOf } = await testOrgans();
  const intake = buildApp({
    logger: quietLogger(),
    kafka: createKafka({ brokers: ["127.0.0.1:1"], clientId: "idle" }),
    s3: createS3Client({
      endpoint: "http://127.0.0.1:1",
      region: "us-east-1",
      accessKeyId: "x",
      secretAccessKey: "y",
    }),
    organs: registry,
    platforms: { platforms: [] },
    topics: { targets: "t", idempotency: "i" },
    statusUrl: "http://127.0.0.1:1",
    evidenceBucket: "evidence",
    transactionalId: "idle",
  });
  return { intake, keyOf };
}

describe("HTTP surface", () => {
  it("serves an OpenAPI 3.1 document that an OpenAPI validator accepts", async () => {
    const { intake } = await idleApp();
    const served = await intake.app.inject({ url: "/openapi.json" });
    expect(served.statusCode).toBe(200);
    const document = served.json<Record<string, unknown>>();
    expect(document).toEqual(buildOpenApiDocument());
    const result = await new Validator().validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    const schemas = (document.components as { schemas: Record<string, { properties?: object }> })
      .schemas;
    expect((document.info as { description: string }).description).toContain(
      "at most 256 are validated or published at once",
    );
    expect(Object.keys(schemas.RequestSubmission?.properties ?? {})).toEqual(
      expect.arrayContaining(["targets", "category", "legalBasis", "evidence", "contact"]),
    );
    await intake.app.close();
  });

  it("answers 401 problem+json without a key and counts requests in /metrics", async () => {
    const { intake } = await idleApp();
    const refused = await intake.app.inject({ method: "POST", url: "/v1/requests", payload: {} });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.headers["www-authenticate"]).toContain("Bearer");
    expect(refused.json()).toMatchObject({
      status: 401,
      code: "INTAKE_UNAUTHENTICATED",
      field: "Authorization",
    });
    const unknown = await intake.app.inject({ url: "/nowhere" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toContain("application/problem+json");
    expect((await intake.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const metrics = (await intake.app.inject({ url: "/metrics" })).body;
    expect(metrics).toContain(
      'intake_http_requests_total{method="POST",route="/v1/requests",status="401"} 1',
    );
    expect(metrics).toContain("intake_http_request_duration_seconds_bucket");
    expect(metrics).toContain("intake_kafka_transaction_groups");
    expect(metrics).toContain("\nintake_requests_in_flight 0\n");
    expect(metrics).toContain("\nintake_requests_in_flight_max 256\n");
    expect(metrics).toContain("\nintake_requests_shed_total 0\n");
    expect(metrics).toContain("\nintake_requests_deadline_exceeded_total 0\n");
    expect(metrics).toContain("\nintake_event_loop_delay_seconds 0\n");
    expect(metrics).toContain("# TYPE takedown_kafka_client_expected_conditions_total counter");
    await intake.app.close();
  });

  it("answers 503 with Retry-After while Kafka is not connected", async () => {
    const { intake, keyOf } = await idleApp();
    const answer = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: {},
    });
    expect(answer.statusCode).toBe(503);
    expect(answer.headers["retry-after"]).toBe("5");
    await intake.app.close();
  });

  it("gives a place back when its client left while its key was being checked", async () => {
    const { intake, keyOf } = await idleApp();
    const address = await intake.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = new URL(address);
    const body = JSON.stringify({});
    // A fresh key takes scrypt (tens of ms): the client is gone before it is admitted.
    const socket = connect(Number(port), "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.end(
      `POST /v1/requests HTTP/1.1\r\nhost: x\r\nauthorization: ${keyOf.a}\r\n` +
        `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    socket.destroy();
    const inFlight = async () =>
      /^intake_requests_in_flight (\d+)$/m.exec(
        (await intake.app.inject({ url: "/metrics" })).body,
      )?.[1];
    await expect.poll(inFlight, { timeout: 10_000 }).toBe("0");
    // The same key, now cached, is admitted and answered; nothing stays in flight.
    const answer = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: {},
    });
    expect(answer.statusCode).toBe(503);
    expect(await inFlight()).toBe("0");
    await intake.app.close();
  });
});
