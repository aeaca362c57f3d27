import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { StaffRole } from "@takedown/staff-accounts";
import { createPortalError } from "./errors.js";
import type { EvidenceLedger } from "./evidence-ledger.js";
import type { IntakeCaller, IntakeClient, IntakeResult } from "./intake-client.js";
import { requestListQuerySchema } from "./intake-contract.js";
import { relayIntakeProblem } from "./problem-handler.js";

export interface BffOptions {
  intake: IntakeClient;
  /** organ id → plain intake key; read when a call needs it, so a refilled file is seen. */
  intakeKeyOf: (organId: string) => Promise<string | undefined>;
  evidence: EvidenceLedger;
}

const REQUEST_ID = /^req_[0-9A-Za-z]{10,40}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const previewSchema = z.strictObject({ urls: z.array(z.string().max(4096)).min(1).max(100) });
const knownSchema = z.strictObject({
  ids: z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/)).max(100),
});

function parsed<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({
    field: `/${i.path.map(String).join("/")}`,
    message: i.message,
  }));
  throw createPortalError("PORTAL_INVALID_BODY", {
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    details: { errors },
  });
}

function requestIdOf(request: FastifyRequest<{ Params: { requestId: string } }>): string {
  const { requestId } = request.params;
  if (!REQUEST_ID.test(requestId))
    throw createPortalError("PORTAL_NOT_FOUND", { detail: requestId });
  return requestId;
}

/** The organ-scoped Idempotency-Key the SPA made for this form: intake keeps the first answer. */
function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const value = request.headers["idempotency-key"];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !IDEMPOTENCY_KEY.test(value))
    throw createPortalError("PORTAL_INVALID_BODY", {
      details: {
        errors: [{ field: "Idempotency-Key", message: "1–200 visible ASCII characters" }],
      },
    });
  return `portal:${value}`;
}

function send<T>(reply: FastifyReply, result: IntakeResult<T>): FastifyReply {
  if (!result.ok) return relayIntakeProblem(reply, result);
  return reply.code(result.status).send(result.body);
}

/** Roles allowed on the organ-staff routes; issue 15's auditors get routes of their own. */
const STAFF_ROLES: readonly StaffRole[] = ["staff"];

/**
 * The BFF's intake routes, inside the session guard: each call goes to intake with the signed-in
 * account's organ key (never sent to the browser) and its staff id as Takedown-Actor, so intake
 * scopes it to that organ and events name the account that acted.
 */
export function bffRoutes(options: BffOptions) {
  const callerOf = async (request: FastifyRequest): Promise<IntakeCaller> => {
    const { account } = request.portalSession;
    if (!STAFF_ROLES.includes(account.role)) throw createPortalError("PORTAL_FORBIDDEN");
    const apiKey = await options.intakeKeyOf(account.organId);
    if (apiKey === undefined)
      throw createPortalError("PORTAL_NO_INTAKE_KEY", {
        detail: `${account.organId}: run takedown up (it fills the portal's intake key file)`,
      });
    return { apiKey, actor: account.id };
  };

  return (app: FastifyInstance): void => {
    app.post("/api/preview", async (request, reply) => {
      const body = parsed(previewSchema, request.body);
      return send(reply, await options.intake.preview(await callerOf(request), body.urls));
    });

    app.get("/api/requests", async (request, reply) => {
      const query = parsed(requestListQuerySchema, request.query);
      return send(reply, await options.intake.listRequests(await callerOf(request), query));
    });

    app.post("/api/requests", async (request, reply) => {
      const caller = await callerOf(request);
      const result = await options.intake.submit(caller, request.body, idempotencyKeyOf(request));
      if (result.ok)
        request.log.info({ requestId: result.body.requestId, actor: caller.actor }, "submitted");
      return send(reply, result);
    });

    app.get<{ Params: { requestId: string } }>(
      "/api/requests/:requestId",
      async (request, reply) => {
        const requestId = requestIdOf(request);
        return send(reply, await options.intake.request(await callerOf(request), requestId));
      },
    );

    app.get<{ Params: { requestId: string } }>(
      "/api/requests/:requestId/history",
      async (request, reply) => {
        const requestId = requestIdOf(request);
        return send(reply, await options.intake.history(await callerOf(request), requestId));
      },
    );

    app.post<{ Params: { requestId: string } }>(
      "/api/requests/:requestId/withdraw",
      async (request, reply) => {
        const requestId = requestIdOf(request);
        const caller = await callerOf(request);
        const result = await options.intake.withdraw(caller, requestId, idempotencyKeyOf(request));
        if (result.ok) request.log.info({ requestId, actor: caller.actor }, "withdrawn");
        return send(reply, result);
      },
    );

    app.post<{ Params: { requestId: string } }>(
      "/api/requests/:requestId/answers",
      async (request, reply) => {
        const requestId = requestIdOf(request);
        const caller = await callerOf(request);
        const result = await options.intake.answer(
          caller,
          requestId,
          request.body,
          idempotencyKeyOf(request),
        );
        if (result.ok) request.log.info({ requestId, actor: caller.actor }, "answered");
        return send(reply, result);
      },
    );

    app.post("/api/evidence/known", (request, reply) => {
      const { ids } = parsed(knownSchema, request.body);
      const { organId } = request.portalSession.account;
      return reply.send({ known: ids.filter((id) => options.evidence.has(organId, id)) });
    });

    // The file streams through to intake; the portal neither buffers nor reads it.
    void app.register((raw, _options, done) => {
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser("*", (_request, payload, next) => next(null, payload));
      raw.post("/api/evidence", async (request, reply) => {
        const caller = await callerOf(request);
        const contentLength = request.headers["content-length"];
        const result = await options.intake.uploadEvidence(caller, {
          body: (request.body as Readable | undefined) ?? request.raw,
          contentType: request.headers["content-type"] ?? "application/octet-stream",
          ...(contentLength === undefined ? {} : { contentLength }),
        });
        if (result.ok)
          options.evidence.add(request.portalSession.account.organId, result.body.evidenceId);
        return send(reply, result);
      });
      done();
    });
  };
}
