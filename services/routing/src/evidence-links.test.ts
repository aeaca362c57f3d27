import { createS3Client } from "@takedown/s3";
import { describe, expect, it } from "vitest";
import { presignedEvidenceLinks } from "./evidence-links.js";

const EVIDENCE = `sha256:${"ab".repeat(32)}`;
const OTHER = `sha256:${"cd".repeat(32)}`;

function linker(reuseForSeconds?: number) {
  // Presigning is local signing: the endpoint is never called.
  const client = createS3Client({
    endpoint: "http://127.0.0.1:9",
    region: "us-east-1",
    accessKeyId: "test-key",
    secretAccessKey: "test-secret",
  });
  return presignedEvidenceLinks({
    client,
    bucket: "evidence",
    expiresInSeconds: 3600,
    ...(reuseForSeconds === undefined ? {} : { reuseForSeconds }),
  });
}

describe("presignedEvidenceLinks", () => {
  it("links each id to a presigned GET that expires when it says", async () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const [link] = await linker()([EVIDENCE], now);
    expect(link?.evidenceId).toBe(EVIDENCE);
    expect(link?.downloadUrl).toMatch(/X-Amz-Expires=3600/);
    expect(link?.downloadUrl).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(link?.downloadUrlExpiresAt).toBe("2026-12-01T01:00:00.000Z");
  });

  it("reuses a link signed within the reuse window, with its own expiry, and signs anew after", async () => {
    const link = linker(60);
    const first = await link([EVIDENCE], new Date("2026-12-01T00:00:00Z"));
    const within = await link([EVIDENCE, OTHER], new Date("2026-12-01T00:00:59Z"));
    expect(within[0]).toEqual(first[0]);
    expect(within[1]?.downloadUrlExpiresAt).toBe("2026-12-01T01:00:59.000Z");
    const after = await link([EVIDENCE], new Date("2026-12-01T00:01:00Z"));
    expect(after[0]?.downloadUrlExpiresAt).toBe("2026-12-01T01:01:00.000Z");
  });

  it("signs every link afresh with a reuse window of 0", async () => {
    const link = linker(0);
    await link([EVIDENCE], new Date("2026-12-01T00:00:00Z"));
    const again = await link([EVIDENCE], new Date("2026-12-01T00:00:01Z"));
    expect(again[0]?.downloadUrlExpiresAt).toBe("2026-12-01T01:00:01.000Z");
  });
});
