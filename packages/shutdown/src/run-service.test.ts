import { describe, expect, it } from "vitest";
import { runService } from "./run-service.js";

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
