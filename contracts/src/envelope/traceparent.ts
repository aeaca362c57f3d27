import { randomBytes } from "node:crypto";

/** A new root W3C traceparent (sampled) for an event produced outside any incoming trace. */
export function newTraceparent(): string {
  const bytes = randomBytes(24);
  return `00-${bytes.toString("hex", 0, 16)}-${bytes.toString("hex", 16, 24)}-01`;
}
