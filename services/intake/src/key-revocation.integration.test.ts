import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { organRegistrySchema } from "@takedown/config";
import {
  createLocalOrganKey,
  revokeLocalOrganKey,
  rotateLocalOrganKey,
  watchLocalOrganKeys,
  withLocalOrganKeys,
} from "@takedown/local-keys";
import { describe, expect } from "vitest";
import { intakeTest as test } from "./intake-harness.test-support.js";

describe("organ keys rotated and revoked while intake runs", () => {
  test("a rotated key overlaps its successor; a revoked or expired key gets 401 on the next request", async ({
    launchIntake,
  }) => {
    const dataDir = await mkdtemp(join(tmpdir(), "intake-keys-"));
    try {
      const declared = organRegistrySchema.parse({
        organs: ["organ-a", "organ-b"].map((id) => ({
          id,
          names: { ja: id, en: id },
          kind: "other",
        })),
      });
      const first = await createLocalOrganKey({ registry: declared, dataDir, organId: "organ-a" });
      const other = await createLocalOrganKey({ registry: declared, dataDir, organId: "organ-b" });
      const registry = await withLocalOrganKeys(declared, dataDir);
      const { intake } = await launchIntake({
        organs: {
          registry,
          keyOf: { a: `Bearer ${first.plainKey}`, b: `Bearer ${other.plainKey}` },
        },
        reloadOrgans: watchLocalOrganKeys(declared, dataDir),
      });
      const statusWith = async (plainKey: string) =>
        (
          await intake.app.inject({
            method: "GET",
            url: "/v1/requests",
            headers: { authorization: `Bearer ${plainKey}` },
          })
        ).statusCode;
      expect(await statusWith(first.plainKey)).toBe(200);

      // Rotation: the successor works at once (made after intake started), the old key still does.
      const second = await rotateLocalOrganKey({
        dataDir,
        keyId: first.keyId,
        overlapMs: 3_600_000,
      });
      expect(second.organId).toBe("organ-a");
      expect(await statusWith(second.plainKey)).toBe(200);
      expect(await statusWith(first.plainKey)).toBe(200);

      // Revocation: refused from the very next request, although intake had verified and cached it.
      await revokeLocalOrganKey({ dataDir, keyId: first.keyId });
      expect(await statusWith(first.plainKey)).toBe(401);
      expect(await statusWith(second.plainKey)).toBe(200);
      expect(await statusWith(other.plainKey)).toBe(200);

      // A rotation without overlap: the old key's window ends now, so the next request is refused.
      const third = await rotateLocalOrganKey({ dataDir, keyId: second.keyId, overlapMs: 0 });
      expect(await statusWith(second.plainKey)).toBe(401);
      expect(await statusWith(third.plainKey)).toBe(200);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
