import { describe, expect, it } from "vitest";
import type { ProcessorHealth } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { OperationalEndpoints } from "./operational-endpoints.js";
import { OperationalServer } from "./operational-server.js";
import { readOperationalSettings } from "./operational-settings.js";
import { assessReadiness } from "./readiness.js";

const now = Date.parse("2026-01-01T12:00:00Z");

function health(overrides: Partial<ProcessorHealth> = {}): ProcessorHealth {
  return {
    groupId: "takedown-routing",
    state: "running",
    stateSince: now - 600_000,
    restarts: 0,
    failingSince: undefined,
    lastError: undefined,
    lastCommitAt: now - 1_000,
    transactions: 12,
    retries: { transient: 0, poison: 0 },
    partitions: [
      {
        topic: "takedown.cases.v1",
        partition: 0,
        committedOffset: "10",
        highWatermark: "10",
        lag: 0,
      },
    ],
    deadLetters: {},
    ...overrides,
  };
}

const lagging = [
  {
    topic: "takedown.cases.v1",
    partition: 0,
    committedOffset: "10",
    highWatermark: "510",
    lag: 500,
  },
];

describe("assessReadiness", () => {
  it("is ready while running, with or without lag, as long as commits happen", () => {
    expect(assessReadiness([health()], { stallMs: 60_000 }, now).ready).toBe(true);
    expect(assessReadiness([health({ partitions: lagging })], { stallMs: 60_000 }, now).ready).toBe(
      true,
    );
  });

  it("is not ready while a consumer is not running, or has lag and no recent commit", () => {
    const restarting = assessReadiness([health({ state: "restarting" })], { stallMs: 60_000 }, now);
    expect(restarting.processors[0]).toMatchObject({
      ready: false,
      reason: "consumer is restarting",
    });
    const stalled = assessReadiness(
      [health({ partitions: lagging, lastCommitAt: now - 120_000 })],
      { stallMs: 60_000 },
      now,
    );
    expect(stalled).toMatchObject({
      ready: false,
      processors: [{ reason: "lag 500 and no commit for 120 s", lag: 500 }],
    });
    const idle = assessReadiness(
      [health({ lastCommitAt: now - 3_600_000 })],
      { stallMs: 60_000 },
      now,
    );
    expect(idle.ready).toBe(true);
  });

  it("is not ready before any processor exists", () => {
    expect(assessReadiness([], { stallMs: 60_000 }, now)).toEqual({ ready: false, processors: [] });
  });

  it("applies a lag limit when one is set", () => {
    const over = assessReadiness(
      [health({ partitions: lagging })],
      { stallMs: 60_000, maxLag: 100 },
      now,
    );
    expect(over.processors[0]?.reason).toBe("lag 500 is over 100");
  });
});

describe("OperationalEndpoints", () => {
  it("renders lag, last commit, restarts and DLQ counts as Prometheus text", () => {
    const endpoints = new OperationalEndpoints({
      processors: () => [
        health({
          partitions: lagging,
          restarts: 2,
          deadLetters: { OUTPUT_TOO_LARGE: 1, 'INVALID"DATA': 3 },
        }),
      ],
      kafkaConditions: () => ({ CONCURRENT_TRANSACTIONS: 7 }),
    });
    const metrics = endpoints.respond("/metrics");
    expect(metrics?.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = metrics!.body.split("\n");
    expect(lines).toContain(
      'takedown_consumer_lag{group="takedown-routing",topic="takedown.cases.v1",partition="0"} 500',
    );
    expect(lines).toContain('takedown_consumer_state{group="takedown-routing",state="running"} 1');
    expect(lines).toContain('takedown_consumer_state{group="takedown-routing",state="failed"} 0');
    expect(lines).toContain(
      `takedown_consumer_last_commit_timestamp_seconds{group="takedown-routing"} ${(now - 1000) / 1000}`,
    );
    expect(lines).toContain('takedown_consumer_restarts_total{group="takedown-routing"} 2');
    expect(lines).toContain(
      'takedown_dlq_records_total{group="takedown-routing",reason="OUTPUT_TOO_LARGE"} 1',
    );
    expect(lines).toContain(
      'takedown_dlq_records_total{group="takedown-routing",reason="INVALID\\"DATA"} 3',
    );
    expect(lines).toContain(
      'takedown_kafka_client_expected_conditions_total{condition="CONCURRENT_TRANSACTIONS"} 7',
    );
    expect(lines.filter((l) => l === "# TYPE takedown_dlq_records_total counter")).toHaveLength(1);
  });

  it("fails /healthz only for a processor that gave up", () => {
    const states: ProcessorHealth["state"][] = ["restarting"];
    const endpoints = new OperationalEndpoints({
      processors: () => states.map((state) => health({ state })),
    });
    expect(endpoints.respond("/healthz")?.status).toBe(200);
    expect(endpoints.respond("/readyz")?.status).toBe(503);
    states[0] = "failed";
    expect(endpoints.respond("/healthz")).toMatchObject({
      status: 503,
      body: JSON.stringify({ status: "failed", failed: ["takedown-routing"] }),
    });
    expect(endpoints.respond("/elsewhere")).toBeUndefined();
  });
});

describe("OperationalServer", () => {
  it("serves the endpoints over HTTP on an ephemeral port and 404s the rest", async () => {
    const server = new OperationalServer({
      endpoints: new OperationalEndpoints({ processors: () => [health()] }),
      port: 0,
      logger: createLogger({ service: "test", level: "silent" }),
    });
    await server.start();
    try {
      const base = server.address!;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, processors: [{ state: "running" }] });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain(
        'takedown_consumer_transactions_total{group="takedown-routing"} 12',
      );
      const missing = await fetch(`${base}/v1/anything`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe("application/problem+json");
      expect((await fetch(`${base}/readyz`, { method: "POST" })).status).toBe(405);
    } finally {
      await server.stop();
    }
    expect(server.address).toBeUndefined();
  });
});

describe("readOperationalSettings", () => {
  it("reads the service's port and the shared bounds, with defaults", () => {
    expect(readOperationalSettings({}, { prefix: "DEDUP", defaultPort: 8081 })).toEqual({
      port: 8081,
      host: "127.0.0.1",
      recovery: { maxRestarts: 10, maxRecoveryMs: 300_000 },
      readiness: { stallMs: 60_000 },
    });
    const set = readOperationalSettings(
      { ROUTING_PORT: "0", PROCESSOR_MAX_RESTARTS: "3", READYZ_MAX_LAG: "5000", DEDUP_PORT: "x" },
      { prefix: "ROUTING", defaultPort: 8082 },
    );
    expect(set).toMatchObject({
      port: 0,
      recovery: { maxRestarts: 3 },
      readiness: { maxLag: 5000 },
    });
  });

  it("names the variable that is wrong", () => {
    expect(() =>
      readOperationalSettings({ DEDUP_PORT: "70000" }, { prefix: "DEDUP", defaultPort: 8081 }),
    ).toThrow(/DEDUP_PORT/);
  });
});
