import * as crypto from "node:crypto";

/** SHA-256 output size; every tree hash in this package is this long. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1 domain separation: without distinct prefixes a leaf could be passed off as a node.
const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: "buffer") => Buffer;

/**
 * Node ≥ 20.12's one-shot `crypto.hash` costs about half of a `createHash` object for the small
 * inputs a tree hashes (65 bytes per node): verification is mostly node hashes.
 */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

function sha256(input: Uint8Array): Uint8Array {
  return oneShot === undefined
    ? crypto.createHash("sha256").update(input).digest()
    : oneShot("sha256", input, "buffer");
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const input = new Uint8Array(entry.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(entry, 1);
  return sha256(input);
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
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
