import { actorIdSchema } from "@takedown/contracts";
import { fieldError } from "./problem-handler.js";

/** The header through which the portal (or an organ's own tool) names the staff account acting. */
export const ACTOR_HEADER = "Takedown-Actor";

/**
 * The pseudonymous actor of a call (`stf_…` staff account, `key_…` API key), recorded as
 * `actorId` in the events it causes; undefined when the header is absent. A malformed value is
 * refused rather than dropped: an action must not lose its attribution silently.
 */
export function actorIdOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) && header.length === 1 ? header[0] : header;
  if (typeof value !== "string" || !actorIdSchema.safeParse(value).success)
    throw fieldError("INTAKE_ACTOR_INVALID", [
      { field: ACTOR_HEADER, message: "must match ^(stf|key)_[A-Za-z0-9]{6,40}$" },
    ]);
  return value;
}
