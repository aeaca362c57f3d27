/** Offsets `first`..`last`, both included. */
export interface OffsetRange {
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * The offsets of a partition that hold committed records, as ranges: read_committed skips
 * transaction markers and aborted records, compaction and retention remove others, so the
 * offsets of a topic are not contiguous and must be read, not assumed.
 */
export class OffsetRangesBuilder {
  readonly #ranges: { first: bigint; last: bigint }[] = [];
  #count = 0n;

  /** Offsets must come in ascending order (as a partition is read); repeats are ignored. */
  add(offset: bigint): void {
    const last = this.#ranges.at(-1);
    if (last !== undefined && offset <= last.last) return;
    if (last !== undefined && offset === last.last + 1n) last.last = offset;
    else this.#ranges.push({ first: offset, last: offset });
    this.#count += 1n;
  }

  get count(): bigint {
    return this.#count;
  }

  ranges(): readonly OffsetRange[] {
    return this.#ranges;
  }
}
