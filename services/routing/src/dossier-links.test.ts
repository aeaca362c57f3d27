import type { TargetSubmission } from "@takedown/contracts";
import { createS3Client } from "@takedown/s3";
import { describe, expect, it } from "vitest";
import { presignedDetailsLinks } from "./dossier-links.js";

function linker(reuseForSeconds?: number) {
  // Presigning is local signing: the endpoint is never called.
  const client = createS3Client({
    endpoint: "http://127.0.0.1:9",
    region: "us-east-1",
    accessKeyId: "test-key",
    secretAccessKey: "test-secret",
  });
  return presignedDetailsLinks({
    client,
    bucket: "evidence",
    expiresInSeconds: 3600,
    ...(reuseForSeconds === undefined ? {} : { reuseForSeconds }),
  });
}

const REQUEST = "req_01JH0000000000000000000000";
const dossier = { dossierId: "dos_01JH0000000000000000000000", commitment: "c".repeat(64) };
const member = (targetId: string, ownPart?: boolean) =>
  ({
    targetId,
    dossier: { ...dossier, ...(ownPart === undefined ? {} : { ownPart }) },
  }) as unknown as TargetSubmission;

describe("presignedDetailsLinks", () => {
  it("links a member to its own part, or to the request's shared part", async () => {
    const link = linker();
    const now = new Date("2026-12-01T00:00:00Z");
    const shared = await link(member(`${REQUEST}#1`), now);
    const own = await link(member(`${REQUEST}#2`, true), now);
    expect(shared?.downloadUrl).toContain(`/evidence/dossiers/${dossier.dossierId}/shared.json?`);
    expect(own?.downloadUrl).toContain(`/evidence/dossiers/${dossier.dossierId}/targets/2.json?`);
    expect(shared?.downloadUrlExpiresAt).toBe("2026-12-01T01:00:00.000Z");
    expect(
      await link({ targetId: `${REQUEST}#3` } as unknown as TargetSubmission, now),
    ).toBeUndefined();
  });

  it("reuses the shared part's link across the request's targets within the window, then signs anew", async () => {
    const link = linker(60);
    const first = await link(member(`${REQUEST}#1`), new Date("2026-12-01T00:00:00Z"));
    const within = await link(member(`${REQUEST}#2`), new Date("2026-12-01T00:00:59Z"));
    expect(within).toEqual(first);
    const after = await link(member(`${REQUEST}#3`), new Date("2026-12-01T00:01:00Z"));
    expect(after?.downloadUrlExpiresAt).toBe("2026-12-01T01:01:00.000Z");
  });

  it("signs every link afresh with a reuse window of 0", async () => {
    const link = linker(0);
    await link(member(`${REQUEST}#1`), new Date("2026-12-01T00:00:00Z"));
    const again = await link(member(`${REQUEST}#2`), new Date("2026-12-01T00:00:01Z"));
    expect(again?.downloadUrlExpiresAt).toBe("2026-12-01T01:00:01.000Z");
  });
});
