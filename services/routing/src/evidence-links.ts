import type { NoticeEvidence } from "@takedown/contracts";
import { evidenceObjectKey, presignGet, type S3Client } from "@takedown/s3";
import { RecentLinks } from "./recent-links.js";

/** Turns evidence ids into links a platform can fetch without credentials of its own. */
export type EvidenceLinker = (
  evidenceIds: readonly string[],
  now: Date,
) => Promise<NoticeEvidence[]>;

/**
 * Presigned S3 GET URLs that expire after `expiresInSeconds`: a notice leaks no standing access
 * to evidence, and a revised notice carries fresh links. Presigning is local signing, no I/O;
 * still, the targets of one request share their evidence and every revision links every
 * member's evidence again, so a link signed less than `reuseForSeconds` ago is reused, with the
 * expiry it was signed with: a notice's links then expire at most that much earlier than
 * `expiresInSeconds` after its issue.
 */
export function presignedEvidenceLinks(options: {
  client: S3Client;
  bucket: string;
  expiresInSeconds: number;
  /** Default 60 s; 0 signs every link afresh. */
  reuseForSeconds?: number;
}): EvidenceLinker {
  const recent = new RecentLinks<NoticeEvidence>((options.reuseForSeconds ?? 60) * 1000);
  const link = (evidenceId: string, now: Date): Promise<NoticeEvidence> =>
    recent.get(evidenceId, now, async () => ({
      evidenceId,
      downloadUrl: await presignGet(options.client, {
        bucket: options.bucket,
        key: evidenceObjectKey(evidenceId),
        expiresInSeconds: options.expiresInSeconds,
      }),
      downloadUrlExpiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    }));
  return async (evidenceIds, now) => Promise.all(evidenceIds.map((id) => link(id, now)));
}
