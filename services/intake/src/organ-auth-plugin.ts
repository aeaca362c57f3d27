import type { FastifyInstance } from "fastify";
import type { Organ } from "@takedown/config";
import { createIntakeError } from "./errors.js";
import type { OrganAuthenticator } from "./organ-authenticator.js";
import type { OrganRateLimiter } from "./organ-rate-limiter.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The organ whose API key authenticated this /v1 call. */
    organ: Organ;
  }
}

export interface OrganAuthOptions {
  authenticator: OrganAuthenticator;
  rateLimiter: OrganRateLimiter;
}

/**
 * Authenticates every route registered inside it (before the body is read, so an unknown
 * caller cannot make intake stream a file) and applies the organ's rate limit.
 */
export function organAuth(options: OrganAuthOptions): (app: FastifyInstance) => void {
  return (app) => {
    app.decorateRequest("organ", null as unknown as Organ);
    app.addHook("onRequest", async (request, reply) => {
      const organ = await options.authenticator.authenticate(request.headers.authorization);
      if (organ === undefined) {
        reply.header("www-authenticate", 'Bearer realm="takedown-intake"');
        throw createIntakeError("INTAKE_UNAUTHENTICATED", {
          details: { errors: [{ field: "Authorization", message: "missing or unknown API key" }] },
        });
      }
      const taken = options.rateLimiter.take(organ);
      if (!taken.allowed) {
        reply.header("retry-after", String(taken.retryAfterSeconds));
        throw createIntakeError("INTAKE_RATE_LIMITED", {
          detail: `organ ${organ.id}: ${organ.rateLimit.requestsPerMinute}/min`,
        });
      }
      request.organ = organ;
    });
  };
}
