import { concatBytes, decodeBase64, hex32, utf8Bytes } from "./bytes.js";
import { createLogVerificationError } from "./errors.js";
import { sha256, subtleCrypto } from "./web-crypto.js";
import type { WebCryptoKey } from "./web-crypto.js";

/** C2SP signed-note algorithm byte for Ed25519. */
const ED25519_ALGORITHM = 0x01;

/** The log's public key, imported once into WebCrypto. */
export interface LogKey {
  readonly name: string;
  /** Big-endian uint32 key id that signature lines carry. */
  readonly keyId: number;
  readonly publicKey: WebCryptoKey;
  /** The `name+hexid+base64(0x01‖pk)` string it was read from. */
  readonly verifierKey: string;
}

/** Key name rule of C2SP signed-note: non-empty, no Unicode space, no "+". */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\p{Cs}]/u.test(name);
}

/** First 4 bytes (big-endian) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
export async function noteKeyId(name: string, rawPublicKey: Uint8Array): Promise<number> {
  const digest = await sha256(
    concatBytes(utf8Bytes(name), Uint8Array.of(0x0a, ED25519_ALGORITHM), rawPublicKey),
  );
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0);
}

/**
 * Reads a verifier key `name+hexid+base64(0x01‖pk)` (Go's note.NewVerifier format) that the page
 * was built or configured with. The key must come from the page's own configuration: a key the
 * audit API served would let the server vouch for itself.
 */
export async function openLogKey(verifierKey: string): Promise<LogKey> {
  const first = verifierKey.indexOf("+");
  const second = verifierKey.indexOf("+", first + 1);
  if (first < 0 || second < 0) throw malformed("verifier key must have 3 '+'-separated fields");
  const name = verifierKey.slice(0, first);
  const hexId = verifierKey.slice(first + 1, second);
  // Base64 key material may itself contain "+".
  const material = decodeBase64(verifierKey.slice(second + 1));
  if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/i.test(hexId)) throw malformed("key id must be 8 hex digits");
  if (material === undefined) throw malformed("key material is not standard base64");
  if (material[0] !== ED25519_ALGORITHM)
    throw malformed(`unsupported key algorithm ${material[0]}`);
  if (material.length !== 33) throw malformed("Ed25519 key must be 32 bytes");
  const raw = material.subarray(1);
  const keyId = await noteKeyId(name, raw);
  if (Number.parseInt(hexId, 16) !== keyId)
    throw malformed(`key id ${hexId} does not match the key (${hex32(keyId)})`);
  let publicKey: WebCryptoKey;
  try {
    publicKey = await subtleCrypto().importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  } catch (cause) {
    throw createLogVerificationError("LOGWEB_CRYPTO_UNAVAILABLE", {
      detail: "Ed25519 public key import failed",
      cause,
    });
  }
  return { name, keyId, publicKey, verifierKey };
}

/** Ed25519 over the exact bytes; a wrong-length signature is false, never an exception. */
export async function verifyEd25519(
  key: LogKey,
  message: Uint8Array<ArrayBuffer>,
  signature: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  if (signature.length !== 64) return false;
  return await subtleCrypto().verify({ name: "Ed25519" }, key.publicKey, signature, message);
}

function malformed(detail: string) {
  return createLogVerificationError("LOGWEB_KEY_MALFORMED", { detail });
}
