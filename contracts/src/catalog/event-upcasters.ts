import type { Upcaster } from "./upcaster.js";

/** Upcasters of the released catalog; empty while every event type is at its first major. */
export const eventUpcasters: readonly Upcaster[] = [];
