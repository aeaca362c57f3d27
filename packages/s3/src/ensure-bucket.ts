import {
  CreateBucketCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { classifyS3Error } from "./classify-s3-error.js";

export interface BucketState {
  bucket: string;
  created: boolean;
  /** Whether the server keeps Object Lock for this bucket; S3Proxy does not, MinIO does. */
  objectLock: boolean;
}

/** Creates the bucket when missing (asking for Object Lock, which only creation can enable). */
export async function ensureBucket(
  client: S3Client,
  bucket: string,
  options: { objectLock?: boolean } = {},
): Promise<BucketState> {
  let created = false;
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!isNotFound(error)) throw classifyS3Error(error, `head bucket ${bucket}`);
    try {
      created = await createBucket(client, bucket, options.objectLock ?? false);
    } catch (createError) {
      if (!isAlreadyOwned(createError))
        throw classifyS3Error(createError, `create bucket ${bucket}`);
    }
  }
  return { bucket, created, objectLock: await hasObjectLock(client, bucket) };
}

async function createBucket(
  client: S3Client,
  bucket: string,
  objectLock: boolean,
): Promise<boolean> {
  if (objectLock) {
    try {
      await client.send(
        new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }),
      );
      return true;
    } catch (error) {
      // S3Proxy refuses the Object Lock header outright (501); the bucket is then made without.
      if (statusOf(error) !== 501) throw error;
    }
  }
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return true;
}

async function hasObjectLock(client: S3Client, bucket: string): Promise<boolean> {
  try {
    const answer = await client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
    return answer.ObjectLockConfiguration?.ObjectLockEnabled === "Enabled";
  } catch {
    // Servers without Object Lock answer NotImplemented or an error of their own.
    return false;
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404 || (error as { name?: string }).name === "NotFound";
}

function isAlreadyOwned(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  return name === "BucketAlreadyOwnedByYou" || name === "BucketAlreadyExists";
}
