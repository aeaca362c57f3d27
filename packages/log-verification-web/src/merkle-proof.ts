import { bytesEqual } from "./bytes.js";
import { HASH_SIZE, nodeHash } from "./merkle-hash.js";

/**
 * RFC 9162 §2.1.3.2: does `proof` show that `leaf` is leaf `index` of the tree of `size` leaves
 * whose root is `root`? The same bit-walking algorithm as the Node package, with async hashing.
 */
export async function verifyInclusionProof(options: {
  leafHash: Uint8Array;
  index: bigint;
  size: bigint;
  proof: readonly Uint8Array[];
  root: Uint8Array;
}): Promise<boolean> {
  const { index, size, proof, root } = options;
  if (index < 0n || index >= size || !proof.every(isHash) || !isHash(options.leafHash))
    return false;
  let fn = index;
  let sn = size - 1n;
  let r = options.leafHash;
  for (const p of proof) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = await nodeHash(p, r);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(r, root);
}

/** RFC 9162 §2.1.4.2: is (newSize, newRoot) an append-only extension of (oldSize, oldRoot)? */
export async function verifyConsistencyProof(options: {
  oldSize: bigint;
  newSize: bigint;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: readonly Uint8Array[];
}): Promise<boolean> {
  const { oldSize, newSize, oldRoot, newRoot, proof } = options;
  if (oldSize < 0n || oldSize > newSize || !proof.every(isHash)) return false;
  // The RFC leaves these out: every tree extends the empty one; equal sizes need equal roots.
  if (oldSize === 0n) return proof.length === 0;
  if (oldSize === newSize) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (proof.length === 0) return false;

  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1n;
  let sn = newSize - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}

function isHash(hash: Uint8Array): boolean {
  return hash.length === HASH_SIZE;
}

function isPowerOfTwo(n: bigint): boolean {
  return n > 0n && (n & (n - 1n)) === 0n;
}
