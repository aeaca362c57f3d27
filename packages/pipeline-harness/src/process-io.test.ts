import { closeSync, openSync, writeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProcessIo, processIo } from "./process-io.js";

describe("processIo", () => {
  it("reads rchar, wchar, syscr and syscw", () => {
    const text =
      "rchar: 3870\nwchar: 1810\nsyscr: 12\nsyscw: 9\nread_bytes: 0\nwrite_bytes: 4096\n";
    expect(parseProcessIo(text)).toEqual({
      readBytes: 3870,
      writtenBytes: 1810,
      readCalls: 12,
      writeCalls: 9,
    });
  });

  it("says nothing for text without the counters", () => {
    expect(parseProcessIo("syscr: 12\n")).toBeUndefined();
    expect(parseProcessIo("rchar: 3870\nwchar: 1810\n")).toBeUndefined();
  });

  it("counts what this process writes", async () => {
    const before = await processIo(process.pid);
    const devNull = openSync("/dev/null", "w");
    writeSync(devNull, Buffer.alloc(10_001));
    closeSync(devNull);
    const after = await processIo(process.pid);
    expect(before).toBeDefined();
    expect((after?.writtenBytes ?? 0) - (before?.writtenBytes ?? 0)).toBeGreaterThanOrEqual(10_001);
    expect((after?.writeCalls ?? 0) - (before?.writeCalls ?? 0)).toBeGreaterThanOrEqual(1);
  });
});
