import type { NoticeEvidence } from "@takedown/contracts";
import { evidenceObjectKey, presignGet, type S3Client } from "@takedown/s3";

/** Turns evidence ids into links a platform can fetch without credentials of its own. */
export type EvidenceLinker = (
  evidenceIds: readonly string[],
  now: Date,
) => Promise<NoticeEvidence[]>;

/** Links kept for reuse at most; past it the cache starts over (ids are not worth an LRU). */
const MAX_CACHED_LINKS = 50_000;

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
  const reuseMs = (options.reuseForSeconds ?? 60) * 1000;
  const signed = new Map<string, { link: NoticeEvidence; signedAtMs: number }>();
  const link = async (evidenceId: string, now: Date): Promise<NoticeEvidence> => {
    const cached = signed.get(evidenceId);
    const age = cached === undefined ? Infinity : now.getTime() - cached.signedAtMs;
    if (cached !== undefined && age >= 0 && age < reuseMs) return cached.link;
    const fresh = {
      evidenceId,
      downloadUrl: await presignGet(options.client, {
        bucket: options.bucket,
        key: evidenceObjectKey(evidenceId),
        expiresInSeconds: options.expiresInSeconds,
      }),
      downloadUrlExpiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    };
    if (reuseMs > 0) {
      if (signed.size >= MAX_CACHED_LINKS) signed.clear();
      signed.set(evidenceId, { link: fresh, signedAtMs: now.getTime() });
    }
    return fresh;
  };
  return async (evidenceIds, now) => Promise.all(evidenceIds.map((id) => link(id, now)));
}
