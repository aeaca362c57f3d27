import { createHash } from "node:crypto";
import { ULID_BYTES, readUlidBytes } from "./ulid-binary.js";

/**
 * The ULID of a case, derived from the record that opened it (its time and identity). A batch
 * read again after a failed transaction, or by another instance after a rebalance, then opens
 * the case under the same id instead of a fresh random one.
 */
export function caseUlidFor(options: { timeMs: number; seed: string }): string {
  const bytes = new Uint8Array(ULID_BYTES);
  let time = Math.max(0, Math.min(Math.floor(options.timeMs), 2 ** 48 - 1));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(createHash("sha256").update(options.seed).digest().subarray(0, 10), 6);
  return readUlidBytes(bytes, 0);
}
