import type { FastifyInstance } from "fastify";

/** For JSON APIs: a response rendered as a page by mistake may load, run and frame nothing. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** A year, as browsers' preload lists ask; only ever sent over TLS (RFC 6797 §7.2). */
const HSTS = "max-age=31536000";

export interface SecurityHeadersOptions {
  contentSecurityPolicy: string;
  /**
   * Paths whose answers carry someone's data behind a credential: `Cache-Control: no-store`, so
   * neither a shared cache nor the browser's disk keeps them.
   */
  noStore: (path: string) => boolean;
}

/**
 * The usual security headers on every answer of the app, error and 404 answers included:
 * onSend runs for whatever handler produced the reply. Call it on the root instance before
 * registering routes, so every encapsulated plugin inherits the hook.
 */
export function installSecurityHeaders(
  app: FastifyInstance,
  options: SecurityHeadersOptions,
): void {
  app.addHook("onSend", async (request, reply) => {
    reply.header("content-security-policy", options.contentSecurityPolicy);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    // request.protocol is https on a TLS socket, or per X-Forwarded-Proto where the app trusts
    // its proxy; over plain HTTP the header would be ignored and only mislead (RFC 6797 §8.1).
    if (request.protocol === "https") reply.header("strict-transport-security", HSTS);
    const path = request.url.split("?")[0] ?? "/";
    if (options.noStore(path)) reply.header("cache-control", "no-store");
  });
}
