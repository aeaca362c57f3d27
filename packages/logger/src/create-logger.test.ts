import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("createLogger", () => {
  it("writes JSON with service, level label and the message second", () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: "intake", destination: stream });
    logger.info({ requestId: "req_1", caseId: "case_1" }, "request accepted");
    expect(lines[0]).toMatchObject({
      service: "intake",
      level: "info",
      requestId: "req_1",
      caseId: "case_1",
      msg: "request accepted",
    });
  });

  it("never writes personal data, secrets or evidence bodies", () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: "intake", destination: stream });
    logger.info(
      {
        request: { personal: { victimName: "山田太郎" }, contact: "a@example.jp" },
        authorization: "Bearer secret-key",
        credentials: { secretAccessKey: "s3-secret" },
      },
      "logged a whole object",
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain("山田太郎");
    expect(text).not.toContain("a@example.jp");
    expect(text).not.toContain("secret-key");
    expect(text).not.toContain("s3-secret");
  });

  it("serializes errors under err with their stack", () => {
    const { lines, stream } = capture();
    createLogger({ service: "dedup", destination: stream }).error(
      { err: new Error("broker gone") },
      "consume failed",
    );
    expect(lines[0]?.err).toMatchObject({ message: "broker gone", type: "Error" });
  });
});
