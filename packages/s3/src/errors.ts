import { defineErrors } from "@takedown/errors";

export const createS3Error = defineErrors({
  S3_UNREACHABLE: { message: "the S3 server cannot be reached", retryable: true },
  S3_ACCESS_DENIED: { message: "the S3 server refused the credentials", retryable: false },
  S3_CHECKSUM_MISMATCH: {
    message: "the stored object does not match its SHA-256",
    retryable: false,
  },
  S3_REQUEST_FAILED: { message: "an S3 request failed", retryable: true },
});
