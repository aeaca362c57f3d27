import { hash } from "node:crypto";

/** SHA-256 output size; every tree hash in this package is this long. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1 domain separation: without distinct prefixes a leaf could be passed off as a node.
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * Leaf and node inputs are built in reused buffers: a fresh Uint8Array per entry lives outside
 * the V8 heap, and allocating, zeroing and collecting 1.5 KB of it per entry cost as much as
 * hashing it (verifyLog spent a fifth of its time in the garbage collector). The leaf buffer grows
 * up to the largest entry a bundle can hold (64 KiB); a larger input gets a buffer of its own.
 */
const MAX_REUSED_LEAF_INPUT = 0x10000 + 1;
let leafInput = new Uint8Array(4096);
const nodeInput = new Uint8Array(1 + 2 * HASH_SIZE);

/**
 * One-shot `crypto.hash` costs about half of a `createHash` object for the small inputs of a
 * tree. Its digest is read as a `"binary"` (latin1, one char per byte) string and copied into a 32-byte array
 * that lives in the V8 heap: a `"buffer"` digest is a Node Buffer with a backing store of its own,
 * which costs more to create and collect than hashing 65 bytes.
 */
function sha256(input: Uint8Array): Uint8Array {
  const digest = hash("sha256", input, "binary");
  const out = new Uint8Array(HASH_SIZE);
  for (let i = 0; i < HASH_SIZE; i++) out[i] = digest.charCodeAt(i);
  return out;
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const length = entry.length + 1;
  let input: Uint8Array;
  if (length <= leafInput.length) input = leafInput;
  else if (length <= MAX_REUSED_LEAF_INPUT) {
    const grown = Math.min(MAX_REUSED_LEAF_INPUT, Math.max(length, 2 * leafInput.length));
    input = leafInput = new Uint8Array(grown);
  } else input = new Uint8Array(length);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  // crypto.hash is synchronous and its digest is copied out, so reusing the input cannot leak.
  return sha256(input.length === length ? input : input.subarray(0, length));
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input =
    left.length === HASH_SIZE && right.length === HASH_SIZE
      ? nodeInput
      : new Uint8Array(1 + left.length + right.length);
  input[0] = NODE_PREFIX;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export function emptyTreeRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
