import { defineErrors } from "@takedown/errors";

/** Every failure intake answers with; problem-types.ts maps each code to its HTTP problem. */
export const createIntakeError = defineErrors({
  INTAKE_UNAUTHENTICATED: { message: "a valid organ API key is required", retryable: false },
  INTAKE_NOT_FOUND: { message: "no such resource", retryable: false },
  INTAKE_INVALID_BODY: { message: "the request body is invalid", retryable: false },
  INTAKE_MALFORMED_JSON: { message: "the body is not valid JSON", retryable: false },
  INTAKE_JSON_TOO_DEEP: { message: "the JSON body is nested too deeply", retryable: false },
  INTAKE_BODY_TOO_LARGE: { message: "the body is larger than allowed", retryable: false },
  INTAKE_UNSUPPORTED_MEDIA_TYPE: { message: "unsupported media type", retryable: false },
  INTAKE_MEDIA_TYPE_MISMATCH: {
    message: "the declared media type does not match the file's contents",
    retryable: false,
  },
  INTAKE_URL_REFUSED: { message: "a target URL cannot be accepted", retryable: false },
  INTAKE_EVIDENCE_UNKNOWN: { message: "evidence is not stored", retryable: false },
  INTAKE_IDEMPOTENCY_KEY_INVALID: { message: "invalid Idempotency-Key", retryable: false },
  INTAKE_IDEMPOTENCY_KEY_REUSED: {
    message: "the Idempotency-Key was already used with another request",
    retryable: false,
  },
  INTAKE_ALREADY_WITHDRAWN: { message: "the request is already withdrawn", retryable: false },
  INTAKE_RATE_LIMITED: { message: "too many requests for this organ", retryable: true },
  INTAKE_KAFKA_UNAVAILABLE: { message: "the event log is unavailable", retryable: true },
  INTAKE_S3_UNAVAILABLE: { message: "the evidence store is unavailable", retryable: true },
  INTAKE_NOT_READY: { message: "the service is still starting", retryable: true },
  INTAKE_OVERLOADED: {
    message: "too many requests in flight; nothing was done, retry later",
    retryable: true,
  },
  INTAKE_DEADLINE_EXCEEDED: {
    message: "the request was not completed in time",
    retryable: true,
  },
  INTAKE_INTERNAL: { message: "internal error", retryable: true },
});

export type IntakeError = ReturnType<typeof createIntakeError>;
export type IntakeErrorCode = IntakeError["code"];
