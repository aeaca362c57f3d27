import { Validator } from "@seriousme/openapi-schema-validator";
import { createKafka } from "@takedown/kafka";
import { createS3Client } from "@takedown/s3";
import { describe, expect, it } from "vitest";
import { buildApp } from "./app.js";
import { buildOpenApiDocument } from "./openapi-document.js";
import { quietLogger, testOrgans } from "./testing/intake-harness.js";

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
    topics: { targets: "t", idempotency: "i", status: [] },
    evidenceBucket: "evidence",
    evidenceObjectLock: false,
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
});
