import { hash } from "node:crypto";
import { parseApiKey, verifyApiKey } from "./api-key.js";

const MAX_CACHED_KEYS = 10_000;

/** A key that may be used: its id, its stored hash and whom it authenticates. */
export interface AcceptedKey<Holder> {
  keyId: string;
  hash: string;
  holder: Holder;
}

export interface ApiKeyAuthenticatorOptions<Holder> {
  keys: Iterable<AcceptedKey<Holder>>;
  /**
   * Asked for the current keys when a well-formed key has an unknown id (a key made after the
   * start); undefined means nothing changed. At most once per `reloadIntervalMs`.
   */
  reload?: () => Promise<Iterable<AcceptedKey<Holder>> | undefined>;
  reloadIntervalMs?: number;
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
  #byKeyId = new Map<string, { hash: string; holder: Holder }>();
  readonly #verified = new Map<string, Holder>();
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
    const fingerprint = hash("sha256", plain, "base64url");
    const cached = this.#verified.get(fingerprint);
    if (cached !== undefined) return cached;
    const parsed = parseApiKey(plain);
    if (parsed === undefined) return undefined;
    if (!this.#byKeyId.has(parsed.keyId)) await this.#reload();
    const entry = this.#byKeyId.get(parsed.keyId);
    if (entry === undefined || !(await verifyApiKey(plain, entry.hash))) return undefined;
    if (this.#verified.size >= MAX_CACHED_KEYS) this.#verified.clear();
    this.#verified.set(fingerprint, entry.holder);
    return entry.holder;
  }

  #use(keys: Iterable<AcceptedKey<Holder>>): void {
    this.#byKeyId = new Map([...keys].map((k) => [k.keyId, { hash: k.hash, holder: k.holder }]));
    // A key removed or disabled since it was cached must stop working now.
    this.#verified.clear();
  }

  async #reload(): Promise<void> {
    const reload = this.#options.reload;
    if (reload === undefined) return;
    if (this.#reloading !== undefined) return this.#reloading;
    const now = this.#options.now?.() ?? Date.now();
    if (now - this.#lastReload < (this.#options.reloadIntervalMs ?? 1000)) return;
    this.#lastReload = now;
    this.#reloading = reload()
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
