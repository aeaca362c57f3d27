import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, "");
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new RangeError(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export type TotpAlgorithm = "sha1" | "sha256" | "sha512";

export interface TotpOptions {
  /** Default 6 (what authenticator apps show). */
  digits?: number;
  /** Default sha1, the only one every authenticator app supports. */
  algorithm?: TotpAlgorithm;
  /** Seconds per time step (RFC 6238 X), default 30. */
  step?: number;
}

/** RFC 4226 HOTP with the dynamic truncation of its §5.3. */
export function hotp(key: Uint8Array, counter: bigint, options: TotpOptions = {}): string {
  const digits = options.digits ?? 6;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(counter);
  const mac = createHmac(options.algorithm ?? "sha1", key)
    .update(message)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/** RFC 6238: the time step of a moment (T = floor(unix seconds / X)). */
export function timeStep(at: Date, step = 30): bigint {
  return BigInt(Math.floor(at.getTime() / 1000 / step));
}

export function totp(key: Uint8Array, at: Date, options: TotpOptions = {}): string {
  return hotp(key, timeStep(at, options.step), options);
}

/**
 * The step a code belongs to, accepting one step either side for clock drift, or undefined.
 * Callers keep the returned step and refuse codes of that step or older (no replay).
 */
export function matchTotp(
  key: Uint8Array,
  code: string,
  at: Date,
  options: TotpOptions = {},
): bigint | undefined {
  if (!/^\d{6,8}$/.test(code)) return undefined;
  const now = timeStep(at, options.step);
  for (const drift of [0n, -1n, 1n]) {
    const expected = Buffer.from(hotp(key, now + drift, options));
    const given = Buffer.from(code);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return now + drift;
  }
  return undefined;
}

/** 20 random bytes (RFC 4226's recommended 160 bits), as base32 for authenticator apps. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The otpauth:// URI authenticator apps read from a QR code or a paste. */
export function otpauthUri(secret: string, account: string, issuer = "takedown-relay"): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}
