import { actorIdSchema } from "@takedown/contracts";
import { fieldError } from "./problem-handler.js";

/**
 * The `Takedown-Actor` header: the pseudonymous staff id (`stf_…`, or an API key's `key_…`) the
 * portal backend sends for the person acting. Absent → undefined; present but invalid → 400
 * naming the header, since a dropped attribution would be silent.
 */
export function takedownActorOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !actorIdSchema.safeParse(value).success) {
    throw fieldError("INTAKE_ACTOR_INVALID", [
      { field: "Takedown-Actor", message: "must match ^(stf|key)_[A-Za-z0-9]{6,40}$" },
    ]);
  }
  return value;
}
