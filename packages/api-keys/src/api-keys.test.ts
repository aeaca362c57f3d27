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

  it("reloads on an unknown key id, at most once per interval (waiting for the next), and forgets removed keys", async () => {
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

    // Within the interval an unknown key waits for the next reload instead of failing unread.
    const unknown = await generateApiKey();
    const pending = authenticator.authenticate(`Bearer ${unknown.plainKey}`);
    expect(reloads).toBe(1);
    current = [...current, { keyId: unknown.keyId, hash: unknown.hash, holder: "unknown" }];
    expect(await pending).toBe("unknown");
    expect(reloads).toBe(2);

    now = 2000;
    current = [{ keyId: later.keyId, hash: later.hash, holder: "later" }];
    const stranger = await generateApiKey();
    expect(await authenticator.authenticate(`Bearer ${stranger.plainKey}`)).toBeUndefined();
    expect(reloads).toBe(3);
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
  it("with revalidation, refuses a cached key on the first request after its removal, and a rotated key after its notAfter", async () => {
    const key = await generateApiKey();
    const successor = await generateApiKey();
    let now = 1000;
    let current: { keyId: string; hash: string; holder: string; notAfter?: number }[] = [
      { keyId: key.keyId, hash: key.hash, holder: "ana" },
    ];
    let changed = false;
    let checks = 0;
    const authenticator = new ApiKeyAuthenticator({
      keys: current,
      reload: () => {
        checks += 1;
        const keys = changed ? current : undefined;
        changed = false;
        return Promise.resolve(keys);
      },
      revalidateMs: 0,
      now: () => now,
    });
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
    expect(checks).toBe(2);
    // Rotated: both work until the old key's notAfter, then only the successor.
    current = [
      { keyId: key.keyId, hash: key.hash, holder: "ana", notAfter: 5000 },
      { keyId: successor.keyId, hash: successor.hash, holder: "ana" },
    ];
    changed = true;
    expect(await authenticator.authenticate(`Bearer ${successor.plainKey}`)).toBe("ana");
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBe("ana");
    now = 5000;
    expect(await authenticator.authenticate(`Bearer ${key.plainKey}`)).toBeUndefined();
    // Revoked: gone from the keys, refused although it was verified and cached.
    current = [{ keyId: key.keyId, hash: key.hash, holder: "ana" }];
    changed = true;
    expect(await authenticator.authenticate(`Bearer ${successor.plainKey}`)).toBeUndefined();
    // Concurrent requests share checks instead of each starting one.
    const before = checks;
    await Promise.all(
      Array.from({ length: 10 }, () => authenticator.authenticate(`Bearer ${key.plainKey}`)),
    );
    expect(checks - before).toBeLessThanOrEqual(2);
  });
});
