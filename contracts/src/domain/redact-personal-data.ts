import type { AnyTakedownEvent } from "../catalog/takedown-event.js";
import { PERSONAL_DATA_KEY } from "./personal-data.js";

/**
 * Drops every `personal` field at any depth of the data, returning a copy. Every schema keeps
 * personal data optional and only under that key, so the result is still a valid event of the
 * same type (tested), fit for logs and transparency reports.
 */
export function redactPersonalData<E extends AnyTakedownEvent>(event: E): E {
  return { ...event, data: withoutPersonal(event.data) };
}

/** The same for bare data (e.g. the raw JSON of an audit entry). */
export function withoutPersonal<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => withoutPersonal(item)) as T;
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key !== PERSONAL_DATA_KEY) copy[key] = withoutPersonal(item);
  }
  return copy as T;
}
