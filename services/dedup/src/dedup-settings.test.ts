import { describe, expect, it } from "vitest";
import { readDedupSettings } from "./dedup-settings.js";

describe("dedup settings", () => {
  it("default to the SPEC topics and read overrides", () => {
    const defaults = readDedupSettings({ DEDUP_INSTANCE_ID: "" });
    expect(defaults.topics.targets).toBe("takedown.targets.v1");
    expect(defaults.topics.state).toBe("takedown.dedup.state.v1");
    expect(defaults.kafkaBrokers).toEqual(["127.0.0.1:9092"]);
    expect(defaults.instanceId.length).toBeGreaterThan(0);
    const given = readDedupSettings({
      KAFKA_BROKERS: "a:1,b:2",
      DEDUP_INSTANCE_ID: "dedup-2",
      DEDUP_STATE_TOPIC: "test.state.v1",
    });
    expect(given).toMatchObject({
      kafkaBrokers: ["a:1", "b:2"],
      instanceId: "dedup-2",
      topics: { state: "test.state.v1" },
    });
  });

  it("serve the operational endpoints on DEDUP_PORT, 8081 unless set", () => {
    expect(readDedupSettings({}).operational.port).toBe(8081);
    expect(readDedupSettings({ DEDUP_PORT: "0" }).operational.port).toBe(0);
    expect(() => readDedupSettings({ DEDUP_PORT: "-1" })).toThrow(/DEDUP_PORT/);
  });

  it("name the variable that is wrong", () => {
    expect(() => readDedupSettings({ DEDUP_INSTANCE_ID: "a b" })).toThrow(/DEDUP_INSTANCE_ID/);
    expect(() => readDedupSettings({ KAFKA_BROKERS: "nohost" })).toThrow(/KAFKA_BROKERS/);
  });
});
