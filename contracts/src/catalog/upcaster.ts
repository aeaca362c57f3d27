import type { z } from "zod";
import type { EventDefinition } from "./event-definition.js";

/**
 * A pure function from the data of one major version to the next, applied at read time. Stored
 * bytes are never rewritten: an auditor replaying the log sees exactly what was carried, and a
 * reader sees it in today's shape.
 */
export interface Upcaster {
  readonly type: string;
  readonly fromMajor: number;
  readonly toMajor: number;
  readonly upcast: (data: unknown) => unknown;
}

/** Typed on both ends; the registry validates the result against the newer schema anyway. */
export function defineUpcaster<From extends EventDefinition, To extends EventDefinition>(
  from: From,
  to: To,
  upcast: (data: z.output<From["schema"]>) => z.input<To["schema"]>,
): Upcaster {
  if (from.type !== to.type || to.major <= from.major) {
    throw new TypeError(
      `upcaster must go from an older to a newer major of one type (${from.id} → ${to.id})`,
    );
  }
  return {
    type: from.type,
    fromMajor: from.major,
    toMajor: to.major,
    upcast: upcast as (data: unknown) => unknown,
  };
}
