import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * A stored API key: only its scrypt hash is ever written down (`scrypt$N$r$p$salt$hash`, salt and
 * hash in base64url). The plain key is `tdk_<keyId>_<secret>`, so the key id finds the hash
 * without trying every holder's keys.
 */
export const apiKeyHashPattern = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;
export const apiKeyIdPattern = /^[a-z0-9]{8,32}$/;

const KEY_PATTERN = /^tdk_([a-z0-9]{8,32})_([A-Za-z0-9_-]{32,128})$/;
const PARAMS = { N: 16384, r: 8, p: 1 } as const;

function scryptAsync(
  secret: string,
  salt: Buffer,
  length: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, length, { ...params, maxmem: 256 * params.N * params.r }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** Splits `tdk_<keyId>_<secret>`; undefined for anything else. */
export function parseApiKey(plain: string): { keyId: string; secret: string } | undefined {
  const match = KEY_PATTERN.exec(plain);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { keyId: match[1], secret: match[2] };
}

/** A new random key and the scrypt hash that config stores instead of it. */
export async function generateApiKey(): Promise<{ plainKey: string; keyId: string; hash: string }> {
  const keyId = randomBytes(8).toString("hex");
  const plainKey = `tdk_${keyId}_${randomBytes(32).toString("base64url")}`;
  return { plainKey, keyId, hash: await hashApiKey(plainKey) };
}

export async function hashApiKey(plainKey: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(plainKey, salt, 32, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Constant-time check of a plain key against a stored `scrypt$N$r$p$salt$hash`. */
export async function verifyApiKey(plainKey: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = await scryptAsync(plainKey, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}
