import { createDedupError } from "./errors.js";

// 0xffff is the compact codec's marker for "not a member".
const MAX_ORGANS = 0xffff;

/**
 * Organ ids interned to small numbers for the compact case state: a few hundred organs are
 * named by millions of member targets. The numbering lives only in this process; the changelog
 * carries the ids themselves.
 */
export class OrganTable {
  private readonly indexOf = new Map<string, number>();
  private readonly ids: string[] = [];

  intern(organId: string): number {
    const known = this.indexOf.get(organId);
    if (known !== undefined) return known;
    if (this.ids.length >= MAX_ORGANS)
      throw createDedupError("DEDUP_STATE_LIMIT", { detail: `more than ${MAX_ORGANS} organs` });
    const index = this.ids.length;
    this.ids.push(organId);
    this.indexOf.set(organId, index);
    return index;
  }

  organAt(index: number): string {
    const id = this.ids[index];
    if (id === undefined)
      throw createDedupError("DEDUP_STATE_LIMIT", { detail: `no organ #${index}` });
    return id;
  }

  get size(): number {
    return this.ids.length;
  }
}
