import { describe, expect, it } from "vitest";
import { runService } from "./run-service.js";

/** The tests' errors state their nature as our packages' errors.ts do: a `retryable` flag. */
const isRetryable = (error: unknown): boolean =>
  (error as { retryable?: boolean }).retryable === true;
const transientError = (message: string): Error =>
  Object.assign(new Error(message), { retryable: true });

describe("runService", () => {
  it("writes the config's reason and exits 1 without building", async () => {
    const lines: string[] = [];
    const codes: number[] = [];
    let built = false;
    await runService(
      {
        name: "dedup",
        loadConfig: () => {
          throw new Error("environment: DEDUP_PORT: Too small");
        },
        logLevel: () => "silent",
        build: () => {
          built = true;
          return { start: () => Promise.resolve(), stop: () => Promise.resolve() };
        },
      },
      { env: {}, exit: (code) => void codes.push(code), writeError: (l) => void lines.push(l) },
    );
    expect(lines).toEqual(["dedup: environment: DEDUP_PORT: Too small\n"]);
    expect(codes).toEqual([1]);
    expect(built).toBe(false);
  });

  it("stops the app, then what the build registered in reverse order, when start fails", async () => {
    const events: string[] = [];
    const codes: number[] = [];
    await runService(
      {
        name: "routing",
        loadConfig: (env) => ({ level: env.LOG_LEVEL ?? "info" }),
        logLevel: () => "silent",
        build: ({ config, stopAfterApp }) => {
          events.push(`build ${config.level}`);
          stopAfterApp(() => void events.push("stop s3"));
          stopAfterApp(() => void events.push("stop store"));
          return {
            start: () => Promise.reject(new Error("broker unreachable")),
            stop: () => {
              events.push("stop app");
              return Promise.resolve();
            },
          };
        },
      },
      { env: { LOG_LEVEL: "debug" }, exit: (code) => void codes.push(code) },
    );
    expect(events).toEqual(["build debug", "stop app", "stop store", "stop s3"]);
    expect(codes).toEqual([1]);
  });

  it("builds again after a transient start failure, tearing down the failed attempt first", async () => {
    const events: string[] = [];
    const codes: number[] = [];
    const waits: number[] = [];
    let attempts = 0;
    await runService(
      {
        name: "audit",
        loadConfig: () => ({}),
        logLevel: () => "silent",
        isTransientStartFailure: isRetryable,
        build: ({ stopAfterApp }) => {
          const attempt = ++attempts;
          events.push(`build ${attempt}`);
          stopAfterApp(() => void events.push(`stop client ${attempt}`));
          return {
            start: () =>
              attempt < 3 ? Promise.reject(transientError("broker away")) : Promise.resolve(),
            stop: () => {
              events.push(`stop app ${attempt}`);
              return Promise.resolve();
            },
          };
        },
      },
      {
        env: {},
        exit: (code) => void codes.push(code),
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(events).toEqual([
      "build 1",
      "stop app 1",
      "stop client 1",
      "build 2",
      "stop app 2",
      "stop client 2",
      "build 3",
    ]);
    expect(waits).toEqual([1000, 2000]);
    expect(codes).toEqual([]);
  });

  it("exits 1 at once on a failure that is not transient, and once the retry bound is spent", async () => {
    const run = async (error: Error, startRetryMs: number) => {
      const codes: number[] = [];
      let attempts = 0;
      await runService(
        {
          name: "intake",
          loadConfig: () => ({}),
          logLevel: () => "silent",
          isTransientStartFailure: isRetryable,
          startRetryMs,
          build: () => {
            attempts += 1;
            return { start: () => Promise.reject(error), stop: () => Promise.resolve() };
          },
        },
        { env: {}, exit: (code) => void codes.push(code), sleep: () => Promise.resolve() },
      );
      return { codes, attempts };
    };
    expect(await run(new Error("SASL authentication failed"), 120_000)).toEqual({
      codes: [1],
      attempts: 1,
    });
    // 1 s, 2 s and 4 s fit in 7 s of retrying; the fourth failure would wait 8 s more.
    expect(await run(transientError("S3 away"), 7_000)).toEqual({
      codes: [1],
      attempts: 4,
    });
  });

  it("stops once and exits 1 when a component reports a fatal error", async () => {
    const events: string[] = [];
    const exited = new Promise<number>((resolve) => {
      void runService(
        {
          name: "audit",
          loadConfig: () => ({}),
          logLevel: () => "silent",
          build: ({ onFatal, stopAfterApp }) => {
            stopAfterApp(() => void events.push("stop client"));
            return {
              start: () => {
                onFatal(new Error("consumer gave up"));
                onFatal(new Error("another one"));
                return Promise.resolve();
              },
              stop: () => {
                events.push("stop app");
                return Promise.resolve();
              },
            };
          },
        },
        { env: {}, exit: resolve },
      );
    });
    expect(await exited).toBe(1);
    expect(events).toEqual(["stop app", "stop client"]);
  });
});
