/** Links kept for reuse at most; past it the cache starts over (object keys are not worth an LRU). */
const MAX_KEPT_LINKS = 50_000;

/**
 * Presigned links by object key, reused while signed less than `reuseMs` ago, with the expiry
 * they were signed with. Signing is two hashes and an HMAC per link; the targets of one request
 * share their evidence and their dossier part, and every revision links every member again, so
 * without reuse signing was a tenth of routing's CPU per case at requests of 100.
 */
export class RecentLinks<T> {
  private readonly signed = new Map<string, { link: T; signedAtMs: number }>();

  /** `reuseMs` 0 signs every link afresh. */
  constructor(private readonly reuseMs: number) {}

  async get(key: string, now: Date, sign: () => Promise<T>): Promise<T> {
    const cached = this.signed.get(key);
    const age = cached === undefined ? Infinity : now.getTime() - cached.signedAtMs;
    if (cached !== undefined && age >= 0 && age < this.reuseMs) return cached.link;
    const link = await sign();
    if (this.reuseMs > 0) {
      if (this.signed.size >= MAX_KEPT_LINKS) this.signed.clear();
      this.signed.set(key, { link, signedAtMs: now.getTime() });
    }
    return link;
  }
}
