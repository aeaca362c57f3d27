import type { Kafka } from "@takedown/kafka";
import { describe, expect, it } from "vitest";
import { IdempotencyStore, type RememberedAnswer } from "./idempotency-store.js";

const HOUR = 3_600_000;

function answer(key: string, at: number): RememberedAnswer {
  return { organId: "moj-tokyo", key, fingerprint: "f", status: 202, body: { key }, at };
}

/** remember/find never touch the broker: the store is driven here by its clock alone. */
function storeAt(clock: { now: number }): IdempotencyStore {
  return new IdempotencyStore({
    kafka: undefined as unknown as Kafka,
    topic: "takedown.intake.idempotency.v1",
    retentionMs: 48 * HOUR,
    now: () => clock.now,
  });
}

describe("IdempotencyStore memory", () => {
  it("forgets answers past retention instead of keeping every key ever used", () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    for (let i = 0; i < 1000; i++) {
      clock.now = i * 6 * 60_000; // one key every 6 minutes: 100 h in all
      store.remember(answer(`k${i}`, clock.now));
    }
    // 48 h of keys at one per 6 minutes, and the one given at the horizon itself.
    expect(store.size).toBe(481);
    expect(store.find("moj-tokyo", "k999")?.body).toEqual({ key: "k999" });
    expect(store.find("moj-tokyo", "k519")?.body).toEqual({ key: "k519" });
    expect(store.find("moj-tokyo", "k518")).toBeUndefined();
  });

  it("keeps a key used again for its latest answer, and drops what expired behind it", () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    store.remember(answer("reused", 0));
    store.remember(answer("once", HOUR));
    clock.now = 40 * HOUR;
    store.remember(answer("reused", clock.now));
    clock.now = 60 * HOUR;
    store.remember(answer("late", clock.now));
    expect(store.size).toBe(2);
    expect(store.find("moj-tokyo", "reused")?.at).toBe(40 * HOUR);
    expect(store.find("moj-tokyo", "once")).toBeUndefined();
  });
});
