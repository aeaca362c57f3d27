import { createHash } from "node:crypto";

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/**
 * SHA-256 of a JSON value with sorted keys, so a retry whose client serialises fields in another
 * order still counts as "the same body" for Idempotency-Key.
 */
export function fingerprintOf(route: string, body: unknown): string {
  return createHash("sha256")
    .update(route)
    .update("\n")
    .update(JSON.stringify(canonical(body) ?? null))
    .digest("hex");
}
