import { createLogVerificationError } from "./errors.js";

// Named through globalThis rather than the DOM's SubtleCrypto/CryptoKey, so the same source
// type-checks in the browser build (DOM lib) and in the tests (Node's WebCrypto types).
type Subtle = typeof globalThis.crypto.subtle;
export type WebCryptoKey = Awaited<ReturnType<Subtle["importKey"]>>;

/** The page's WebCrypto; `crypto.subtle` exists only in secure contexts (https, localhost). */
export function subtleCrypto(): Subtle {
  const subtle = (globalThis.crypto as { subtle?: Subtle } | undefined)?.subtle;
  if (subtle === undefined) {
    throw createLogVerificationError("LOGWEB_CRYPTO_UNAVAILABLE", {
      detail: "crypto.subtle is missing (not a secure context?)",
    });
  }
  return subtle;
}

export async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await subtleCrypto().digest("SHA-256", data));
}
