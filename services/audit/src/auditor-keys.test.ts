import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalAuditorKey, loadAuditorAuthenticator } from "./auditor-keys.js";

describe("auditor keys", () => {
  let dataDir = "";
  const reloadErrors: unknown[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "auditor-keys-"));
    reloadErrors.length = 0;
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const load = () =>
    loadAuditorAuthenticator({ dataDir, onReloadError: (error) => reloadErrors.push(error) });

  it("stores only the hash and accepts the key it printed, not another", async () => {
    const created = await createLocalAuditorKey({ dataDir, name: "監査人 A" });
    const text = await readFile(created.file, "utf8");
    expect(created.file).toBe(join(dataDir, "auditor-keys.yaml"));
    expect(text).not.toContain(created.plainKey);
    expect(text).toContain(`id: ${created.keyId}`);
    expect(text).toContain(`hash: scrypt$`);

    const auditors = await load();
    expect(auditors.size).toBe(1);
    expect(await auditors.authenticate(`Bearer ${created.plainKey}`)).toEqual({
      keyId: created.keyId,
      name: "監査人 A",
    });
    const other = await createLocalAuditorKey({ dataDir: join(dataDir, "elsewhere") });
    expect(await auditors.authenticate(`Bearer ${other.plainKey}`)).toBeUndefined();
    expect(await auditors.authenticate(`Bearer ${created.plainKey}x`)).toBeUndefined();
  });

  it("accepts a key made after the service loaded the file", async () => {
    const auditors = await load();
    expect(auditors.size).toBe(0);
    const created = await createLocalAuditorKey({ dataDir });
    expect(await auditors.authenticate(`Bearer ${created.plainKey}`)).toEqual({
      keyId: created.keyId,
    });
    expect(reloadErrors).toEqual([]);
  });

  it("refuses a disabled key", async () => {
    const created = await createLocalAuditorKey({ dataDir, name: "gone" });
    const text = await readFile(created.file, "utf8");
    await writeFile(created.file, text.replace("disabled: false", "disabled: true"));
    const auditors = await load();
    expect(await auditors.authenticate(`Bearer ${created.plainKey}`)).toBeUndefined();
  });
});
