import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { generateApiKey, parseApiKey, verifyApiKey } from "./api-key.js";
import { ApiKeyAuthenticator } from "./key-authenticator.js";
import { LocalKeyFile, storedKeyFields } from "./local-key-file.js";

const schema = z.strictObject({
  keys: z.array(z.strictObject({ ...storedKeyFields, name: z.string().optional() })).default([]),
});

describe("API key format", () => {
  it("verifies a key against its scrypt hash and refuses another", async () => {
    const key = await generateApiKey();
    expect(key.hash).not.toContain(key.plainKey);
    expect(parseApiKey(key.plainKey)?.keyId).toBe(key.keyId);
    expect(await verifyApiKey(key.plainKey, key.hash)).toBe(true);
    expect(await verifyApiKey(`${key.plainKey}x`, key.hash)).toBe(false);
    expect(parseApiKey("auditor-key")).toBeUndefined();
  });
});

describe("local key file", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "key-file-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("stores hashes only, owner-readable, and reads them back", async () => {
    const file = new LocalKeyFile({ path: join(dir, "sub", "k.yaml"), schema, header: "# x\n" });
    expect(await file.read()).toEqual([]);
    const key = await generateApiKey();
    await file.add({ id: key.keyId, hash: key.hash, name: "ana" });
    const text = await readFile(file.path, "utf8");
    expect(text.startsWith("# x\n")).toBe(true);
    expect(text).not.toContain(key.plainKey);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect(await file.read()).toEqual([{ id: key.keyId, hash: key.hash, name: "ana" }]);
    await expect(file.add({ id: key.keyId, hash: key.hash })).rejects.toThrow(
      `key id ${key.keyId} is already used`,
    );
  });

  it("names the file, the field and the problem of a bad entry", async () => {
    const path = join(dir, "k.yaml");
    await writeFile(path, "keys:\n  - id: abcdefgh\n    hash: tdk_abcdefgh_plain\n");
    await expect(new LocalKeyFile({ path, schema, header: "" }).read()).rejects.toThrow(
      `${path}: keys.0.hash: an scrypt hash, never a key`,
    );
  });

  it("tells whether the file changed since it was read", async () => {
    const file = new LocalKeyFile({ path: join(dir, "k.yaml"), schema, header: "" });
    await file.read();
    expect(await file.readIfChanged()).toBeUndefined();
    const key = await generateApiKey();
    await file.add({ id: key.keyId, hash: key.hash });
    expect((await file.readIfChanged())?.map((k) => k.id)).toEqual([key.keyId]);
    expect(await file.readIfChanged()).toBeUndefined();
  });
});

describe("ApiKeyAuthenticator", () => {
  it("finds the holder of a bearer key and nobody for a wrong one", async () => {
    const key = await generateApiKey();
    const other = await generateApiKey();
    const authenticator = new ApiKeyAuthenticator({
      keys: [{ keyId: key.keyId, hash: key.hash, holder: "ana" }],
    });
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
    expect(await authenticator.authenticate(key.plainKey)).toBeUndefined();
    expect(await authenticator.authenticate(`Bearer ${other.plainKey}`)).toBeUndefined();
    const forged = `tdk_${key.keyId}_${parseApiKey(other.plainKey)?.secret ?? ""}`;
    expect(await authenticator.authenticate(`Bearer ${forged}`)).toBeUndefined();
    expect(await authenticator.authenticate(undefined)).toBeUndefined();
  });

  it("reloads on an unknown key id, at most once per interval, and forgets removed keys", async () => {
    const first = await generateApiKey();
    const later = await generateApiKey();
    let current = [{ keyId: first.keyId, hash: first.hash, holder: "first" }];
    let reloads = 0;
    let now = 0;
    const authenticator = new ApiKeyAuthenticator({
      keys: current,
      reload: () => {
        reloads += 1;
        return Promise.resolve(current);
      },
      reloadIntervalMs: 1000,
      now: () => now,
    });
    expect(await authenticator.authenticate(`Bearer ${first.plainKey}`)).toBe("first");
    expect(reloads).toBe(0);

    current = [...current, { keyId: later.keyId, hash: later.hash, holder: "later" }];
    expect(await authenticator.authenticate(`Bearer ${later.plainKey}`)).toBe("later");
    expect(reloads).toBe(1);

    const unknown = await generateApiKey();
    expect(await authenticator.authenticate(`Bearer ${unknown.plainKey}`)).toBeUndefined();
    expect(reloads).toBe(1);

    now = 1000;
    current = [{ keyId: later.keyId, hash: later.hash, holder: "later" }];
    expect(await authenticator.authenticate(`Bearer ${unknown.plainKey}`)).toBeUndefined();
    expect(reloads).toBe(2);
    expect(await authenticator.authenticate(`Bearer ${first.plainKey}`)).toBeUndefined();
  });

  it("keeps the loaded keys when a reload fails", async () => {
    const key = await generateApiKey();
    const unknown = await generateApiKey();
    const errors: unknown[] = [];
    const authenticator = new ApiKeyAuthenticator({
      keys: [{ keyId: key.keyId, hash: key.hash, holder: "ana" }],
      reload: () => Promise.reject(new Error("bad file")),
      onReloadError: (error) => errors.push(error),
    });
    expect(await authenticator.authenticate(`Bearer ${unknown.plainKey}`)).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
  });
});
