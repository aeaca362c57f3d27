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

/**
 * Decoding as Fastify does would put U+FFFD where bytes are not UTF-8, and the request would be
 * accepted and published with other text than the organ sent.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Replaces Fastify's JSON parser with one that bounds size and depth and names what failed. */
export function installJsonBodyParser(
  app: FastifyInstance,
  options: { bodyLimit: number; maxDepth: number },
): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(
    "application/json",
    { parseAs: "buffer", bodyLimit: options.bodyLimit },
    (_request, body, done) => {
      let text: string;
      try {
        text = strictUtf8.decode(body as Buffer);
      } catch (error) {
        done(
          createIntakeError("INTAKE_MALFORMED_JSON", {
            detail: "the body is not UTF-8 (RFC 8259 §8.1)",
            details: { errors: [{ field: "", message: "not UTF-8" }] },
            cause: error,
          }),
        );
        return;
      }
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
