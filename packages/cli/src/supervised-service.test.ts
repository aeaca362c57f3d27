import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { awaitCondition } from "@takedown/test-kit";
import { SupervisedService } from "./supervised-service.js";

const fastPolicy = { initialDelayMs: 20, factor: 2, maxDelayMs: 80, stableAfterMs: 60_000 };

describe("SupervisedService", () => {
  let dir = "";
  const lines: string[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "supervised-"));
    lines.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function service(
    script: string,
    onLine: (line: string) => void = () => undefined,
    niceness?: number,
  ): Promise<SupervisedService> {
    const entry = join(dir, "service.mjs");
    await writeFile(entry, script);
    return new SupervisedService("svc", {
      entry,
      env: process.env,
      print: (line) => {
        lines.push(line);
        onLine(line);
      },
      restartPolicy: fastPolicy,
      stopTimeoutMs: 2000,
      ...(niceness === undefined ? {} : { niceness }),
    });
  }
  /** Longer than any backoff of fastPolicy: a restart that was going to happen has happened. */
  const pastBackoff = () => new Promise((resolve) => setTimeout(resolve, 300));

  it("restarts a service that keeps exiting, waiting longer each time, and logs each exit", async () => {
    const svc = await service("process.exitCode = 3;");
    await svc.start();
    await awaitCondition(() => lines.filter((l) => l.includes("restarted")).length >= 4, {
      what: "four restarts",
    });
    await svc.stop();
    const exits = lines.filter((l) => l.includes("exited"));
    expect(exits[0]).toMatch(/^\[svc\] +exited \(code 3\) after [\d.]+ s; restarting in 0\.0 s$/);
    expect(exits.slice(0, 4).map((l) => /restarting in ([\d.]+) s/.exec(l)?.[1])).toEqual([
      "0.0",
      "0.0",
      "0.1",
      "0.1",
    ]);
    const pids = lines.flatMap((l) => /pid (\d+)$/.exec(l)?.[1] ?? []);
    expect(new Set(pids).size).toBe(pids.length);
    expect(lines.filter((l) => l.includes("restarted"))[0]).toMatch(/restarted \(restart 1\) pid/);
  });

  it("runs every incarnation at its niceness, the restarted one too", async () => {
    const svc = await service("setInterval(() => undefined, 1000);", undefined, 10);
    await svc.start();
    try {
      const first = svc.pid!;
      expect(getPriority(first)).toBe(10);
      process.kill(first, "SIGKILL");
      await awaitCondition(() => svc.pid !== undefined && svc.pid !== first, {
        what: "a restarted incarnation",
      });
      expect(getPriority(svc.pid)).toBe(10);
    } finally {
      await svc.stop();
    }
  });

  it("stops a running service and never restarts it afterwards", async () => {
    const svc = await service("setInterval(() => undefined, 1000);");
    await svc.start();
    const pid = svc.pid;
    expect(pid).toBeDefined();
    await svc.stop();
    expect(lines.at(-1)).toBe("[svc]      stopped (signal SIGTERM)");
    expect(svc.pid).toBeUndefined();
    expect(() => process.kill(pid!, 0)).toThrow();
    await pastBackoff();
    expect(lines.some((l) => l.includes("restarted"))).toBe(false);
  });

  it("cancels a pending restart when stopped between an exit and the restart", async () => {
    let stopped: Promise<void> | undefined;
    const svc: SupervisedService = await service("process.exitCode = 1;", (line) => {
      // Stopped at once when the exit is printed, while its restart is waiting.
      if (line.includes("exited") && stopped === undefined) stopped = svc.stop();
    });
    await svc.start();
    await awaitCondition(() => stopped !== undefined, { what: "the first exit" });
    await stopped;
    await pastBackoff();
    expect(lines.filter((l) => l.includes("started"))).toHaveLength(1);
    expect(svc.pid).toBeUndefined();
  });
});
