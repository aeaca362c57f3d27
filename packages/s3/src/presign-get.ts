import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";

/** A time-limited GET URL a platform can fetch evidence with, without S3 credentials of its own. */
export async function presignGet(
  client: S3Client,
  options: { bucket: string; key: string; expiresInSeconds: number },
): Promise<string> {
  return getSignedUrl(client, new GetObjectCommand({ Bucket: options.bucket, Key: options.key }), {
    expiresIn: options.expiresInSeconds,
  });
}
