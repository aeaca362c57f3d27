import {
  classifyS3Error,
  evidenceObjectKey,
  HeadObjectCommand,
  putVerifiedObject,
  type S3Client,
} from "@takedown/s3";
import { createIntakeError } from "./errors.js";

export interface StoredEvidence {
  evidenceId: string;
  size: number;
  mediaType: string;
}

export interface EvidenceStoreOptions {
  s3: S3Client;
  bucket: string;
}

const KNOWN_CACHE_LIMIT = 100_000;
/** Evidence can be erased (issue 13): a remembered id is checked again after this long. */
const KNOWN_TTL_MS = 10_000;

function objectKey(sha256: string): string {
  return evidenceObjectKey(`sha256:${sha256}`);
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.$metadata?.httpStatusCode === 404;
}

/**
 * Evidence files in S3, one object per SHA-256. Never under Object Lock: evidence is personal
 * data (a screenshot shows names) and the status service's eraser deletes it once no live
 * request names it (issue 13); the audit log binds its SHA-256, which is what keeps it honest.
 * An id seen stored is remembered for a short while only, since it may be erased since.
 */
export class EvidenceStore {
  private readonly known = new Map<string, { stored: StoredEvidence; at: number }>();
  private readonly inFlight = new Map<string, Promise<StoredEvidence & { created: boolean }>>();

  constructor(private readonly options: EvidenceStoreOptions) {}

  /** The stored evidence with this id (`sha256:<hex>`), or undefined when it is not stored. */
  async find(evidenceId: string): Promise<StoredEvidence | undefined> {
    const cached = this.known.get(evidenceId);
    if (cached !== undefined && performance.now() - cached.at < KNOWN_TTL_MS) return cached.stored;
    const sha256 = evidenceId.slice("sha256:".length);
    try {
      const head = await this.options.s3.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey(sha256) }),
      );
      const stored = {
        evidenceId,
        size: head.ContentLength ?? 0,
        mediaType: head.ContentType ?? "application/octet-stream",
      };
      this.remember(stored);
      return stored;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw createIntakeError("INTAKE_S3_UNAVAILABLE", {
        cause: classifyS3Error(error, `head evidence ${evidenceId}`),
      });
    }
  }

  /** True when the S3 server answers (a missing probe object is an answer). */
  async reachable(): Promise<boolean> {
    try {
      await this.options.s3.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: "readyz-probe" }),
      );
      return true;
    } catch (error) {
      return isNotFound(error);
    }
  }

  /** Stores the body under its digest unless it is already there; concurrent twins share one put. */
  store(input: {
    body: Buffer;
    sha256: string;
    mediaType: string;
  }): Promise<StoredEvidence & { created: boolean }> {
    const evidenceId = `sha256:${input.sha256}`;
    const running = this.inFlight.get(evidenceId);
    if (running !== undefined) return running.then((stored) => ({ ...stored, created: false }));
    const work = this.storeOnce(evidenceId, input).finally(() => this.inFlight.delete(evidenceId));
    this.inFlight.set(evidenceId, work);
    return work;
  }

  private async storeOnce(
    evidenceId: string,
    input: { body: Buffer; sha256: string; mediaType: string },
  ): Promise<StoredEvidence & { created: boolean }> {
    const existing = await this.find(evidenceId);
    if (existing !== undefined) return { ...existing, created: false };
    try {
      await putVerifiedObject(this.options.s3, {
        bucket: this.options.bucket,
        key: objectKey(input.sha256),
        body: input.body,
        sha256: input.sha256,
        contentType: input.mediaType,
      });
    } catch (error) {
      throw createIntakeError("INTAKE_S3_UNAVAILABLE", {
        cause: classifyS3Error(error, `put evidence ${evidenceId}`),
      });
    }
    const stored = { evidenceId, size: input.body.byteLength, mediaType: input.mediaType };
    this.remember(stored);
    return { ...stored, created: true };
  }

  private remember(stored: StoredEvidence): void {
    if (this.known.size >= KNOWN_CACHE_LIMIT) this.known.clear();
    this.known.set(stored.evidenceId, { stored, at: performance.now() });
  }
}
