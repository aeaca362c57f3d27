import { hash } from "node:crypto";
import type { Organ, OrganRegistry } from "@takedown/config";
import { parseApiKey, verifyApiKey } from "./api-key.js";

const MAX_CACHED_KEYS = 10_000;

/**
 * Finds the organ of a bearer key. scrypt is deliberately slow (tens of ms), so a key that
 * verified once is remembered by its SHA-256 (never the key itself) for the process's life;
 * disabled keys never enter the registry's lookup, so a restart revokes them.
 */
export class OrganAuthenticator {
  private readonly byKeyId = new Map<string, { organ: Organ; hash: string }>();
  private readonly verified = new Map<string, Organ>();
  private readonly organs = new Map<string, Organ>();

  constructor(registry: OrganRegistry) {
    for (const organ of registry.organs) {
      this.organs.set(organ.id, organ);
      for (const key of organ.apiKeys) {
        if (!key.disabled) this.byKeyId.set(key.id, { organ, hash: key.hash });
      }
    }
  }

  organ(id: string): Organ | undefined {
    return this.organs.get(id);
  }

  /** The organ holding this `Authorization` header's key, or undefined. */
  async authenticate(authorization: string | undefined): Promise<Organ | undefined> {
    if (authorization === undefined || !authorization.startsWith("Bearer ")) return undefined;
    const plain = authorization.slice(7).trim();
    const fingerprint = hash("sha256", plain, "base64url");
    const cached = this.verified.get(fingerprint);
    if (cached !== undefined) return cached;
    const parsed = parseApiKey(plain);
    if (parsed === undefined) return undefined;
    const entry = this.byKeyId.get(parsed.keyId);
    if (entry === undefined || !(await verifyApiKey(plain, entry.hash))) return undefined;
    if (this.verified.size >= MAX_CACHED_KEYS) this.verified.clear();
    this.verified.set(fingerprint, entry.organ);
    return entry.organ;
  }
}
