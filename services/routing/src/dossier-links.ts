import type { NoticeDetailsLink, TargetSubmission } from "@takedown/contracts";
import { dossierObjectKeys, presignGet, type S3Client } from "@takedown/s3";
import { RecentLinks } from "./recent-links.js";

/** Links a notice member to its part of the request's dossier; undefined when it has none. */
export type DetailsLinker = (
  member: TargetSubmission,
  now: Date,
) => Promise<NoticeDetailsLink | undefined>;

/**
 * A presigned S3 GET of the member's dossier part (description, legal-basis text, note, victim),
 * so personal data reaches the platform without passing through a topic or the audit log. Like
 * evidence links it expires, and once the request is erased it answers 404. Routing never
 * reads the dossier itself: signing is local. Targets without a note of their own share the
 * request's part, so like evidence links a link signed less than `reuseForSeconds` ago is reused,
 * with its own expiry.
 */
export function presignedDetailsLinks(options: {
  client: S3Client;
  bucket: string;
  expiresInSeconds: number;
  /** Default 60 s; 0 signs every link afresh. */
  reuseForSeconds?: number;
}): DetailsLinker {
  const recent = new RecentLinks<NoticeDetailsLink>((options.reuseForSeconds ?? 60) * 1000);
  return async (member, now) => {
    if (member.dossier === undefined) return undefined;
    const key = dossierObjectKeys.partOf(member.dossier, member.targetId);
    return recent.get(key, now, async () => ({
      downloadUrl: await presignGet(options.client, {
        bucket: options.bucket,
        key,
        expiresInSeconds: options.expiresInSeconds,
      }),
      downloadUrlExpiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    }));
  };
}
