import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isTakedownError } from "@takedown/errors";
import type { z } from "zod";
import { createIntakeError, type IntakeError, type IntakeErrorCode } from "./errors.js";
import {
  jsonPointer,
  PROBLEM_TYPE_BASE,
  problemTypes,
  type FieldProblem,
  type ProblemDocument,
} from "./problem-types.js";

const fastifyCodes: Record<string, IntakeErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "INTAKE_BODY_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "INTAKE_UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "INTAKE_INVALID_BODY",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INTAKE_INVALID_BODY",
  FST_ERR_CTP_INVALID_JSON_BODY: "INTAKE_MALFORMED_JSON",
};

/** Errors of other packages that reach the edge unmapped still get the right status. */
function toIntakeError(error: unknown): IntakeError {
  if (isTakedownError(error)) {
    if (error.code in problemTypes) return error as IntakeError;
    if (error.code === "S3_UNREACHABLE" || error.code === "S3_REQUEST_FAILED")
      return createIntakeError("INTAKE_S3_UNAVAILABLE", { cause: error });
    if (error.code.startsWith("KAFKA_"))
      return createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
    return createIntakeError("INTAKE_INTERNAL", { cause: error });
  }
  const fastifyError = error as Partial<FastifyError>;
  const mapped = fastifyError.code === undefined ? undefined : fastifyCodes[fastifyError.code];
  if (mapped !== undefined) return createIntakeError(mapped, { cause: error });
  if (error instanceof SyntaxError)
    return createIntakeError("INTAKE_MALFORMED_JSON", { detail: error.message, cause: error });
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return createIntakeError("INTAKE_INVALID_BODY", { cause: error });
  return createIntakeError("INTAKE_INTERNAL", { cause: error });
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 4; e = e.cause)
    parts.push(e.message);
  return parts.join(" <- ");
}

export function problemOf(error: IntakeError, instance?: string): ProblemDocument {
  const type = problemTypes[error.code];
  const errors = error.details.errors as FieldProblem[] | undefined;
  const problem: ProblemDocument = {
    type: PROBLEM_TYPE_BASE + type.slug,
    title: type.title,
    status: type.status,
    detail: error.message,
    code: error.code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (errors !== undefined && errors.length > 0) {
    problem.field = errors[0]?.field;
    problem.errors = errors;
  }
  return problem;
}

export function sendProblem(reply: FastifyReply, error: IntakeError): FastifyReply {
  const type = problemTypes[error.code];
  if (type.retryAfterSeconds !== undefined && !reply.hasHeader("retry-after"))
    reply.header("retry-after", String(type.retryAfterSeconds));
  return reply
    .code(type.status)
    .type("application/problem+json")
    .send(problemOf(error, reply.request.url.split("?")[0]));
}

/** Installs RFC 9457 answers for every error and unknown route of the app. */
export function installProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const intakeError = toIntakeError(error);
    const status = problemTypes[intakeError.code].status;
    if (intakeError.code === "INTAKE_OVERLOADED") {
      // Counted in intake_requests_shed_total; a line each would flood the log when it matters.
      request.log.debug({ code: intakeError.code }, "shed");
    } else if (status === 503) {
      // An outage of Kafka or S3 is expected operations, not a bug: one line, no stack.
      request.log.warn({ code: intakeError.code, reason: describeCause(error) }, "unavailable");
    } else if (status >= 500) {
      request.log.error({ err: error, code: intakeError.code }, "request failed");
    } else {
      request.log.info({ code: intakeError.code }, "request refused");
    }
    return sendProblem(reply, intakeError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      createIntakeError("INTAKE_NOT_FOUND", { detail: `${request.method} ${request.url}` }),
    ),
  );
}

/** A field error with its JSON pointer (or header name), ready to throw. */
export function fieldError(
  code: IntakeErrorCode,
  errors: FieldProblem[],
  detail?: string,
): IntakeError {
  return createIntakeError(code, {
    detail: detail ?? errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    details: { errors },
  });
}

/** A body the schema refused, each issue as a field error under its JSON pointer. */
export function invalidBodyError(error: z.ZodError): IntakeError {
  const errors: FieldProblem[] = error.issues.map((issue) => ({
    field: jsonPointer(issue.path),
    message:
      issue.code === "unrecognized_keys"
        ? `unknown field(s): ${issue.keys.join(", ")}`
        : issue.message,
  }));
  return fieldError("INTAKE_INVALID_BODY", errors);
}
