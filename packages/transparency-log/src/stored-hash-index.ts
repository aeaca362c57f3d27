/**
 * The dense "stored hash" numbering of golang.org/x/mod/sumdb/tlog (Crosby & Wallach §3.3): every
 * complete subtree (level, n) gets one index, in the order the hashes become known while
 * appending. Sharing it with Go lets an independent verifier read our hash store unchanged.
 */
export function storedHashIndex(level: number, n: bigint): bigint {
  let leftmostLeaf = n;
  // Level L's n'th hash is written right after level L-1's (2n+1)'th hash.
  for (let l = level; l > 0; l--) leftmostLeaf = 2n * leftmostLeaf + 1n;
  let index = 0n;
  for (let rest = leftmostLeaf; rest > 0n; rest >>= 1n) index += rest;
  return index + BigInt(level);
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: bigint): { level: number; n: bigint } {
  // storedHashIndex(0, n) < 2n, so the leaf committed just before `index` is near index/2.
  let n = index / 2n;
  let leafIndex = storedHashIndex(0, n);
  for (;;) {
    const next = leafIndex + 1n + BigInt(trailingZeros(n + 1n));
    if (next > index) break;
    n++;
    leafIndex = next;
  }
  const level = Number(index - leafIndex);
  return { level, n: n >> BigInt(level) };
}

/** Number of stored hashes a tree of `size` leaves has written. */
export function storedHashCount(size: bigint): bigint {
  if (size === 0n) return 0n;
  let count = storedHashIndex(0, size - 1n) + 1n;
  for (let i = size - 1n; (i & 1n) !== 0n; i >>= 1n) count++;
  return count;
}

function trailingZeros(value: bigint): number {
  let zeros = 0;
  for (let v = value; v > 0n && (v & 1n) === 0n; v >>= 1n) zeros++;
  return zeros;
}
