/**
 * Evidence ids each organ has stored through this portal (bounded, in memory): the SPA asks
 * before uploading a file whose SHA-256 it computed, and skips the upload of one already stored.
 * Intake stores identical bytes once anyway; this saves the staff member the upload's wait.
 */
export class EvidenceLedger {
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly maxPerOrgan = 100_000) {}

  add(organId: string, evidenceId: string): void {
    let ids = this.#seen.get(organId);
    if (ids === undefined) this.#seen.set(organId, (ids = new Set()));
    if (ids.size >= this.maxPerOrgan) {
      const oldest = ids.values().next();
      if (oldest.done !== true) ids.delete(oldest.value);
    }
    ids.add(evidenceId);
  }

  has(organId: string, evidenceId: string): boolean {
    return this.#seen.get(organId)?.has(evidenceId) ?? false;
  }
}
