import type { FastifyReply, FastifyRequest } from "fastify";

export const SESSION_COOKIE = "portal_session";

/** The value of one cookie of the request's Cookie header. */
export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

export interface CookiePolicy {
  secure: "auto" | "always";
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/, and
 * Secure whenever the portal is reached over TLS; a session-only cookie, as the server decides
 * how long a session lives.
 */
export function setSessionCookie(
  reply: FastifyReply,
  value: string,
  policy: CookiePolicy,
  clear = false,
): void {
  const secure = policy.secure === "always" || reply.request.protocol === "https";
  const parts = [
    `${SESSION_COOKIE}=${clear ? "" : encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
  ];
  if (secure) parts.push("Secure");
  if (clear) parts.push("Max-Age=0");
  reply.header("set-cookie", parts.join("; "));
}
