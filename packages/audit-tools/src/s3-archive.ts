import { createHash } from "node:crypto";
import type { S3Client } from "@takedown/s3";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  classifyS3Error,
  putVerifiedObject,
} from "@takedown/s3";
import type { TileSource } from "@takedown/transparency-log";

/** Where the history of signed checkpoints is kept, next to the C2SP `checkpoint`. */
export const CHECKPOINT_PATH = "checkpoint";
export const CHECKPOINT_HISTORY_PREFIX = "checkpoints/";

/**
 * History path of a checkpoint: the size, zero-padded to 20 digits (2^64 has 20), so the
 * listing order is the publication order of an append-only log, and republishing one size after
 * a crash rewrites the same bytes (Ed25519 signatures are deterministic).
 */
export function checkpointHistoryPath(size: bigint): string {
  return `${CHECKPOINT_HISTORY_PREFIX}${size.toString().padStart(20, "0")}`;
}

/**
 * The archive of one log in an S3 bucket, in the C2SP tlog-tiles layout (under an optional
 * prefix), readable by any static host that serves the bucket.
 */
export class S3Archive implements TileSource {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #retainUntil: (() => Date) | undefined;

  constructor(options: {
    client: S3Client;
    bucket: string;
    prefix?: string;
    /** Set where the bucket has Object Lock: how long each object is retained. */
    retainUntil?: () => Date;
  }) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? "";
    this.#retainUntil = options.retainUntil;
  }

  get bucket(): string {
    return this.#bucket;
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    try {
      const answer = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#prefix + path }),
      );
      return answer.Body === undefined ? undefined : await answer.Body.transformToByteArray();
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404) return undefined;
      throw classifyS3Error(error, `get ${this.#prefix + path}`);
    }
  }

  async write(path: string, body: Uint8Array, contentType: string): Promise<void> {
    const retainUntil = this.#retainUntil?.();
    try {
      await putVerifiedObject(this.#client, {
        bucket: this.#bucket,
        key: this.#prefix + path,
        body,
        sha256: createHash("sha256").update(body).digest("hex"),
        contentType,
        ...(retainUntil === undefined ? {} : { retainUntil }),
      });
    } catch (error) {
      throw classifyS3Error(error, `put ${this.#prefix + path}`);
    }
  }

  /** Every path under `prefix` (relative to the archive root), in key order. */
  async list(prefix: string): Promise<string[]> {
    const paths: string[] = [];
    let token: string | undefined;
    do {
      const answer = await this.#client
        .send(
          new ListObjectsV2Command({
            Bucket: this.#bucket,
            Prefix: this.#prefix + prefix,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        )
        .catch((error: unknown) => {
          throw classifyS3Error(error, `list ${this.#prefix + prefix}`);
        });
      for (const object of answer.Contents ?? [])
        if (object.Key !== undefined) paths.push(object.Key.slice(this.#prefix.length));
      token = answer.IsTruncated === true ? answer.NextContinuationToken : undefined;
    } while (token !== undefined);
    return paths.sort();
  }

  /** The signed checkpoints in publication order: the history, then the current `checkpoint`. */
  async checkpoints(): Promise<NamedCheckpoint[]> {
    const history = await this.list(CHECKPOINT_HISTORY_PREFIX);
    const notes: NamedCheckpoint[] = [];
    for (const path of [...history, CHECKPOINT_PATH]) {
      const note = await this.read(path);
      if (note !== undefined) notes.push({ name: path, note });
    }
    return notes;
  }
}

/** A signed checkpoint note and where it came from (an archive path or the auditor's file). */
export interface NamedCheckpoint {
  readonly name: string;
  readonly note: Uint8Array | string;
}
