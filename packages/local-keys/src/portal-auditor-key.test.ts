import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadAuditorAuthenticator } from "./auditor-keys.js";
import { ensurePortalAuditorKey, readPortalAuditorKey } from "./portal-auditor-key.js";

describe("the portal's auditor key", () => {
  let dataDir = "";
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "portal-auditor-key-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("is made once, kept owner-only, and accepted by the audit API's authenticator", async () => {
    const first = await ensurePortalAuditorKey({ dataDir });
    expect(first.created).toBe(true);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const key = await readPortalAuditorKey(first.path);
    expect(await ensurePortalAuditorKey({ dataDir })).toEqual({ path: first.path, created: false });
    expect(await readPortalAuditorKey(first.path)).toBe(key);
    const auditors = await loadAuditorAuthenticator({ dataDir, onReloadError: () => undefined });
    expect(await auditors.authenticate(`Bearer ${key}`)).toMatchObject({ name: "portal" });
  });

  it("names the file of a malformed key and reads a missing one as none", async () => {
    const path = join(dataDir, "audit-key.json");
    expect(await readPortalAuditorKey(path)).toBeUndefined();
    await writeFile(path, JSON.stringify({ key: "short", keyId: "k" }));
    await expect(readPortalAuditorKey(path)).rejects.toThrow(`${path}: key`);
  });
});
