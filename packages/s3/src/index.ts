export { createS3Client } from "./create-s3-client.js";
export type { S3ConnectionOptions } from "./create-s3-client.js";
export { ensureBucket } from "./ensure-bucket.js";
export type { BucketState } from "./ensure-bucket.js";
export { presignGet } from "./presign-get.js";
export { classifyS3Error } from "./classify-s3-error.js";
export { createS3Error } from "./errors.js";
export {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  DeleteBucketCommand,
} from "@aws-sdk/client-s3";
export { putVerifiedObject, sendWithDeclaredDigest } from "./put-verified-object.js";
export type { VerifiedObject } from "./put-verified-object.js";
export { evidenceObjectKey } from "./evidence-object-key.js";
export { dossierObjectKeys } from "./dossier-object-keys.js";
export { deletePrefix, deleteObject } from "./delete-prefix.js";
