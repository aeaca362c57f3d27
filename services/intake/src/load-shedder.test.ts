import { describe, expect, it } from "vitest";
import { loadIntakeEnv } from "./intake-env.js";
import { LoadShedder } from "./load-shedder.js";
import { problemTypes } from "./problem-types.js";

/** A promise the test settles itself. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("load shedder", () => {
  it("admits up to its bound and refuses the next at once with 503 overloaded", async () => {
    let shed = 0;
    const shedder = new LoadShedder({ maxInFlight: 2, timeoutMs: 60_000, onShed: () => shed++ });
    const held = gate();
    const admitted = [shedder.admit(() => held.opened), shedder.admit(() => held.opened)];
    expect(shedder.inFlight).toBe(2);
    let worked = false;
    const refused = shedder.admit(() => {
      worked = true;
      return Promise.resolve();
    });
    await expect(refused).rejects.toMatchObject({ code: "INTAKE_OVERLOADED", retryable: true });
    expect(worked).toBe(false);
    expect(shed).toBe(1);
    expect(problemTypes.INTAKE_OVERLOADED).toMatchObject({ status: 503, retryAfterSeconds: 1 });

    held.open();
    await Promise.all(admitted);
    await expect.poll(() => shedder.inFlight).toBe(0);
    await expect(shedder.admit(() => Promise.resolve("again"))).resolves.toBe("again");
  });

  it("keeps a request's place until what it handed on settles, after its answer", async () => {
    const shedder = new LoadShedder({ maxInFlight: 1, timeoutMs: 60_000 });
    const publish = gate();
    const answer = await shedder.admit((admission) => {
      admission.keepUntil(publish.opened);
      return Promise.resolve("answered");
    });
    expect(answer).toBe("answered");
    expect(shedder.inFlight).toBe(1);
    await expect(shedder.admit(() => Promise.resolve())).rejects.toMatchObject({
      code: "INTAKE_OVERLOADED",
    });
    publish.open();
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
    const late = shedder.admit((admission) =>
      admission.within(never, "the commit may still happen"),
    );
    await expect(late).rejects.toMatchObject({ code: "INTAKE_DEADLINE_EXCEEDED" });
    await expect(late).rejects.toThrow("the commit may still happen (not completed within 50 ms)");
    expect(deadlines).toBe(1);
    expect(problemTypes.INTAKE_DEADLINE_EXCEEDED).toMatchObject({ status: 503 });

    let expired = false;
    await expect(
      shedder.admit(async (admission) => {
        await admission.within(never, "waiting").catch(() => undefined);
        expired = admission.expired;
        admission.throwIfExpired("nothing was published");
      }),
    ).rejects.toThrow("nothing was published");
    expect(expired).toBe(true);
  });

  it("passes on the work's own outcome when it comes before the deadline", async () => {
    let deadlines = 0;
    const shedder = new LoadShedder({
      maxInFlight: 4,
      timeoutMs: 60_000,
      onDeadline: () => deadlines++,
    });
    await expect(
      shedder.admit((admission) => admission.within(Promise.resolve(7), "x")),
    ).resolves.toBe(7);
    await expect(
      shedder.admit((admission) => admission.within(Promise.reject(new Error("refused")), "x")),
    ).rejects.toThrow("refused");
    expect(deadlines).toBe(0);
  });
});

describe("intake environment", () => {
  it("has defaults and names the variable it refuses", () => {
    expect(loadIntakeEnv({})).toEqual({
      INTAKE_MAX_IN_FLIGHT: 256,
      INTAKE_PUBLISH_TIMEOUT_MS: 5000,
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
