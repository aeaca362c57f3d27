import { createHash } from "node:crypto";

/**
 * Textbook RFC 6962 §2.1 definitions, recursive and unoptimized, written straight from the RFC so
 * tests can compare the incremental, stored-hash and tile code paths against them.
 */
export function referenceLeafHash(entry: Uint8Array): Buffer {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.of(0), entry]))
    .digest();
}

// Memoized by (first entry object, length): proofs over all (m, n) pairs re-ask the same subtrees.
const rootCache = new WeakMap<Uint8Array, Map<number, Buffer>>();

export function referenceRoot(entries: readonly Uint8Array[]): Buffer {
  const first = entries[0];
  const cached = first === undefined ? undefined : rootCache.get(first)?.get(entries.length);
  if (cached !== undefined) return cached;
  const root = computeReferenceRoot(entries);
  if (first !== undefined) {
    const byLength = rootCache.get(first) ?? new Map<number, Buffer>();
    byLength.set(entries.length, root);
    rootCache.set(first, byLength);
  }
  return root;
}

function computeReferenceRoot(entries: readonly Uint8Array[]): Buffer {
  const n = entries.length;
  if (n === 0) return createHash("sha256").update(Buffer.alloc(0)).digest();
  if (n === 1) return referenceLeafHash(entries[0] as Uint8Array);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return createHash("sha256")
    .update(
      Buffer.concat([
        Buffer.of(1),
        referenceRoot(entries.slice(0, k)),
        referenceRoot(entries.slice(k)),
      ]),
    )
    .digest();
}

/** RFC 6962 §2.1.1 PATH(m, D[n]). */
export function referencePath(m: number, entries: readonly Uint8Array[]): Buffer[] {
  const n = entries.length;
  if (n <= 1) return [];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m < k) return [...referencePath(m, entries.slice(0, k)), referenceRoot(entries.slice(k))];
  return [...referencePath(m - k, entries.slice(k)), referenceRoot(entries.slice(0, k))];
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
export function referenceConsistency(
  m: number,
  entries: readonly Uint8Array[],
  whole = true,
): Buffer[] {
  const n = entries.length;
  if (m === n) return whole ? [] : [referenceRoot(entries)];
  let k = 1;
  while (k * 2 < n) k *= 2;
  if (m <= k)
    return [
      ...referenceConsistency(m, entries.slice(0, k), whole),
      referenceRoot(entries.slice(k)),
    ];
  return [
    ...referenceConsistency(m - k, entries.slice(k), false),
    referenceRoot(entries.slice(0, k)),
  ];
}

export function sampleEntries(count: number, seed = "entry"): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new TextEncoder().encode(`${seed}-${i}`));
}
