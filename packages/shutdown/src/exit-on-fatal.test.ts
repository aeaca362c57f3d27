import { describe, expect, it } from "vitest";
import { createLogger } from "@takedown/logger";
import { exitOnFatal } from "./exit-on-fatal.js";

function capture() {
  const lines: { level: string; msg: string; err?: { message: string } }[] = [];
  const logger = createLogger({
    service: "test",
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as never) },
  });
  return { lines, logger };
}

describe("exitOnFatal", () => {
  it("logs FATAL with the error, stops, then exits 1, once", async () => {
    const { lines, logger } = capture();
    const events: string[] = [];
    const exited = new Promise<number>((resolve) => {
      const onFatal = exitOnFatal({
        logger,
        stop: () => {
          events.push("stop");
          return Promise.resolve();
        },
        exit: (code) => {
          events.push(`exit ${code}`);
          resolve(code);
        },
      });
      onFatal(new Error("routing's consumer could not recover"));
      onFatal(new Error("a second processor gave up too"));
    });
    expect(await exited).toBe(1);
    expect(events).toEqual(["stop", "exit 1"]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "fatal",
      err: { message: "routing's consumer could not recover" },
    });
  });

  it("exits after the grace when stopping hangs", async () => {
    const { logger } = capture();
    const code = await new Promise<number>((resolve) => {
      exitOnFatal({ logger, stop: () => new Promise(() => undefined), graceMs: 10, exit: resolve })(
        new Error("gone"),
      );
    });
    expect(code).toBe(1);
  });
});
