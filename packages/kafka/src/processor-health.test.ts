import { describe, expect, it } from "vitest";
import { ProcessorHealthTracker } from "./processor-health.js";

describe("ProcessorHealthTracker", () => {
  it("computes lag per partition from the committed offset, skipped markers and the end", () => {
    const health = new ProcessorHealthTracker("g");
    health.assigned([{ topic: "t", partitions: [0, 1, 2] }]);
    health.fetched("t", 0, "100");
    health.committed([{ topic: "t", partition: 0, nextOffset: "60" }], []);
    // Partition 1 is done but for the marker of the last transaction it read.
    health.committed([{ topic: "t", partition: 1, nextOffset: "41" }], []);
    health.fetched("t", 1, "42", "42");
    const partitions = health.snapshot().partitions;
    expect(partitions.map((p) => p.lag)).toEqual([40, 0, null]);
    expect(partitions[0]).toMatchObject({ committedOffset: "60", highWatermark: "100" });
  });

  it("takes offsets probed from the cluster for assigned partitions only", () => {
    const health = new ProcessorHealthTracker("g");
    health.assigned([{ topic: "t", partitions: [0] }]);
    health.probed([
      { topic: "t", partition: 0, committed: "-1", highWatermark: "5" },
      { topic: "t", partition: 9, committed: "3" },
    ]);
    expect(health.snapshot().partitions).toEqual([
      { topic: "t", partition: 0, committedOffset: null, highWatermark: "5", lag: null },
    ]);
    health.probed([{ topic: "t", partition: 0, lowWatermark: "1" }]);
    // Nothing committed yet: the group starts at the partition's beginning.
    expect(health.snapshot().partitions[0]?.lag).toBe(4);
    health.probed([{ topic: "t", partition: 0, committed: "2" }]);
    expect(health.snapshot().partitions[0]?.lag).toBe(3);
  });

  it("counts DLQ records by reason, and a run of failures until recovery", () => {
    const health = new ProcessorHealthTracker("g");
    health.committed(
      [{ topic: "t", partition: 0, nextOffset: "1" }],
      ["INVALID_DATA", "OUTPUT_TOO_LARGE", "INVALID_DATA"],
    );
    health.failed(new Error("broker away"));
    const failing = health.snapshot();
    expect(failing.deadLetters).toEqual({ INVALID_DATA: 2, OUTPUT_TOO_LARGE: 1 });
    expect(failing.failingSince).toBeTypeOf("number");
    expect(failing.lastError).toBe("PROCESSING_FAILED: Error: broker away");
    health.recovered();
    expect(health.snapshot().failingSince).toBeUndefined();
    expect(health.snapshot().transactions).toBe(1);
  });
});
