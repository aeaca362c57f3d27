/**
 * Sign-in attempts per client address in a sliding minute: slows a guesser who spreads tries
 * over many account ids, which the per-account lock-out alone would not.
 */
export class SignInThrottle {
  readonly #attempts = new Map<string, number[]>();

  constructor(
    private readonly options: { perMinute: number; now?: () => number } = { perMinute: 10 },
  ) {}

  /** Counts an attempt; the seconds to wait when the address is over its limit, else 0. */
  take(address: string): number {
    const now = (this.options.now ?? Date.now)();
    const recent = (this.#attempts.get(address) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.options.perMinute) {
      this.#attempts.set(address, recent);
      return Math.max(1, Math.ceil((60_000 - (now - (recent[0] ?? now))) / 1000));
    }
    recent.push(now);
    this.#attempts.set(address, recent);
    if (this.#attempts.size > 10_000) this.#forgetOldest();
    return 0;
  }

  #forgetOldest(): void {
    const first = this.#attempts.keys().next();
    if (first.done !== true) this.#attempts.delete(first.value);
  }
}
