import { describe, expect, it } from "vitest";
import { readStatusSettings } from "./status-settings.js";

const s3 = { S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };

describe("readStatusSettings: the eraser", () => {
  it("erases 180 days after close by default, sweeping every minute", () => {
    expect(readStatusSettings(s3).eraser).toMatchObject({
      retentionMs: 180 * 86_400_000,
      intervalMs: 60_000,
      s3: { bucket: "takedown-evidence", accessKeyId: "id" },
    });
  });

  it("takes the retention as a duration or as milliseconds", () => {
    expect(readStatusSettings({ ...s3, RETENTION_AFTER_CLOSE: "30d" }).eraser?.retentionMs).toBe(
      30 * 86_400_000,
    );
    expect(readStatusSettings({ ...s3, RETENTION_AFTER_CLOSE: "15000" }).eraser?.retentionMs).toBe(
      15_000,
    );
  });

  it("names the variable that is wrong", () => {
    expect(() => readStatusSettings({ ...s3, RETENTION_AFTER_CLOSE: "half a year" })).toThrow(
      /RETENTION_AFTER_CLOSE/,
    );
    expect(() => readStatusSettings({ ...s3, ERASURE_SWEEP_INTERVAL_MS: "0" })).toThrow(
      /ERASURE_SWEEP_INTERVAL_MS/,
    );
    expect(() => readStatusSettings({})).toThrow(/S3_ACCESS_KEY_ID/);
  });

  it("needs no S3 credentials with the eraser off", () => {
    expect(readStatusSettings({ STATUS_ERASER: "off" }).eraser).toBeUndefined();
  });
});
