import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AuditLogInfo } from "./bff-contract.js";
import type { AuditAnswer, AuditClient } from "./audit-client.js";
import { createPortalError } from "./errors.js";

export interface AuditRoutesOptions {
  audit: AuditClient;
  /**
   * The log's verifier key as the portal is configured with it (PORTAL_AUDIT_VERIFIER_KEY or the
   * audit service's verifier.key): the browser checks signatures against this pinned key, never
   * against a key the audit API states.
   */
  verifierKey: () => Promise<string | undefined>;
}

const DECIMAL = z.string().regex(/^(0|[1-9][0-9]{0,19})$/);
const ID = z.string().regex(/^[\x21-\x7e]{1,200}$/);
const DATE = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?$/);
const MONTH = z.string().regex(/^[0-9]{4}-[0-9]{2}$/);

const lookupQuery = z.strictObject({
  eventId: ID.optional(),
  caseId: ID.optional(),
  index: DECIMAL.optional(),
  size: DECIMAL.optional(),
});
const consistencyQuery = z.strictObject({ from: DECIMAL, to: DECIMAL.optional() });
const reportQuery = z.strictObject({
  from: DATE,
  to: DATE,
  format: z.enum(["json", "csv"]).optional(),
});
const transparencyQuery = z.strictObject({ from: MONTH.optional(), to: MONTH.optional() });

/** Only the fields the audit API knows go on: a query names its bad field in the problem. */
function queryOf<S extends z.ZodType>(schema: S, request: FastifyRequest): URLSearchParams {
  const parsed = schema.safeParse(request.query);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      field: i.path.map(String).join(".") || "query",
      message: i.message,
    }));
    throw createPortalError("PORTAL_INVALID_BODY", {
      detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      details: { errors },
    });
  }
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(parsed.data as Record<string, unknown>))
    if (typeof value === "string") params.set(name, value);
  return params;
}

function relay(reply: FastifyReply, answer: AuditAnswer): FastifyReply {
  if (answer.treeSize !== undefined) reply.header("x-audit-tree-size", answer.treeSize);
  return reply
    .code(answer.status)
    .header("cache-control", "no-store")
    .type(answer.contentType)
    .send(answer.body);
}

async function logInfo(options: AuditRoutesOptions): Promise<AuditLogInfo> {
  const verifierKey = await options.verifierKey();
  if (verifierKey === undefined)
    throw createPortalError("PORTAL_AUDIT_UNAVAILABLE", {
      detail: "the portal has no verifier key for the audit log yet",
    });
  return { verifierKey, checkpointUrl: "/api/public/checkpoint" };
}

/**
 * Auditor routes (`/api/audit/…`, GET only, auditor accounts only): the audit API's look-ups,
 * proofs and report with the portal's auditor key. Register behind the session guard.
 */
export function auditorRoutes(options: AuditRoutesOptions) {
  return (app: FastifyInstance): void => {
    app.addHook("preHandler", (request, _reply, done) => {
      done(
        request.portalSession.account.role === "auditor"
          ? undefined
          : createPortalError("PORTAL_FORBIDDEN", { detail: "auditor accounts only" }),
      );
    });
    const { audit } = options;
    app.get("/api/audit/log", async () => logInfo(options));
    app.get("/api/audit/checkpoint", async (_request, reply) =>
      relay(reply, await audit.asAuditor("/v1/checkpoint", new URLSearchParams())),
    );
    app.get("/api/audit/lookup", async (request, reply) =>
      relay(reply, await audit.asAuditor("/v1/lookup", queryOf(lookupQuery, request))),
    );
    app.get("/api/audit/consistency", async (request, reply) =>
      relay(
        reply,
        await audit.asAuditor("/v1/proofs/consistency", queryOf(consistencyQuery, request)),
      ),
    );
    app.get("/api/audit/report", async (request, reply) => {
      const query = queryOf(reportQuery, request);
      const answer = await audit.asAuditor("/v1/report", query);
      if (answer.status === 200) {
        const extension = query.get("format") === "csv" ? "csv" : "json";
        reply.header(
          "content-disposition",
          `attachment; filename="transparency-report-${query.get("from")?.slice(0, 10)}-${query.get("to")?.slice(0, 10)}.${extension}"`,
        );
      }
      return relay(reply, answer);
    });
  };
}

/** Public routes (no sign-in): the aggregate report and what anyone needs to verify the log. */
export function publicAuditRoutes(options: AuditRoutesOptions) {
  return (app: FastifyInstance, _options: unknown, done: (error?: Error) => void): void => {
    const { audit } = options;
    app.get("/api/public/log", async () => logInfo(options));
    app.get("/api/public/checkpoint", async (_request, reply) =>
      relay(reply, await audit.asPublic("/v1/public/checkpoint", new URLSearchParams())),
    );
    app.get("/api/public/transparency", async (request, reply) =>
      relay(
        reply,
        await audit.asPublic("/v1/public/transparency", queryOf(transparencyQuery, request)),
      ),
    );
    done();
  };
}
