import { createTransparencyLogError } from "./errors.js";
import type { HashReader } from "./hash-reader.js";
import { emptyTreeRoot, nodeHash } from "./merkle-hash.js";
import { storedHashIndex } from "./stored-hash-index.js";

/**
 * Proof generation over a HashReader. Each proof element is the hash of a leaf range [lo, hi);
 * we first collect the ranges (RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF), then fetch every
 * stored hash they need in one sorted readHashes call, then fold each range.
 */
interface LeafRange {
  readonly lo: bigint;
  readonly hi: bigint;
}

/** Root hash of the first `size` leaves. */
export async function treeHash(size: bigint, reader: HashReader): Promise<Uint8Array> {
  requireNonNegative(size, "size");
  if (size === 0n) return emptyTreeRoot();
  const [root] = await rangeHashes([{ lo: 0n, hi: size }], reader);
  return root as Uint8Array;
}

/** RFC 9162 inclusion proof (audit path) of leaf `index` in the tree of `size` leaves. */
export async function inclusionProof(
  index: bigint,
  size: bigint,
  reader: HashReader,
): Promise<Uint8Array[]> {
  if (index < 0n || index >= size) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `index ${index} not in tree of size ${size}`,
    });
  }
  return rangeHashes(inclusionRanges(index, 0n, size), reader);
}

/** RFC 9162 consistency proof from the tree of `oldSize` leaves to the one of `newSize`. */
export async function consistencyProof(
  oldSize: bigint,
  newSize: bigint,
  reader: HashReader,
): Promise<Uint8Array[]> {
  if (oldSize < 0n || oldSize > newSize) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `sizes ${oldSize} → ${newSize}`,
    });
  }
  if (oldSize === 0n || oldSize === newSize) return [];
  return rangeHashes(consistencyRanges(oldSize, 0n, newSize, true), reader);
}

function inclusionRanges(index: bigint, lo: bigint, hi: bigint): LeafRange[] {
  if (hi - lo === 1n) return [];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (index < lo + k) return [...inclusionRanges(index, lo, lo + k), { lo: lo + k, hi }];
  return [...inclusionRanges(index, lo + k, hi), { lo, hi: lo + k }];
}

// `whole` is RFC 9162's b flag: true while the old tree is a prefix the verifier already knows.
function consistencyRanges(oldSize: bigint, lo: bigint, hi: bigint, whole: boolean): LeafRange[] {
  if (oldSize === hi - lo) return whole ? [] : [{ lo, hi }];
  const k = largestPowerOfTwoBelow(hi - lo);
  if (oldSize <= k) return [...consistencyRanges(oldSize, lo, lo + k, whole), { lo: lo + k, hi }];
  return [...consistencyRanges(oldSize - k, lo + k, hi, false), { lo, hi: lo + k }];
}

async function rangeHashes(
  ranges: readonly LeafRange[],
  reader: HashReader,
): Promise<Uint8Array[]> {
  const decompositions = ranges.map(perfectSubtrees);
  const indexes = [...new Set(decompositions.flat())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hashes = await reader.readHashes(indexes);
  if (hashes.length !== indexes.length) {
    throw createTransparencyLogError("TLOG_HASH_NOT_FOUND", {
      detail: `asked for ${indexes.length} hashes, got ${hashes.length}`,
    });
  }
  const byIndex = new Map(indexes.map((index, i) => [index, hashes[i] as Uint8Array]));
  return decompositions.map((subtrees) => {
    let hash: Uint8Array | undefined;
    for (let i = subtrees.length - 1; i >= 0; i--) {
      const subtree = byIndex.get(subtrees[i] as bigint) as Uint8Array;
      hash = hash === undefined ? subtree : nodeHash(subtree, hash);
    }
    return hash as Uint8Array;
  });
}

/** Stored hash indexes of the perfect subtrees that tile [lo, hi), left to right. */
function perfectSubtrees(range: LeafRange): bigint[] {
  const indexes: bigint[] = [];
  for (let lo = range.lo; lo < range.hi;) {
    let level = 0;
    while (lo + (2n << BigInt(level)) <= range.hi && (lo & ((2n << BigInt(level)) - 1n)) === 0n)
      level++;
    indexes.push(storedHashIndex(level, lo >> BigInt(level)));
    lo += 1n << BigInt(level);
  }
  return indexes;
}

/** Largest power of two strictly below n (n ≥ 2), the RFC 6962 split point. */
export function largestPowerOfTwoBelow(n: bigint): bigint {
  let k = 1n;
  while (k << 1n < n) k <<= 1n;
  return k;
}

function requireNonNegative(value: bigint, name: string): void {
  if (value < 0n)
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", { detail: `${name} ${value}` });
}
