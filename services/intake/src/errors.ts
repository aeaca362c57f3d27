import { defineErrors, type ErrorDefinition } from "@takedown/errors";
import type { ProblemType } from "./problem-types.js";

/**
 * Every failure intake answers with, and the RFC 9457 problem type organs see for it: routes
 * throw coded errors and never pick a status themselves, so the same failure always looks the
 * same to organs. problem-types.ts reads its code → problem view from this table.
 */
export const intakeErrors = {
  INTAKE_UNAUTHENTICATED: {
    message: "a valid organ API key is required",
    retryable: false,
    problem: { status: 401, slug: "unauthenticated", title: "Unauthenticated" },
  },
  INTAKE_NOT_FOUND: {
    message: "no such resource",
    retryable: false,
    problem: { status: 404, slug: "not-found", title: "Not found" },
  },
  INTAKE_INVALID_BODY: {
    message: "the request body is invalid",
    retryable: false,
    problem: { status: 400, slug: "invalid-body", title: "Invalid request body" },
  },
  INTAKE_MALFORMED_JSON: {
    message: "the body is not valid JSON",
    retryable: false,
    problem: { status: 400, slug: "malformed-json", title: "Malformed JSON" },
  },
  INTAKE_JSON_TOO_DEEP: {
    message: "the JSON body is nested too deeply",
    retryable: false,
    problem: { status: 400, slug: "json-too-deep", title: "JSON nested too deeply" },
  },
  INTAKE_BODY_TOO_LARGE: {
    message: "the body is larger than allowed",
    retryable: false,
    problem: { status: 413, slug: "body-too-large", title: "Body too large" },
  },
  INTAKE_UNSUPPORTED_MEDIA_TYPE: {
    message: "unsupported media type",
    retryable: false,
    problem: { status: 415, slug: "unsupported-media-type", title: "Unsupported media type" },
  },
  INTAKE_MEDIA_TYPE_MISMATCH: {
    message: "the declared media type does not match the file's contents",
    retryable: false,
    problem: {
      status: 415,
      slug: "media-type-mismatch",
      title: "Declared media type does not match the contents",
    },
  },
  INTAKE_URL_REFUSED: {
    message: "a target URL cannot be accepted",
    retryable: false,
    problem: { status: 422, slug: "url-refused", title: "Target URL refused" },
  },
  INTAKE_EVIDENCE_UNKNOWN: {
    message: "evidence is not stored",
    retryable: false,
    problem: { status: 422, slug: "evidence-unknown", title: "Unknown evidence" },
  },
  INTAKE_IDEMPOTENCY_KEY_INVALID: {
    message: "invalid Idempotency-Key",
    retryable: false,
    problem: { status: 400, slug: "idempotency-key-invalid", title: "Invalid Idempotency-Key" },
  },
  INTAKE_ACTOR_INVALID: {
    message: "invalid Takedown-Actor header",
    retryable: false,
    problem: { status: 400, slug: "actor-invalid", title: "Invalid Takedown-Actor header" },
  },
  INTAKE_IDEMPOTENCY_KEY_REUSED: {
    message: "the Idempotency-Key was already used with another request",
    retryable: false,
    problem: {
      status: 422,
      slug: "idempotency-key-reused",
      title: "Idempotency-Key reused with another body",
    },
  },
  INTAKE_ALREADY_WITHDRAWN: {
    message: "the request is already withdrawn",
    retryable: false,
    problem: { status: 409, slug: "already-withdrawn", title: "Already withdrawn" },
  },
  INTAKE_INVALID_QUERY: {
    message: "the query is invalid",
    retryable: false,
    problem: { status: 400, slug: "invalid-query", title: "Invalid query" },
  },
  INTAKE_NOT_AWAITING_ANSWER: {
    message: "the target's case is not waiting for an answer from the organ",
    retryable: false,
    problem: { status: 409, slug: "not-awaiting-answer", title: "No question to answer" },
  },
  INTAKE_RATE_LIMITED: {
    message: "too many requests for this organ",
    retryable: true,
    problem: { status: 429, slug: "rate-limited", title: "Too many requests" },
  },
  INTAKE_KAFKA_UNAVAILABLE: {
    message: "the event log is unavailable",
    retryable: true,
    problem: {
      status: 503,
      slug: "event-log-unavailable",
      title: "Event log unavailable",
      retryAfterSeconds: 5,
    },
  },
  INTAKE_COMMIT_UNCERTAIN: {
    message:
      "the event log did not confirm the commit: the request may have been published; a retry with the same Idempotency-Key gets the first answer if it was",
    retryable: true,
    problem: {
      status: 503,
      slug: "event-log-unavailable",
      title: "Event log unavailable",
      retryAfterSeconds: 2,
    },
  },
  INTAKE_S3_UNAVAILABLE: {
    message: "the evidence store is unavailable",
    retryable: true,
    problem: {
      status: 503,
      slug: "evidence-store-unavailable",
      title: "Evidence store unavailable",
      retryAfterSeconds: 5,
    },
  },
  INTAKE_STATUS_UNAVAILABLE: {
    message: "request status is unavailable",
    retryable: true,
    problem: {
      status: 503,
      slug: "status-unavailable",
      title: "Request status unavailable",
      retryAfterSeconds: 2,
    },
  },
  INTAKE_NOT_READY: {
    message: "the service is still starting",
    retryable: true,
    problem: { status: 503, slug: "not-ready", title: "Service starting", retryAfterSeconds: 2 },
  },
  INTAKE_OVERLOADED: {
    message: "too many requests in flight; nothing was done, retry later",
    retryable: true,
    problem: {
      status: 503,
      slug: "overloaded",
      title: "Too many requests in flight",
      retryAfterSeconds: 1,
    },
  },
  INTAKE_DEADLINE_EXCEEDED: {
    message: "the request was not completed in time",
    retryable: true,
    problem: {
      status: 503,
      slug: "deadline-exceeded",
      title: "Not completed in time",
      retryAfterSeconds: 5,
    },
  },
  INTAKE_INTERNAL: {
    message: "internal error",
    retryable: true,
    problem: { status: 500, slug: "internal", title: "Internal error" },
  },
} satisfies Record<string, ErrorDefinition & { problem: ProblemType }>;

export const createIntakeError = defineErrors(intakeErrors);

export type IntakeError = ReturnType<typeof createIntakeError>;
export type IntakeErrorCode = IntakeError["code"];
