import { createTransparencyLogError } from "./errors.js";

/** Largest entry a bundle can carry: lengths are uint16. */
export const MAX_ENTRY_SIZE = 0xffff;

/** C2SP tlog-tiles entry bundle: each entry as a big-endian uint16 length, then its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  entries.forEach((entry, position) => {
    if (entry.length > MAX_ENTRY_SIZE) {
      throw createTransparencyLogError("TLOG_ENTRY_TOO_LARGE", {
        detail: `entry at position ${position} has ${entry.length} bytes`,
        details: { position, size: entry.length },
      });
    }
    total += 2 + entry.length;
  });
  const bundle = new Uint8Array(total);
  let offset = 0;
  for (const entry of entries) {
    bundle[offset] = entry.length >> 8;
    bundle[offset + 1] = entry.length & 0xff;
    bundle.set(entry, offset + 2);
    offset += 2 + entry.length;
  }
  return bundle;
}

/** Splits a bundle into entries (views into `bundle`, not copies). */
export function decodeEntryBundle(bundle: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let offset = 0;
  while (offset < bundle.length) {
    if (offset + 2 > bundle.length) throw truncated(entries.length);
    const length = ((bundle[offset] as number) << 8) | (bundle[offset + 1] as number);
    const end = offset + 2 + length;
    if (end > bundle.length) throw truncated(entries.length);
    entries.push(bundle.subarray(offset + 2, end));
    offset = end;
  }
  return entries;
}

function truncated(position: number) {
  return createTransparencyLogError("TLOG_ENTRY_BUNDLE_MALFORMED", {
    detail: `entry at position ${position} is truncated`,
    details: { position },
  });
}
