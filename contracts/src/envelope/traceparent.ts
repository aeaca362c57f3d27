import { randomPool } from "./random-pool.js";

/** A new root W3C traceparent (sampled) for an event produced outside any incoming trace. */
export function newTraceparent(): string {
  return `00-${randomPool.hex(16)}-${randomPool.hex(8)}-01`;
}
