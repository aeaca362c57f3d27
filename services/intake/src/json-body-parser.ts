import type { FastifyInstance } from "fastify";
import { createIntakeError } from "./errors.js";

/**
 * Nesting depth of a JSON text, counted without parsing it, so a deeply nested body is refused
 * before JSON.parse recurses through it. Brackets inside strings do not count.
 */
export function jsonDepthExceeds(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/** Replaces Fastify's JSON parser with one that bounds size and depth and names what failed. */
export function installJsonBodyParser(
  app: FastifyInstance,
  options: { bodyLimit: number; maxDepth: number },
): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string", bodyLimit: options.bodyLimit },
    (_request, body, done) => {
      const text = body as string;
      if (text.trim() === "") {
        done(null, undefined);
        return;
      }
      if (jsonDepthExceeds(text, options.maxDepth)) {
        done(
          createIntakeError("INTAKE_JSON_TOO_DEEP", {
            detail: `more than ${options.maxDepth} levels`,
            details: { errors: [{ field: "", message: `nested deeper than ${options.maxDepth}` }] },
          }),
        );
        return;
      }
      try {
        done(null, JSON.parse(text) as unknown);
      } catch (error) {
        done(
          createIntakeError("INTAKE_MALFORMED_JSON", {
            detail: (error as Error).message,
            cause: error,
          }),
        );
      }
    },
  );
}
