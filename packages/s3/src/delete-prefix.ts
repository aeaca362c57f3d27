import { DeleteObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { classifyS3Error } from "./classify-s3-error.js";

/**
 * Deletes every object under `prefix`; idempotent (an empty prefix deletes nothing). Returns how
 * many objects were deleted. `first` (a key under the prefix) is deleted before the others. Throws the classified S3 error of the first failure: the caller
 * tries again, and what was deleted stays deleted.
 */
export async function deletePrefix(
  s3: S3Client,
  bucket: string,
  prefix: string,
  options: { first?: string } = {},
): Promise<number> {
  let deleted = 0;
  try {
    for (;;) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      const keys = (listed.Contents ?? []).flatMap((o) => (o.Key === undefined ? [] : [o.Key]));
      if (keys.length === 0) return deleted;
      const remove = (Key: string) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
      if (options.first !== undefined && keys.includes(options.first)) await remove(options.first);
      // One DELETE per object: multi-object delete needs a Content-MD5 local servers differ on.
      await Promise.all(keys.filter((key) => key !== options.first).map(remove));
      deleted += keys.length;
    }
  } catch (error) {
    throw classifyS3Error(error, `delete ${prefix}*`);
  }
}

/** Deletes one object; deleting an absent key succeeds (S3 answers 204 either way). */
export async function deleteObject(s3: S3Client, bucket: string, key: string): Promise<void> {
  try {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    throw classifyS3Error(error, `delete ${key}`);
  }
}
