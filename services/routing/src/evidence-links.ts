import type { NoticeEvidence } from "@takedown/contracts";
import { evidenceObjectKey, presignGet, type S3Client } from "@takedown/s3";

/** Turns evidence ids into links a platform can fetch without credentials of its own. */
export type EvidenceLinker = (
  evidenceIds: readonly string[],
  now: Date,
) => Promise<NoticeEvidence[]>;

/**
 * Presigned S3 GET URLs that expire after `expiresInSeconds`: a notice leaks no standing access
 * to evidence, and a revised notice carries fresh links. Presigning is local signing, no I/O.
 */
export function presignedEvidenceLinks(options: {
  client: S3Client;
  bucket: string;
  expiresInSeconds: number;
}): EvidenceLinker {
  return async (evidenceIds, now) =>
    Promise.all(
      evidenceIds.map(async (evidenceId) => ({
        evidenceId,
        downloadUrl: await presignGet(options.client, {
          bucket: options.bucket,
          key: evidenceObjectKey(evidenceId),
          expiresInSeconds: options.expiresInSeconds,
        }),
        downloadUrlExpiresAt: new Date(
          now.getTime() + options.expiresInSeconds * 1000,
        ).toISOString(),
      })),
    );
}
