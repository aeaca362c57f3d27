import type { IntakeErrorCode } from "./errors.js";

export interface ProblemType {
  status: number;
  /** Stable slug appended to the problem type base URI. */
  slug: string;
  title: string;
  /** Seconds a client should wait before retrying, sent as Retry-After. */
  retryAfterSeconds?: number;
}

export const PROBLEM_TYPE_BASE = "https://takedown.example.jp/problems/";

/**
 * The one registry from error code to RFC 9457 problem type: routes throw coded errors and
 * never pick a status themselves, so the same failure always looks the same to organs.
 */
export const problemTypes: Record<IntakeErrorCode, ProblemType> = {
  INTAKE_UNAUTHENTICATED: { status: 401, slug: "unauthenticated", title: "Unauthenticated" },
  INTAKE_NOT_FOUND: { status: 404, slug: "not-found", title: "Not found" },
  INTAKE_INVALID_BODY: { status: 400, slug: "invalid-body", title: "Invalid request body" },
  INTAKE_MALFORMED_JSON: { status: 400, slug: "malformed-json", title: "Malformed JSON" },
  INTAKE_JSON_TOO_DEEP: { status: 400, slug: "json-too-deep", title: "JSON nested too deeply" },
  INTAKE_BODY_TOO_LARGE: { status: 413, slug: "body-too-large", title: "Body too large" },
  INTAKE_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    slug: "unsupported-media-type",
    title: "Unsupported media type",
  },
  INTAKE_MEDIA_TYPE_MISMATCH: {
    status: 415,
    slug: "media-type-mismatch",
    title: "Declared media type does not match the contents",
  },
  INTAKE_URL_REFUSED: { status: 422, slug: "url-refused", title: "Target URL refused" },
  INTAKE_EVIDENCE_UNKNOWN: { status: 422, slug: "evidence-unknown", title: "Unknown evidence" },
  INTAKE_IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    slug: "idempotency-key-invalid",
    title: "Invalid Idempotency-Key",
  },
  INTAKE_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    slug: "idempotency-key-reused",
    title: "Idempotency-Key reused with another body",
  },
  INTAKE_ALREADY_WITHDRAWN: { status: 409, slug: "already-withdrawn", title: "Already withdrawn" },
  INTAKE_RATE_LIMITED: { status: 429, slug: "rate-limited", title: "Too many requests" },
  INTAKE_KAFKA_UNAVAILABLE: {
    status: 503,
    slug: "event-log-unavailable",
    title: "Event log unavailable",
    retryAfterSeconds: 5,
  },
  INTAKE_S3_UNAVAILABLE: {
    status: 503,
    slug: "evidence-store-unavailable",
    title: "Evidence store unavailable",
    retryAfterSeconds: 5,
  },
  INTAKE_NOT_READY: {
    status: 503,
    slug: "not-ready",
    title: "Service starting",
    retryAfterSeconds: 2,
  },
  INTAKE_OVERLOADED: {
    status: 503,
    slug: "overloaded",
    title: "Too many requests in flight",
    retryAfterSeconds: 1,
  },
  INTAKE_DEADLINE_EXCEEDED: {
    status: 503,
    slug: "deadline-exceeded",
    title: "Not completed in time",
    retryAfterSeconds: 5,
  },
  INTAKE_INTERNAL: { status: 500, slug: "internal", title: "Internal error" },
};

/** One offending field: a JSON pointer into the body, or a header name. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: IntakeErrorCode;
  instance?: string;
  /** The first offending field, for clients that show one message. */
  field?: string;
  errors?: FieldProblem[];
}

/** zod issue path → RFC 6901 JSON pointer ("/targets/0/url"). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path
    .map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}
