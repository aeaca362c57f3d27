import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withLocalOrganKeys } from "./local-organ-keys.js";
import { ensurePortalIntakeKeys, readPortalIntakeKeys } from "./portal-intake-keys.js";

const organ = (id: string) => ({
  id,
  names: { ja: id, en: id },
  kind: "legal_affairs_bureau" as const,
  apiKeys: [],
  rateLimit: { requestsPerMinute: 60, burst: 10 },
  example: false,
});

describe("ensurePortalIntakeKeys", () => {
  it("makes one key per organ once, owner-only, whose hash intake merges", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "portal-keys-"));
    const registry = { organs: [organ("organ-a"), organ("organ-b")] };
    const first = await ensurePortalIntakeKeys({ registry, dataDir });
    expect(first.created).toEqual(["organ-a", "organ-b"]);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const again = await ensurePortalIntakeKeys({ registry, dataDir });
    expect(again.created).toEqual([]);
    const keys = await readPortalIntakeKeys(first.path);
    expect(Object.keys(keys.keys)).toEqual(["organ-a", "organ-b"]);
    const merged = await withLocalOrganKeys(registry, dataDir);
    expect(merged.organs.map((o) => o.apiKeys.length)).toEqual([1, 1]);
    expect(await readFile(join(dataDir, "organ-keys.yaml"), "utf8")).not.toContain(
      keys.keys["organ-a"],
    );
  });

  it("names the file and the field of a malformed key file", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "portal-keys-"));
    const path = join(dataDir, "keys.json");
    await writeFile(path, JSON.stringify({ keys: { "organ-a": "short" } }));
    await expect(readPortalIntakeKeys(path)).rejects.toThrow(`${path}: keys.organ-a`);
  });
});
