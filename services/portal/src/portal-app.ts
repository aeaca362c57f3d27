import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "@takedown/logger";
import { installSecurityHeaders, type TlsCredentials } from "@takedown/operational-http";
import type { StaffStore } from "@takedown/staff-accounts";
import { AuditClient } from "./audit-client.js";
import { auditorRoutes, publicAuditRoutes } from "./audit-routes.js";
import { authRoutes, requireSession, type AuthOptions } from "./auth-routes.js";
import { bffRoutes } from "./bff-routes.js";
import { EvidenceLedger } from "./evidence-ledger.js";
import { IntakeClient } from "./intake-client.js";
import { installProblemHandling } from "./problem-handler.js";
import { SessionStore } from "./session-store.js";
import { SignInThrottle } from "./sign-in-throttle.js";
import { SPA_CONTENT_SECURITY_POLICY, staticWeb } from "./static-web.js";

export interface PortalDeps {
  logger: Logger;
  staff: StaffStore;
  intakeUrl: string;
  intakeTimeoutMs?: number;
  /** organ id → plain intake key (from the portal's key file). */
  intakeKeyOf: (organId: string) => Promise<string | undefined>;
  organNames: ReadonlyMap<string, { ja: string; en: string }>;
  /** The built SPA (dist/web). */
  webDir: string;
  port: number;
  host: string;
  sessionIdleMs?: number;
  sessionMaxMs?: number;
  secureCookies?: "auto" | "always";
  trustProxy?: boolean;
  signInsPerMinute?: number;
  now?: () => number;
  /** The audit API for auditor accounts and the public /transparency page (issue 15). */
  audit?: {
    url: string;
    timeoutMs?: number;
    /** The portal's own plain auditor key, read per call. */
    auditorKey: () => Promise<string | undefined>;
    /** The log's verifier key the browser pins. */
    verifierKey: () => Promise<string | undefined>;
  };
  /** Serve HTTPS with this certificate (PORTAL_TLS_CERT_FILE / _KEY_FILE); else plain HTTP. */
  tls?: TlsCredentials;
}

export interface PortalApp {
  app: FastifyInstance;
  /** The address it listens on once started (port 0 in tests picks a free one). */
  url(): string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The portal: SPA, sign-in and the BFF over intake. main.ts wires real deps, tests their own. */
export function buildApp(deps: PortalDeps): PortalApp {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    ...(deps.tls === undefined ? {} : { https: { cert: deps.tls.cert, key: deps.tls.key } }),
  });
  installSecurityHeaders(app, {
    contentSecurityPolicy: SPA_CONTENT_SECURITY_POLICY,
    // The session, the organ's requests and their personal data: never kept by a cache.
    noStore: (path) => path.startsWith("/api/"),
  });
  const sessions = new SessionStore({
    idleMs: deps.sessionIdleMs ?? 30 * 60_000,
    maxMs: deps.sessionMaxMs ?? 12 * 3_600_000,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    // `takedown credentials revoke|rotate staff` ends sessions from the CLI's own process.
    inForce: (session) => deps.staff.sessionInForce(session.account.id, session.createdAt),
  });
  const auth: AuthOptions = {
    staff: deps.staff,
    sessions,
    throttle: new SignInThrottle({
      perMinute: deps.signInsPerMinute ?? 10,
      ...(deps.now === undefined ? {} : { now: deps.now }),
    }),
    cookies: { secure: deps.secureCookies ?? "auto" },
    organNames: deps.organNames,
  };
  installProblemHandling(app);
  app.get("/healthz", (_request, reply) => reply.send({ status: "ok" }));
  void app.register(authRoutes(auth));
  void app.register((guarded, _options, done) => {
    requireSession(guarded, auth);
    bffRoutes({
      intake: new IntakeClient({
        baseUrl: deps.intakeUrl,
        timeoutMs: deps.intakeTimeoutMs ?? 15_000,
      }),
      intakeKeyOf: deps.intakeKeyOf,
      evidence: new EvidenceLedger(),
    })(guarded);
    done();
  });
  if (deps.audit !== undefined) {
    const audit = {
      audit: new AuditClient({
        baseUrl: deps.audit.url,
        timeoutMs: deps.audit.timeoutMs ?? 15_000,
        auditorKey: deps.audit.auditorKey,
      }),
      verifierKey: deps.audit.verifierKey,
    };
    void app.register(publicAuditRoutes(audit));
    void app.register((guarded, _options, done) => {
      requireSession(guarded, auth);
      auditorRoutes(audit)(guarded);
      done();
    });
  }
  let started = false;

  return {
    app,
    url: () => {
      const address = app.server.address();
      if (address === null || typeof address === "string") throw new Error("portal not listening");
      return `${deps.tls === undefined ? "http" : "https"}://${deps.host}:${address.port}`;
    },
    start: async () => {
      await staticWeb(app, deps.webDir);
      sessions.start();
      await app.listen({ port: deps.port, host: deps.host });
      started = true;
    },
    stop: async () => {
      if (started) await app.close();
      sessions.stop();
      started = false;
    },
  };
}
