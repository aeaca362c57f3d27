import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { createTransparencyLogError } from "./errors.js";

/** C2SP signed-note algorithm byte for Ed25519, prefixed to key material in key strings. */
export const ED25519_ALGORITHM = 0x01;

// DER wrappers that turn raw 32-byte Ed25519 keys into KeyObjects (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface ParsedVerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: KeyObject;
  readonly rawPublicKey: Uint8Array;
}

export interface ParsedSignerKey extends ParsedVerifierKey {
  readonly privateKey: KeyObject;
  readonly verifierKey: string;
}

/** Key name rule of C2SP signed-note: non-empty, no Unicode space, no "+". */
export function isValidKeyName(name: string): boolean {
  // A lone surrogate is a Cs code point under the u flag; it has no UTF-8 encoding.
  return name.length > 0 && !/[\s+\p{Cs}]/u.test(name);
}

/** First 4 bytes (big-endian uint32) of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
export function noteKeyId(name: string, rawPublicKey: Uint8Array): number {
  const digest = createHash("sha256")
    .update(name)
    .update(Uint8Array.of(0x0a, ED25519_ALGORITHM))
    .update(rawPublicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** A new Ed25519 key pair as strings, in the same shape as Go's note.GenerateKey. */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  requireName(name);
  const { privateKey } = generateKeyPairSync("ed25519");
  const seed = privateKey
    .export({ format: "der", type: "pkcs8" })
    .subarray(PKCS8_ED25519_PREFIX.length);
  const signerKey = formatKeyString(
    ["PRIVATE", "KEY", name],
    name,
    rawPublicKeyOf(privateKey),
    seed,
  );
  return { signerKey, verifierKey: parseSignerKey(signerKey).verifierKey };
}

/** Parses `name+hexid+base64(0x01‖pk)`. */
export function parseVerifierKey(verifierKey: string): ParsedVerifierKey {
  const parts = splitFields(verifierKey, 3);
  if (parts.length !== 3) throw malformed("verifier key must have 3 '+'-separated fields");
  const [name, hexId, material] = parts as [string, string, string];
  const rawPublicKey = decodeKeyMaterial(name, hexId, material);
  checkKeyId(name, hexId, rawPublicKey);
  const publicKey = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, rawPublicKey]),
    format: "der",
    type: "spki",
  });
  return { name, keyId: noteKeyId(name, rawPublicKey), publicKey, rawPublicKey };
}

/** Parses `PRIVATE+KEY+name+hexid+base64(0x01‖seed)`; the id must match the derived public key. */
export function parseSignerKey(signerKey: string): ParsedSignerKey {
  const parts = splitFields(signerKey, 5);
  if (parts.length !== 5 || parts[0] !== "PRIVATE" || parts[1] !== "KEY") {
    throw malformed("signer key must look like PRIVATE+KEY+name+hexid+key");
  }
  const [, , name, hexId, material] = parts as [string, string, string, string, string];
  const seed = decodeKeyMaterial(name, hexId, material);
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey);
  const rawPublicKey = rawPublicKeyOf(publicKey);
  checkKeyId(name, hexId, rawPublicKey);
  const verifierKey = formatKeyString([name], name, rawPublicKey, rawPublicKey);
  return {
    name,
    keyId: noteKeyId(name, rawPublicKey),
    publicKey,
    rawPublicKey,
    privateKey,
    verifierKey,
  };
}

// Base64 key material may itself contain "+", so only the first count-1 separators split.
function splitFields(key: string, count: number): string[] {
  const fields = key.split("+");
  return [...fields.slice(0, count - 1), fields.slice(count - 1).join("+")].filter(
    (_, i) => i < fields.length,
  );
}

function formatKeyString(
  head: string[],
  name: string,
  rawPublicKey: Uint8Array,
  material: Uint8Array,
): string {
  const id = noteKeyId(name, rawPublicKey).toString(16).padStart(8, "0");
  const encoded = Buffer.concat([Uint8Array.of(ED25519_ALGORITHM), material]).toString("base64");
  return [...head, id, encoded].join("+");
}

function decodeKeyMaterial(name: string, hexId: string, material: string): Uint8Array {
  requireName(name);
  if (!/^[0-9a-f]{8}$/i.test(hexId)) throw malformed("key id must be 8 hex digits");
  const bytes = Buffer.from(material, "base64");
  if (bytes.toString("base64") !== material) throw malformed("key material is not standard base64");
  if (bytes[0] !== ED25519_ALGORITHM) throw malformed(`unsupported key algorithm ${bytes[0]}`);
  if (bytes.length !== 33) throw malformed("Ed25519 key must be 32 bytes");
  return bytes.subarray(1);
}

function checkKeyId(name: string, hexId: string, rawPublicKey: Uint8Array): void {
  if (Number.parseInt(hexId, 16) !== noteKeyId(name, rawPublicKey))
    throw malformed("key id does not match the key");
}

function rawPublicKeyOf(key: KeyObject): Uint8Array {
  const spki = (key.type === "private" ? createPublicKey(key) : key).export({
    format: "der",
    type: "spki",
  });
  return spki.subarray(SPKI_ED25519_PREFIX.length);
}

function requireName(name: string): void {
  if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
}

function malformed(detail: string) {
  return createTransparencyLogError("TLOG_KEY_MALFORMED", { detail });
}
