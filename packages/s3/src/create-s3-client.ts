import { S3Client } from "@aws-sdk/client-s3";

export interface S3ConnectionOptions {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Per-request time limit; a dead server must become a 503, not a hung request. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
}

/**
 * The one place the S3 client is configured. Checksums are only sent when an operation needs
 * them: since 3.729 the SDK adds CRC32 with aws-chunked encoding to every PutObject, which local
 * servers reject (PITFALLS.md); callers set SHA-256 themselves where integrity matters.
 */
export function createS3Client(options: S3ConnectionOptions): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: {
      connectionTimeout: 2000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
    },
  });
}
