import { decodeEvent, encodeEvent } from "@takedown/contracts";
import { createLogger } from "@takedown/logger";
import { describe, expect, it } from "vitest";
import { operatorErasureEvents, runErase } from "./erase-verb.js";

const requestId = "req_01JD0000000000000000000001";
const contentKey = "ab".repeat(32);

describe("takedown erase", () => {
  it("publishes one valid target.erased per target, naming the operator's pseudonym only", () => {
    const events = operatorErasureEvents(
      {
        requestId,
        targets: [
          { targetId: `${requestId}#1`, organId: "moj-tokyo", contentKey },
          { targetId: `${requestId}#2`, organId: "moj-tokyo", contentKey },
        ],
      },
      { operatorId: "opr_night1shift", reason: "unlawful_processing", now: new Date(0) },
    );
    const decoded = events.map((event) => decodeEvent(encodeEvent(event)));
    expect(decoded.map((d) => (d.ok ? d.event.data : d))).toEqual([
      expect.objectContaining({
        targetId: `${requestId}#1`,
        cause: "request",
        erasedBy: "operator",
        operatorId: "opr_night1shift",
        reason: "unlawful_processing",
      }),
      expect.objectContaining({ targetId: `${requestId}#2`, erasedBy: "operator" }),
    ]);
  });

  it("refuses a bad request id, a free-text reason or a name as operator before any call", async () => {
    const lines: string[] = [];
    const common = {
      env: {},
      logger: createLogger({ service: "cli-test", level: "silent" }),
      print: (line: string) => lines.push(line),
      operatorId: undefined,
    };
    expect(await runErase({ ...common, requestId: "R1", reason: undefined })).toBe(2);
    expect(await runErase({ ...common, requestId, reason: "the victim called" })).toBe(2);
    expect(await runErase({ ...common, requestId, reason: "retention_expired" })).toBe(2);
    expect(
      await runErase({ ...common, requestId, reason: undefined, operatorId: "Taro Yamada" }),
    ).toBe(2);
    expect(lines.join("\n")).toMatch(/--request[\s\S]*--reason[\s\S]*--reason[\s\S]*--operator/);
  });
});
