import { concatBytes } from "./bytes.js";
import { sha256 } from "./web-crypto.js";

export const HASH_SIZE = 32;

// RFC 6962 §2.1 domain separation, as in @takedown/transparency-log.
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(LEAF_PREFIX, entry));
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}
