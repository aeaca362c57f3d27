import { createHash } from "node:crypto";

/** SPEC §3: the content key is the lowercase hex SHA-256 of the canonical URL (UTF-8). */
export function contentKeyOf(canonicalUrl: string): string {
  return createHash("sha256").update(canonicalUrl, "utf8").digest("hex");
}
