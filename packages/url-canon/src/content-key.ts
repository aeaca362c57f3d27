import { hash } from "node:crypto";

/** SPEC §3: the content key is the lowercase hex SHA-256 of the canonical URL (UTF-8). */
export function contentKeyOf(canonicalUrl: string): string {
  // One-shot hash: a third of the cost of createHash().update().digest() for a short input.
  return hash("sha256", canonicalUrl, "hex");
}
