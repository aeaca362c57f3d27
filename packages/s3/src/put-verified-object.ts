import { createHash } from "node:crypto";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

export interface VerifiedObject {
  bucket: string;
  key: string;
  body: Uint8Array;
  /** Lowercase hex SHA-256 the caller expects the body to have. */
  sha256: string;
  contentType?: string;
  metadata?: Record<string, string>;
  /** Retention until this time where the bucket has Object Lock (COMPLIANCE mode). */
  retainUntil?: Date;
}

/**
 * Stores an object only if its bytes hash to the declared SHA-256. The digest is put in the
 * SigV4-signed `x-amz-content-sha256` header, which every S3 server that checks signatures must
 * verify against the body (S3Proxy does; it refuses the newer `x-amz-checksum-sha256`). The
 * digest is also checked here before sending and kept as metadata for later reads.
 */
export async function putVerifiedObject(client: S3Client, object: VerifiedObject): Promise<void> {
  const actual = createHash("sha256").update(object.body).digest("hex");
  if (actual !== object.sha256) {
    throw new Error(`body hashes to ${actual}, not the declared ${object.sha256}`);
  }
  await sendWithDeclaredDigest(client, object, object.sha256);
}

/** Exposed for tests that must show the server itself refuses a body that does not match. */
export async function sendWithDeclaredDigest(
  client: S3Client,
  object: Omit<VerifiedObject, "sha256">,
  declaredSha256: string,
): Promise<void> {
  const command = new PutObjectCommand({
    Bucket: object.bucket,
    Key: object.key,
    Body: object.body,
    ContentType: object.contentType,
    ContentLength: object.body.byteLength,
    Metadata: { ...object.metadata, sha256: declaredSha256 },
    ...(object.retainUntil && {
      ObjectLockMode: "COMPLIANCE",
      ObjectLockRetainUntilDate: object.retainUntil,
    }),
  });
  command.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers["x-amz-content-sha256"] = declaredSha256;
      return next(args);
    },
    { step: "build", name: "declareContentSha256", priority: "low" },
  );
  await client.send(command);
}
