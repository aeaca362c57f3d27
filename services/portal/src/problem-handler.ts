import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { isTakedownError } from "@takedown/errors";
import { createPortalError, portalErrors, type PortalError } from "./errors.js";
import type { IntakeProblem } from "./intake-contract.js";

const PROBLEM_BASE = "https://takedown.example.jp/problems/portal/";

function toPortalError(error: unknown): PortalError {
  if (isTakedownError(error) && error.code in portalErrors) return error as PortalError;
  const status = (error as Partial<FastifyError>).statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return createPortalError("PORTAL_INVALID_BODY", {
      detail: (error as Error).message,
      cause: error,
    });
  return createPortalError("PORTAL_INTERNAL", { cause: error });
}

export function sendPortalProblem(
  reply: FastifyReply,
  error: PortalError,
  extra: { field?: string; retryAfterSeconds?: number } = {},
): FastifyReply {
  const { status, message } = portalErrors[error.code];
  if (extra.retryAfterSeconds !== undefined)
    reply.header("retry-after", String(extra.retryAfterSeconds));
  else if (status === 503) reply.header("retry-after", "5");
  return reply
    .code(status)
    .type("application/problem+json")
    .send({
      type:
        PROBLEM_BASE +
        error.code
          .toLowerCase()
          .replace(/^portal_/, "")
          .replaceAll("_", "-"),
      title: message,
      status,
      detail: error.message,
      code: error.code,
      ...(extra.field === undefined ? {} : { field: extra.field }),
      ...(error.details.errors === undefined ? {} : { errors: error.details.errors }),
    });
}

/** Intake's refusal goes to the SPA as intake wrote it: its code and fields name the problem. */
export function relayIntakeProblem(
  reply: FastifyReply,
  result: { status: number; problem: IntakeProblem; retryAfter?: string },
): FastifyReply {
  if (result.retryAfter !== undefined) reply.header("retry-after", result.retryAfter);
  return reply
    .code(result.status)
    .type("application/problem+json")
    .send({
      ...result.problem,
      status: result.status,
      code: result.problem.code ?? `HTTP_${result.status}`,
    });
}

/** RFC 9457 answers for every error and unknown API route of the portal. */
export function installProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const portalError = toPortalError(error);
    const status = portalErrors[portalError.code].status;
    if (status === 503 || status === 502)
      request.log.warn(
        { code: portalError.code, reason: (error as Error).message },
        "intake unavailable",
      );
    else if (status >= 500)
      request.log.error({ err: error, code: portalError.code }, "request failed");
    else request.log.info({ code: portalError.code }, "request refused");
    return sendPortalProblem(reply, portalError);
  });
}
