import type { Logger } from "@takedown/logger";
import {
  NoteVerifier,
  TILE_WIDTH,
  encodeEntryBundle,
  hashesEqual,
  openCheckpoint,
  readHashTileData,
  signCheckpoint,
  tilePath,
  tilesForGrowth,
} from "@takedown/transparency-log";
import type { Checkpoint, NoteSigner } from "@takedown/transparency-log";
import type { LogSnapshot } from "./audit-log-state.js";
import { createAuditError } from "@takedown/audit-tools";
import { CHECKPOINT_PATH, checkpointHistoryPath } from "@takedown/audit-tools";
import type { S3Archive } from "@takedown/audit-tools";

export interface LogArchiverOptions {
  archive: S3Archive;
  signer: NoteSigner;
  origin: string;
  logger: Logger;
  /** Publish a checkpoint once this many entries are unpublished… */
  checkpointEveryEntries: number;
  /** …or this long after the first unpublished entry. */
  checkpointIntervalMs: number;
  /** The committed log now; undefined until the appender has restored it. */
  snapshot: () => LogSnapshot | undefined;
  /** Entries below this index no longer need to be held in memory. */
  onPublished: (size: bigint) => void;
}

const PARALLEL_PUTS = 8;

/**
 * Publishes the committed log to S3 in the C2SP tlog-tiles layout and signs checkpoints over
 * it. Tiles and bundles are written before the checkpoint that covers them, and every object is
 * a pure function of the entries, so re-publishing after a crash writes identical bytes. A
 * checkpoint is only signed for a size whose prefix matches the last archived one: two
 * inconsistent checkpoints can never exist.
 */
export class LogArchiver {
  readonly #options: LogArchiverOptions;
  readonly #log: Logger;
  #published: Checkpoint | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #failure: unknown;

  constructor(options: LogArchiverOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: "log-archiver" });
  }

  /** Size of the last checkpoint in the archive (0 before the first). */
  get publishedSize(): bigint {
    return this.#published?.size ?? 0n;
  }

  /** Set when the archive and the log disagree: nothing more is signed. */
  get failure(): unknown {
    return this.#failure;
  }

  /** Reads the archived checkpoint, so the appender knows which entries to keep. */
  async start(): Promise<void> {
    this.#stopped = false;
    const note = await this.#options.archive.read(CHECKPOINT_PATH);
    if (note !== undefined) {
      const verifier = NoteVerifier.fromVerifierKey(this.#options.signer.verifierKey);
      this.#published = openCheckpoint(note, [verifier], {
        origin: this.#options.origin,
      }).checkpoint;
    }
    this.#timer = setInterval(() => this.requestCheckpoint(), this.#options.checkpointIntervalMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** After each commit: publishes once enough entries are waiting. */
  notifyCommitted(size: bigint): void {
    if (
      this.#published === undefined ||
      size - this.publishedSize >= this.#options.checkpointEveryEntries
    )
      this.requestCheckpoint();
  }

  /** Publishes the log as it stands, unless nothing changed since the last checkpoint. */
  requestCheckpoint(): void {
    if (this.#stopped || this.#failure !== undefined) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.#publishLoop().finally(() => (this.#running = undefined));
  }

  /** Waits for the publication in progress (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
  }

  async #publishLoop(): Promise<void> {
    do {
      this.#again = false;
      const snapshot = this.#options.snapshot();
      if (snapshot === undefined) return;
      if (this.#published !== undefined && snapshot.size === this.#published.size) continue;
      try {
        await this.#publish(snapshot);
      } catch (error) {
        if ((error as { code?: string }).code === "AUDIT_ARCHIVE_AHEAD") {
          this.#failure = error;
          this.#log.fatal({ err: error }, "archive and log disagree; no checkpoint will be signed");
          return;
        }
        // S3 down: the next commit or tick tries again, from the same published size.
        this.#log.warn({ err: error }, "archiving failed; will retry");
        return;
      }
    } while (this.#again && !this.#stopped);
  }

  async #publish(snapshot: LogSnapshot): Promise<void> {
    const from = this.#published?.size ?? 0n;
    await this.#checkPrefix(snapshot);
    const { archive } = this.#options;
    const { hashTiles, entryBundles } = tilesForGrowth(from, snapshot.size);
    const writes: (() => Promise<void>)[] = [
      ...entryBundles.map((bundle) => async () => {
        const first = bundle.index * BigInt(TILE_WIDTH);
        const entries = snapshot.entries(first, first + BigInt(bundle.width));
        await archive.write(
          tilePath(bundle),
          encodeEntryBundle(entries),
          "application/octet-stream",
        );
      }),
      ...hashTiles.map((tile) => async () => {
        const data = await readHashTileData(tile, snapshot.hashes);
        await archive.write(tilePath(tile), data, "application/octet-stream");
      }),
    ];
    await runLimited(writes, PARALLEL_PUTS);
    const checkpoint: Checkpoint = {
      origin: this.#options.origin,
      size: snapshot.size,
      rootHash: snapshot.rootHash,
      extensions: [],
    };
    const note = new TextEncoder().encode(signCheckpoint(checkpoint, this.#options.signer));
    // History first: a crash between the two leaves `checkpoint` at the older, still valid size.
    await archive.write(checkpointHistoryPath(snapshot.size), note, "text/plain; charset=utf-8");
    await archive.write(CHECKPOINT_PATH, note, "text/plain; charset=utf-8");
    this.#published = checkpoint;
    this.#options.onPublished(snapshot.size);
    this.#log.info(
      { size: snapshot.size.toString(), tiles: writes.length },
      "checkpoint published",
    );
  }

  /** The archived checkpoint must describe a prefix of the log we are about to extend. */
  async #checkPrefix(snapshot: LogSnapshot): Promise<void> {
    const published = this.#published;
    if (published === undefined) return;
    const ahead = published.size > snapshot.size;
    if (ahead || !hashesEqual(await snapshot.rootAt(published.size), published.rootHash)) {
      throw createAuditError("AUDIT_ARCHIVE_AHEAD", {
        detail: ahead
          ? `archived checkpoint has ${published.size} entries, the log ${snapshot.size}`
          : `archived checkpoint of size ${published.size} has another root than the log`,
      });
    }
  }
}

async function runLimited(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}
