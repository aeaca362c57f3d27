import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { assertNever, isTakedownError } from "@takedown/errors";
import type { StaffStore } from "@takedown/staff-accounts";
import type { SessionInfo } from "./bff-contract.js";
import { createPortalError } from "./errors.js";
import { sendPortalProblem } from "./problem-handler.js";
import { cookieOf, SESSION_COOKIE, setSessionCookie, type CookiePolicy } from "./session-cookie.js";
import { SessionStore, type Session } from "./session-store.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the session guard on every signed-in route. */
    portalSession: Session;
  }
}

export interface AuthOptions {
  staff: StaffStore;
  sessions: SessionStore;
  throttle: SignInThrottle;
  cookies: CookiePolicy;
  organNames: ReadonlyMap<string, { ja: string; en: string }>;
}

const signInSchema = z.strictObject({
  accountId: z.string().min(1).max(60),
  password: z.string().min(1).max(1000),
  code: z.string().max(10).optional(),
});

const setupSchema = z.strictObject({
  accountId: z.string().min(1).max(60),
  setupSecret: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

function bodyOf<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({
    field: `/${i.path.map(String).join("/")}`,
    message: i.message,
  }));
  throw createPortalError("PORTAL_INVALID_BODY", {
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    details: { errors },
  });
}

/**
 * A call from another site's page: a cross-site form or fetch carries its own Origin (or a
 * Sec-Fetch-Site other than same-origin). Refused before sign-in too (login CSRF).
 */
export function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

export function sessionInfo(session: Session, options: AuthOptions): SessionInfo {
  const { account } = session;
  return {
    account: {
      id: account.id,
      role: account.role,
      organId: account.organId,
      organName: options.organNames.get(account.organId) ?? {
        ja: account.organId,
        en: account.organId,
      },
    },
    csrfToken: session.csrfToken,
    idleSeconds: Math.round(options.sessions.idleMs / 1000),
  };
}

/**
 * Guards every route registered after it in the same scope: a live session (idle time restarted),
 * and for every state-changing method this session's CSRF token and a same-site origin.
 */
export function requireSession(app: FastifyInstance, options: AuthOptions): void {
  app.decorateRequest("portalSession", null as unknown as Session);
  app.addHook("onRequest", (request, _reply, done) => {
    const lookup = options.sessions.touch(cookieOf(request, SESSION_COOKIE));
    switch (lookup.kind) {
      case "none":
        return done(createPortalError("PORTAL_NOT_SIGNED_IN"));
      case "expired":
        return done(createPortalError("PORTAL_SESSION_EXPIRED"));
      case "active":
        break;
      default:
        assertNever(lookup);
    }
    if (
      request.method !== "GET" &&
      request.method !== "HEAD" &&
      (isCrossSite(request) ||
        !SessionStore.csrfMatches(lookup.session, request.headers["x-csrf-token"]))
    )
      return done(
        createPortalError("PORTAL_CSRF_REFUSED", {
          details: {
            errors: [{ field: "X-CSRF-Token", message: "missing or not this session's" }],
          },
        }),
      );
    request.portalSession = lookup.session;
    done();
  });
}

/** Sign-in, set-up, sign-out and the current session. */
export function authRoutes(options: AuthOptions) {
  return (app: FastifyInstance): void => {
    app.addHook("onRequest", (request, _reply, done) => {
      done(
        request.method === "POST" && isCrossSite(request)
          ? createPortalError("PORTAL_CSRF_REFUSED", { detail: "cross-site call" })
          : undefined,
      );
    });

    app.get("/api/session", async (request, reply) => {
      const lookup = options.sessions.touch(cookieOf(request, SESSION_COOKIE));
      if (lookup.kind === "active") return sessionInfo(lookup.session, options);
      return sendPortalProblem(
        reply,
        createPortalError(
          lookup.kind === "expired" ? "PORTAL_SESSION_EXPIRED" : "PORTAL_NOT_SIGNED_IN",
        ),
      );
    });

    app.post("/api/sign-in", async (request, reply) => {
      const wait = options.throttle.take(request.ip);
      if (wait > 0)
        return sendPortalProblem(reply, createPortalError("PORTAL_THROTTLED"), {
          retryAfterSeconds: wait,
        });
      const body = bodyOf(signInSchema, request.body);
      const result = await options.staff.signIn({
        accountId: body.accountId.trim(),
        password: body.password,
        ...(body.code === undefined ? {} : { code: body.code }),
      });
      switch (result.kind) {
        case "signed_in": {
          const session = options.sessions.create(result.account);
          setSessionCookie(reply, session.id, options.cookies);
          request.log.info(
            { actor: result.account.id, organ: result.account.organId },
            "signed in",
          );
          return sessionInfo(session, options);
        }
        case "refused":
          throw createPortalError("PORTAL_SIGN_IN_REFUSED");
        case "code_needed":
          return sendPortalProblem(reply, createPortalError("PORTAL_CODE_NEEDED"), {
            field: "/code",
          });
        case "locked":
          options.sessions.endAllOf(body.accountId.trim());
          request.log.warn(
            { actor: body.accountId.trim() },
            "account locked after failed sign-ins",
          );
          return sendPortalProblem(reply, createPortalError("PORTAL_ACCOUNT_LOCKED"), {
            retryAfterSeconds: Math.max(1, Math.ceil((result.until.getTime() - Date.now()) / 1000)),
          });
        case "totp_enrolment_needed":
          throw createPortalError("PORTAL_TOTP_ENROLMENT_NEEDED");
        default:
          return assertNever(result);
      }
    });

    app.post("/api/setup", async (request, reply) => {
      const wait = options.throttle.take(request.ip);
      if (wait > 0)
        return sendPortalProblem(reply, createPortalError("PORTAL_THROTTLED"), {
          retryAfterSeconds: wait,
        });
      const body = bodyOf(setupSchema, request.body);
      let done: boolean;
      try {
        done = await options.staff.completeSetup({ ...body, accountId: body.accountId.trim() });
      } catch (error) {
        if (isTakedownError(error) && error.code === "STAFF_WEAK_PASSWORD")
          return sendPortalProblem(
            reply,
            createPortalError("PORTAL_WEAK_PASSWORD", { detail: error.message }),
            { field: "/password" },
          );
        throw error;
      }
      if (!done) throw createPortalError("PORTAL_SETUP_REFUSED");
      return reply.code(204).send();
    });

    app.post("/api/sign-out", async (request, reply) => {
      const id = cookieOf(request, SESSION_COOKIE);
      if (id !== undefined) options.sessions.end(id);
      setSessionCookie(reply, "", options.cookies, true);
      return reply.code(204).send();
    });
  };
}
