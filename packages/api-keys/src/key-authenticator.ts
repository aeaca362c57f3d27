import { hash } from "node:crypto";
import { parseApiKey, verifyApiKey } from "./api-key.js";

const MAX_CACHED_KEYS = 10_000;

/** A key that may be used: its id, its stored hash and whom it authenticates. */
export interface AcceptedKey<Holder> {
  keyId: string;
  hash: string;
  holder: Holder;
  /** End of a rotated key's overlap (ms since the epoch): refused from then on. */
  notAfter?: number;
}

export interface ApiKeyAuthenticatorOptions<Holder> {
  keys: Iterable<AcceptedKey<Holder>>;
  /**
   * Asked for the current keys when a well-formed key has an unknown id (a key made after the
   * start); undefined means nothing changed. At most once per `reloadIntervalMs`.
   */
  reload?: () => Promise<Iterable<AcceptedKey<Holder>> | undefined>;
  reloadIntervalMs?: number;
  /**
   * When set, every authentication first asks `reload` whether the keys changed (a revoked or
   * expired key is refused on the first request after the change), sharing one check among
   * requests that arrive while it runs; a check younger than this many ms is reused (0: none is).
   */
  revalidateMs?: number;
  /** A failed reload keeps the keys already loaded. */
  onReloadError?: (error: unknown) => void;
  now?: () => number;
}

/**
 * Finds the holder of a bearer key. scrypt is deliberately slow (tens of ms), so a key that
 * verified once is remembered by its SHA-256 (never the key itself) until the keys are reloaded;
 * keys left out of `keys` (disabled ones) never verify.
 */
export class ApiKeyAuthenticator<Holder> {
  readonly #options: ApiKeyAuthenticatorOptions<Holder>;
  #byKeyId = new Map<string, { hash: string; holder: Holder; notAfter?: number }>();
  readonly #verified = new Map<string, { holder: Holder; notAfter?: number }>();
  #checking: Promise<void> | undefined;
  #checkQueued: Promise<void> | undefined;
  #lastCheck = Number.NEGATIVE_INFINITY;
  #reloading: Promise<void> | undefined;
  #lastReload = Number.NEGATIVE_INFINITY;

  constructor(options: ApiKeyAuthenticatorOptions<Holder>) {
    this.#options = options;
    this.#use(options.keys);
  }

  /** How many keys are accepted now. */
  get size(): number {
    return this.#byKeyId.size;
  }

  /** The holder of this `Authorization` header's key, or undefined. */
  async authenticate(authorization: string | undefined): Promise<Holder | undefined> {
    if (authorization === undefined || !authorization.startsWith("Bearer ")) return undefined;
    const plain = authorization.slice(7).trim();
    const parsed = parseApiKey(plain);
    if (parsed === undefined) return undefined;
    if (this.#options.revalidateMs !== undefined) await this.#revalidate();
    const fingerprint = hash("sha256", plain, "base64url");
    const cached = this.#verified.get(fingerprint);
    if (cached !== undefined) return this.#inForce(cached) ? cached.holder : undefined;
    if (!this.#byKeyId.has(parsed.keyId)) await this.#reload();
    const entry = this.#byKeyId.get(parsed.keyId);
    if (entry === undefined || !(await verifyApiKey(plain, entry.hash))) return undefined;
    if (this.#verified.size >= MAX_CACHED_KEYS) this.#verified.clear();
    this.#verified.set(fingerprint, entry);
    return this.#inForce(entry) ? entry.holder : undefined;
  }

  #inForce(entry: { notAfter?: number }): boolean {
    return entry.notAfter === undefined || this.#now() < entry.notAfter;
  }

  #now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  /**
   * One check at a time; requests arriving while one runs share the next, which starts after
   * they arrived, so none of them can be answered from keys read before a revocation.
   */
  #revalidate(): Promise<void> {
    if (this.#checkQueued !== undefined) return this.#checkQueued;
    if (this.#checking !== undefined) {
      this.#checkQueued = this.#checking.then(() => {
        this.#checkQueued = undefined;
        return this.#check();
      });
      return this.#checkQueued;
    }
    if (this.#now() - this.#lastCheck < (this.#options.revalidateMs ?? 0)) return Promise.resolve();
    return this.#check();
  }

  #check(): Promise<void> {
    const reload = this.#options.reload;
    if (reload === undefined) return Promise.resolve();
    this.#lastCheck = this.#now();
    this.#checking = reload()
      .then(
        (keys) => {
          if (keys !== undefined) this.#use(keys);
        },
        (error: unknown) => this.#options.onReloadError?.(error),
      )
      .finally(() => {
        this.#checking = undefined;
      });
    return this.#checking;
  }

  #use(keys: Iterable<AcceptedKey<Holder>>): void {
    this.#byKeyId = new Map(
      [...keys].map((k) => [
        k.keyId,
        {
          hash: k.hash,
          holder: k.holder,
          ...(k.notAfter === undefined ? {} : { notAfter: k.notAfter }),
        },
      ]),
    );
    // A key removed or disabled since it was cached must stop working now.
    this.#verified.clear();
  }

  /**
   * Reads the keys again, at most once per interval. A key id unknown within the interval waits
   * for the next slot rather than failing at once: a key made a moment after a wrong one was
   * tried still works on its first use, and guessing key ids costs the guesser a second each.
   */
  async #reload(): Promise<void> {
    const reload = this.#options.reload;
    if (reload === undefined) return;
    if (this.#reloading !== undefined) return this.#reloading;
    const interval = this.#options.reloadIntervalMs ?? 1000;
    const now = this.#options.now?.() ?? Date.now();
    const slot = Math.max(now, this.#lastReload + interval);
    this.#lastReload = slot;
    const waited =
      slot > now
        ? new Promise<void>((resolve) => setTimeout(resolve, slot - now).unref())
        : Promise.resolve();
    this.#reloading = waited
      .then(reload)
      .then(
        (keys) => {
          if (keys !== undefined) this.#use(keys);
        },
        (error: unknown) => this.#options.onReloadError?.(error),
      )
      .finally(() => {
        this.#reloading = undefined;
      });
    return this.#reloading;
  }
}
