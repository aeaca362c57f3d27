import { HASH_SIZE, leafHash } from "./merkle-hash.js";

export type EntriesVerification =
  { readonly ok: true } | { readonly ok: false; readonly position: number };

/**
 * Batch check of entries against their expected leaf hashes (concatenated, 32 bytes each, e.g. a
 * level-0 hash tile): the hot loop of log verification, kept free of per-entry copies.
 */
export function verifyEntries(
  entries: readonly Uint8Array[],
  expectedLeafHashes: Uint8Array,
): EntriesVerification {
  const count = Math.min(entries.length, Math.floor(expectedLeafHashes.length / HASH_SIZE));
  for (let position = 0; position < count; position++) {
    if (
      !leafHashMatches(entries[position] as Uint8Array, expectedLeafHashes, position * HASH_SIZE)
    ) {
      return { ok: false, position };
    }
  }
  return entries.length * HASH_SIZE === expectedLeafHashes.length
    ? { ok: true }
    : { ok: false, position: count };
}

/** Whether leafHash(entry) equals the 32 bytes of `hashes` at `offset`. */
export function leafHashMatches(entry: Uint8Array, hashes: Uint8Array, offset: number): boolean {
  return hashBytesEqual(leafHash(entry), hashes, offset);
}

export function hashBytesEqual(hash: Uint8Array, hashes: Uint8Array, offset: number): boolean {
  if (offset + HASH_SIZE > hashes.length) return false;
  for (let i = 0; i < HASH_SIZE; i++) if (hash[i] !== hashes[offset + i]) return false;
  return true;
}
