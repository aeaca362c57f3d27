import { createContractError } from "../errors.js";
import { legacyEventDefinitions, latestEventDefinitions } from "./event-catalog.js";
import type { EventDefinition } from "./event-definition.js";
import { eventUpcasters } from "./event-upcasters.js";
import type { Upcaster } from "./upcaster.js";

export type TypeResolution =
  | {
      readonly kind: "known";
      /** The definition the record was written with. */
      readonly written: EventDefinition;
      /** The latest definition of the type, what readers get. */
      readonly latest: EventDefinition;
      /** Applied in order from `written.major` up to `latest.major`; empty when already latest. */
      readonly upcasters: readonly Upcaster[];
    }
  | { readonly kind: "unknown_type"; readonly message: string }
  | { readonly kind: "unknown_major"; readonly message: string };

export interface EventRegistry {
  /** Resolves a `ce_type` value; results are cached, so the hot path is one Map lookup. */
  resolve(ceType: string): TypeResolution;
  readonly definitions: readonly EventDefinition[];
}

const CE_TYPE = /^jp\.takedown\.([a-z_]+(?:\.[a-z_]+)+)\.v(0|[1-9][0-9]{0,3})$/;
/** Bounds the cache: garbage types from a misbehaving producer must not grow memory. */
const MAX_CACHED_TYPES = 1024;

/**
 * Every readable (type, major) with the upcaster chains to the latest major. Creation fails
 * when an older major has no chain, so a missing upcaster is caught at start, not on a record.
 */
export function createEventRegistry(options: {
  definitions: readonly EventDefinition[];
  upcasters: readonly Upcaster[];
}): EventRegistry {
  const byId = new Map<string, EventDefinition>();
  const latestByType = new Map<string, EventDefinition>();
  for (const definition of options.definitions) {
    byId.set(definition.id, definition);
    const latest = latestByType.get(definition.type);
    if (latest === undefined || latest.major < definition.major) {
      latestByType.set(definition.type, definition);
    }
  }
  const upcasterFrom = new Map<string, Upcaster>();
  for (const upcaster of options.upcasters) {
    const slot = `${upcaster.type}@${upcaster.fromMajor}`;
    if (upcasterFrom.has(slot))
      throw createContractError("CONTRACT_UPCASTER_CONFLICT", { detail: slot });
    upcasterFrom.set(slot, upcaster);
  }

  const chainOf = (written: EventDefinition, latest: EventDefinition): Upcaster[] => {
    const chain: Upcaster[] = [];
    let major = written.major;
    while (major < latest.major) {
      const next = upcasterFrom.get(`${written.type}@${major}`);
      if (next === undefined) {
        throw createContractError("CONTRACT_UPCASTER_MISSING", {
          detail: `${written.type} v${major}`,
        });
      }
      chain.push(next);
      major = next.toMajor;
    }
    return chain;
  };

  const known = new Map<string, TypeResolution>();
  for (const written of byId.values()) {
    const latest = latestByType.get(written.type) ?? written;
    known.set(written.id, { kind: "known", written, latest, upcasters: chainOf(written, latest) });
  }

  const unknownCache = new Map<string, TypeResolution>();
  const resolveUnknown = (ceType: string): TypeResolution => {
    const match = CE_TYPE.exec(ceType);
    const type = match?.[1];
    const latest = type === undefined ? undefined : latestByType.get(type);
    if (latest === undefined) {
      return { kind: "unknown_type", message: `unknown event type ${JSON.stringify(ceType)}` };
    }
    const majors = options.definitions
      .filter((d) => d.type === latest.type)
      .map((d) => `v${d.major}`)
      .join(", ");
    return {
      kind: "unknown_major",
      message: `unknown major version of ${latest.type}: ${JSON.stringify(ceType)} (readable: ${majors})`,
    };
  };

  return {
    definitions: options.definitions,
    resolve(ceType) {
      const found = known.get(ceType) ?? unknownCache.get(ceType);
      if (found !== undefined) return found;
      const resolution = resolveUnknown(ceType);
      if (unknownCache.size < MAX_CACHED_TYPES) unknownCache.set(ceType, resolution);
      return resolution;
    },
  };
}

/** The registry of this release: every latest and legacy version with their upcasters. */
export const defaultEventRegistry: EventRegistry = createEventRegistry({
  definitions: [...latestEventDefinitions, ...legacyEventDefinitions],
  upcasters: eventUpcasters,
});
