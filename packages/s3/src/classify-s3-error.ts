import type { TakedownError } from "@takedown/errors";
import { createS3Error } from "./errors.js";

const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
]);

/** Maps SDK and socket failures to this package's codes so callers can answer 503 or 500. */
export function classifyS3Error(error: unknown, what: string): TakedownError {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  if (
    (e.code !== undefined && unreachableCodes.has(e.code)) ||
    e.name === "TimeoutError" ||
    e.name === "RequestTimeout" ||
    (status === undefined && e.name !== "InvalidAccessKeyId" && e.name !== "SignatureDoesNotMatch")
  ) {
    return createS3Error("S3_UNREACHABLE", { detail: what, cause: error });
  }
  if (status === 403 || e.name === "SignatureDoesNotMatch" || e.name === "InvalidAccessKeyId") {
    return createS3Error("S3_ACCESS_DENIED", { detail: what, cause: error });
  }
  return createS3Error("S3_REQUEST_FAILED", {
    detail: `${what}: ${e.name ?? "error"} (${status ?? "?"})`,
    cause: error,
  });
}
