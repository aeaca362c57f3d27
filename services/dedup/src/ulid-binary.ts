import { createDedupError } from "./errors.js";

/**
 * ULIDs as 16 raw bytes instead of 26 characters: the in-memory case state keeps one per case
 * and one per member target, and at a million open cases those ten bytes each add up.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

export const ULID_BYTES = 16;
const ULID_LENGTH = 26;

/** Writes the 128 bits of a ULID into `target` at `offset`. */
export function writeUlidBytes(ulid: string, target: Uint8Array, offset: number): void {
  if (ulid.length !== ULID_LENGTH) throw createDedupError("DEDUP_INVALID_ULID", { detail: ulid });
  // 26 characters carry 130 bits; the first character holds only 3 of the 128 data bits.
  let value = 0;
  let bits = 0;
  let out = offset;
  for (let i = 0; i < ULID_LENGTH; i++) {
    const digit = VALUE_OF[ulid.charCodeAt(i) & 127] ?? -1;
    if (digit < 0 || ulid.charCodeAt(i) > 127 || (i === 0 && digit > 7))
      throw createDedupError("DEDUP_INVALID_ULID", { detail: ulid });
    value = (value << 5) | digit;
    bits += i === 0 ? 3 : 5;
    if (bits >= 8) {
      bits -= 8;
      target[out++] = (value >> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
}

/** Reads 16 bytes at `offset` back into the 26-character ULID. */
export function readUlidBytes(source: Uint8Array, offset: number): string {
  let text = "";
  // Two zero bits of padding in front make 130 bits, five per character.
  let value = 0;
  let bits = 2;
  for (let i = offset; i < offset + ULID_BYTES; i++) {
    value = (value << 8) | (source[i] ?? 0);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(value >> bits) & 31];
      value &= (1 << bits) - 1;
    }
  }
  return text;
}
