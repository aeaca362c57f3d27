import { describe, expect, it } from "vitest";
import { loadIntakeEnv } from "./intake-env.js";
import { LoadShedder, type Admission } from "./load-shedder.js";
import { problemTypes } from "./problem-types.js";

/** A promise the test settles itself. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Runs work in a place of the shedder, ended when the work settles, as the routes do. */
async function admit<T>(
  shedder: LoadShedder,
  work: (admission: Admission) => Promise<T>,
): Promise<T> {
  const admission = shedder.enter();
  const running = work(admission);
  admission.keepUntil(running);
  try {
    return await running;
  } finally {
    admission.end();
  }
}

describe("load shedder", () => {
  it("admits up to its bound and refuses the next at once with 503 overloaded", async () => {
    let shed = 0;
    const shedder = new LoadShedder({ maxInFlight: 2, timeoutMs: 60_000, onShed: () => shed++ });
    const held = gate();
    const admitted = [admit(shedder, () => held.opened), admit(shedder, () => held.opened)];
    expect(shedder.inFlight).toBe(2);
    expect(() => shedder.enter()).toThrow(
      expect.objectContaining({ code: "INTAKE_OVERLOADED", retryable: true }),
    );
    expect(shed).toBe(1);
    expect(problemTypes.INTAKE_OVERLOADED).toMatchObject({ status: 503, retryAfterSeconds: 1 });

    held.open();
    await Promise.all(admitted);
    await expect.poll(() => shedder.inFlight).toBe(0);
    await expect(admit(shedder, () => Promise.resolve("again"))).resolves.toBe("again");
  });

  it("keeps a request's place until it has ended and what it handed on has settled", async () => {
    const shedder = new LoadShedder({ maxInFlight: 1, timeoutMs: 60_000 });
    const publish = gate();
    const admission = shedder.enter();
    admission.keepUntil(publish.opened);
    admission.end();
    admission.end();
    expect(shedder.inFlight).toBe(1);
    expect(() => shedder.enter()).toThrow("requests are in flight");
    publish.open();
    await expect.poll(() => shedder.inFlight).toBe(0);
    shedder.enter().end();
    await expect.poll(() => shedder.inFlight).toBe(0);
  });

  it("answers 503 deadline-exceeded when a wait outlasts the timeout, and counts it", async () => {
    let deadlines = 0;
    const shedder = new LoadShedder({
      maxInFlight: 4,
      timeoutMs: 50,
      onDeadline: () => deadlines++,
    });
    const never = new Promise<never>(() => undefined);
    const late = admit(shedder, (admission) =>
      admission.within(never, "the commit may still happen"),
    );
    await expect(late).rejects.toMatchObject({ code: "INTAKE_DEADLINE_EXCEEDED" });
    await expect(late).rejects.toThrow("the commit may still happen (not completed within 50 ms)");
    expect(deadlines).toBe(1);
    expect(problemTypes.INTAKE_DEADLINE_EXCEEDED).toMatchObject({ status: 503 });

    let expired = false;
    await expect(
      admit(shedder, async (admission) => {
        await admission.within(never, "waiting").catch(() => undefined);
        expired = admission.expired;
        admission.throwIfExpired("nothing was published");
      }),
    ).rejects.toThrow("nothing was published");
    expect(expired).toBe(true);
  });

  it("refuses while the event loop lags past its bound, and admits again once it keeps up", async () => {
    let shed = 0;
    const shedder = new LoadShedder({
      maxInFlight: 100,
      timeoutMs: 60_000,
      maxEventLoopDelayMs: 100,
      onShed: () => shed++,
    });
    shedder.start();
    try {
      // Work that keeps the loop busy, as a burst of requests would.
      const blocked = async () => {
        const until = performance.now() + 500;
        while (performance.now() < until);
        await new Promise((resolve) => setImmediate(resolve));
        return shedder.eventLoopDelayMs;
      };
      await expect.poll(blocked, { timeout: 10_000 }).toBeGreaterThan(100);
      expect(() => shedder.enter()).toThrow("the event loop lags");
      expect(shed).toBe(1);
      await expect.poll(() => shedder.eventLoopDelayMs, { timeout: 10_000 }).toBeLessThan(100);
      shedder.enter().end();
    } finally {
      shedder.stop();
    }
  });

  it("passes on the work's own outcome when it comes before the deadline", async () => {
    let deadlines = 0;
    const shedder = new LoadShedder({
      maxInFlight: 4,
      timeoutMs: 60_000,
      onDeadline: () => deadlines++,
    });
    await expect(
      admit(shedder, (admission) => admission.within(Promise.resolve(7), "x")),
    ).resolves.toBe(7);
    await expect(
      admit(shedder, (admission) => admission.within(Promise.reject(new Error("refused")), "x")),
    ).rejects.toThrow("refused");
    expect(deadlines).toBe(0);
  });
});

describe("intake environment", () => {
  it("has defaults and names the variable it refuses", () => {
    expect(loadIntakeEnv({})).toEqual({
      INTAKE_MAX_IN_FLIGHT: 256,
      INTAKE_PUBLISH_TIMEOUT_MS: 5000,
      INTAKE_MAX_EVENT_LOOP_DELAY_MS: 500,
      INTAKE_HTTP_REQUEST_TIMEOUT_MS: 60_000,
    });
    expect(
      loadIntakeEnv({ INTAKE_MAX_IN_FLIGHT: "32", INTAKE_PUBLISH_TIMEOUT_MS: "" }),
    ).toMatchObject({ INTAKE_MAX_IN_FLIGHT: 32, INTAKE_PUBLISH_TIMEOUT_MS: 5000 });
    expect(() => loadIntakeEnv({ INTAKE_MAX_IN_FLIGHT: "0" })).toThrow(
      /environment: INTAKE_MAX_IN_FLIGHT: .*>=1/,
    );
    expect(() => loadIntakeEnv({ INTAKE_PUBLISH_TIMEOUT_MS: "soon" })).toThrow(
      /environment: INTAKE_PUBLISH_TIMEOUT_MS:/,
    );
  });
});
