import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApiKey } from "@takedown/api-keys";
import type { Organ } from "@takedown/config";
import { describe, expect, it } from "vitest";
import { fingerprintOf } from "./canonical-json.js";
import { jsonDepthExceeds } from "./json-body-parser.js";
import { createLocalOrganKey, withLocalOrganKeys } from "@takedown/local-keys";
import { resolveMediaType, sniffMediaType } from "./media-type-sniffer.js";
import { OrganAuthenticator } from "./organ-authenticator.js";
import { OrganRateLimiter } from "./organ-rate-limiter.js";
import { actorIdOf } from "./actor-header.js";

describe("API keys", () => {
  it("authenticates the organ of a key and skips disabled keys", async () => {
    const live = await generateApiKey();
    const old = await generateApiKey();
    const organ = {
      id: "moj-a",
      names: { ja: "A", en: "A" },
      kind: "other" as const,
      apiKeys: [
        { id: live.keyId, hash: live.hash, disabled: false },
        { id: old.keyId, hash: old.hash, disabled: true },
      ],
      rateLimit: { requestsPerMinute: 60, burst: 1 },
      example: false,
    };
    const authenticator = new OrganAuthenticator({ registry: { organs: [organ] } });
    expect((await authenticator.authenticate(`Bearer ${live.plainKey}`))?.id).toBe("moj-a");
    expect(await authenticator.authenticate(`Bearer ${old.plainKey}`)).toBeUndefined();
    expect(await authenticator.authenticate(live.plainKey)).toBeUndefined();
  });

  it("creates a local key whose hash alone is written, and merges it at load", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "organ-keys-"));
    try {
      const registry = {
        organs: [
          {
            id: "moj-a",
            names: { ja: "A", en: "A" },
            kind: "other" as const,
            apiKeys: [],
            rateLimit: { requestsPerMinute: 60, burst: 1 },
            example: false,
          },
        ],
      };
      const created = await createLocalOrganKey({ registry, dataDir, organId: "moj-a" });
      const text = await readFile(created.file, "utf8");
      expect(text).not.toContain(created.plainKey);
      const merged = await withLocalOrganKeys(registry, dataDir);
      const authenticator = new OrganAuthenticator({ registry: merged });
      expect((await authenticator.authenticate(`Bearer ${created.plainKey}`))?.id).toBe("moj-a");
      await expect(createLocalOrganKey({ registry, dataDir, organId: "nobody" })).rejects.toThrow(
        "no organ nobody",
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe("media types", () => {
  it("sniffs common evidence formats and refuses contradictions", () => {
    expect(sniffMediaType(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffMediaType(Buffer.from("  <!DOCTYPE html><html>"))).toBe("text/html");
    expect(sniffMediaType(Buffer.from("hello"))).toBeUndefined();
    expect(resolveMediaType("image/jpg", "image/jpeg")).toEqual({
      ok: true,
      mediaType: "image/jpg",
    });
    expect(resolveMediaType(undefined, "image/png")).toEqual({ ok: true, mediaType: "image/png" });
    expect(resolveMediaType("text/plain", undefined)).toEqual({
      ok: true,
      mediaType: "text/plain",
    });
    expect(resolveMediaType("application/pdf", "text/html")).toEqual({
      ok: false,
      sniffed: "text/html",
    });
  });
});

describe("bounds", () => {
  it("measures JSON depth without counting brackets inside strings", () => {
    expect(jsonDepthExceeds('{"a":[[1]]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[[[1]]]}', 3)).toBe(true);
    expect(jsonDepthExceeds('{"a":"[[[[[[\\"[["}', 1)).toBe(false);
  });

  it("refills an organ's bucket at its sustained rate", () => {
    let now = 0;
    const limiter = new OrganRateLimiter(() => now);
    const organ = { id: "a", rateLimit: { requestsPerMinute: 60, burst: 2 } } as Organ;
    expect(limiter.take(organ).allowed).toBe(true);
    expect(limiter.take(organ).allowed).toBe(true);
    expect(limiter.take(organ)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take(organ).allowed).toBe(true);
  });

  it("fingerprints bodies independently of key order", () => {
    expect(fingerprintOf("r", { a: 1, b: [{ c: 2, d: 3 }] })).toBe(
      fingerprintOf("r", { b: [{ d: 3, c: 2 }], a: 1 }),
    );
    expect(fingerprintOf("r", { a: 1 })).not.toBe(fingerprintOf("s", { a: 1 }));
  });
});

describe("Takedown-Actor header", () => {
  it("passes a staff or key pseudonym, leaves an absent header out, refuses anything else by name", () => {
    expect(actorIdOf("stf_01J9Z8W1AB")).toBe("stf_01J9Z8W1AB");
    expect(actorIdOf(["key_abcdef"])).toBe("key_abcdef");
    expect(actorIdOf(undefined)).toBeUndefined();
    // Two headers name two actors: which one acted is unknown, so neither is taken.
    const bads = ["山田太郎", "stf_short", "usr_0123456789", `stf_${"a".repeat(41)}`, ""];
    for (const bad of [...bads, ["key_abcdef", "stf_other1"]]) {
      let thrown: unknown;
      try {
        actorIdOf(bad);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(bad)).toMatchObject({
        code: "INTAKE_ACTOR_INVALID",
        details: { errors: [{ field: "Takedown-Actor" }] },
      });
    }
  });
});
