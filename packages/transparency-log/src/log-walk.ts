import { isTakedownError } from "@takedown/errors";
import type { Checkpoint } from "./checkpoint.js";
import { decodeEntryBundle } from "./entry-bundle.js";
import { hashBytesEqual } from "./entry-verification.js";
import { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
import type { LogProblem, LogVerificationProgress } from "./log-problem.js";
import { HASH_SIZE, hashesEqual, leafHash } from "./merkle-hash.js";
import { consistencyProof } from "./merkle-proofs.js";
import { verifyConsistency } from "./proof-verification.js";
import { TileHashReader, readHashTile } from "./tile-hash-reader.js";
import { TILE_HEIGHT, TILE_WIDTH, tilePath } from "./tile-path.js";
import type { HashTile } from "./tile-path.js";
import type { TileSource } from "./tile-source.js";

interface HeldProblem {
  readonly problem: LogProblem;
  /** Leaves [0, coversUntil) decide whether this is really the tile's fault. */
  readonly coversUntil: bigint;
}

const WIDTH = BigInt(TILE_WIDTH);

/** One pass over the entries in order, checking tiles and checkpoints as their sizes are reached. */
export class LogWalk {
  readonly #tree = new IncrementalMerkleTree();
  readonly #finalSize: bigint;
  /** Hashes at tree level 8·L of the tile being filled, per tile level L ≥ 1. */
  readonly #tileBuffers: Uint8Array[][] = [];
  #nextCheckpoint = 0;
  #firstLeafMismatch: bigint | undefined;
  #heldTileProblem: HeldProblem | undefined;

  constructor(
    private readonly source: TileSource,
    private readonly checkpoints: readonly Checkpoint[],
    private readonly onProgress: ((progress: LogVerificationProgress) => void) | undefined,
  ) {
    this.#finalSize = (checkpoints.at(-1) as Checkpoint).size;
  }

  async run(): Promise<LogProblem | undefined> {
    let problem = await this.#checkpointsAtCurrentSize();
    for (let bundle = 0n; problem === undefined && bundle * WIDTH < this.#finalSize; bundle++) {
      problem = await this.#verifyBundle(bundle);
      this.onProgress?.({ verifiedEntries: this.#tree.size, totalEntries: this.#finalSize });
    }
    return problem;
  }

  async #verifyBundle(bundle: bigint): Promise<LogProblem | undefined> {
    const start = bundle * WIDTH;
    const remaining = this.#finalSize - start;
    const width = remaining < WIDTH ? Number(remaining) : TILE_WIDTH;
    const tile: HashTile = { kind: "hashes", level: 0, index: bundle, width };
    const leafTile = await this.#readTile(tile, start + BigInt(width));
    const read = await this.#readEntries(bundle, width);
    if ("problem" in read) return read.problem;
    const entries = read.entries;
    if (entries.length < width) {
      // A deleted entry shifts the rest up; the first entry that no longer matches its tile hash shows where.
      const missing =
        leafTile === undefined
          ? start + BigInt(entries.length)
          : this.#firstDivergence(entries, leafTile, start);
      return {
        code: "ENTRY_MISSING",
        message: `entry ${missing} is missing from ${read.path}`,
        index: missing,
        path: read.path,
      };
    }
    for (const [position, entry] of entries.entries()) {
      const index = start + BigInt(position);
      const hash = leafHash(entry);
      if (leafTile !== undefined && !hashBytesEqual(hash, leafTile, position * HASH_SIZE)) {
        this.#firstLeafMismatch ??= index;
        this.#holdTileProblem(
          tile,
          `hash ${position} of ${tilePath(tile)} does not match entry ${index}`,
          index + 1n,
        );
      }
      const { storedHashes } = this.#tree.appendLeafHash(hash);
      // Awaiting only when there is work keeps the per-entry loop free of microtask hops.
      if (storedHashes.length > TILE_HEIGHT) await this.#collectTileHashes(storedHashes);
      if (this.checkpoints[this.#nextCheckpoint]?.size === this.#tree.size) {
        const problem = await this.#checkpointsAtCurrentSize();
        if (problem !== undefined) return problem;
      }
    }
    return undefined;
  }

  async #readEntries(
    bundle: bigint,
    width: number,
  ): Promise<{ entries: Uint8Array[]; path: string } | { problem: LogProblem }> {
    const path = tilePath({ kind: "entries", index: bundle, width });
    let data = await this.source.read(path);
    let exact = true;
    if (data === undefined && width < TILE_WIDTH) {
      data = await this.source.read(
        tilePath({ kind: "entries", index: bundle, width: TILE_WIDTH }),
      );
      exact = false;
    }
    const start = bundle * WIDTH;
    if (data === undefined)
      return {
        problem: { code: "ENTRY_MISSING", message: `${path} is missing`, index: start, path },
      };
    try {
      const entries = decodeEntryBundle(data);
      if (exact && entries.length > width) {
        return {
          problem: {
            code: "ENTRY_BUNDLE_MALFORMED",
            message: `${path} holds ${entries.length} entries`,
            index: start,
            path,
          },
        };
      }
      return { entries: entries.slice(0, width), path };
    } catch (error) {
      if (!isTakedownError(error)) throw error;
      const position = BigInt((error.details["position"] as number | undefined) ?? 0);
      return {
        problem: {
          code: "ENTRY_BUNDLE_MALFORMED",
          message: `${path}: ${error.message}`,
          index: start + position,
          path,
        },
      };
    }
  }

  #firstDivergence(entries: readonly Uint8Array[], leafTile: Uint8Array, start: bigint): bigint {
    const position = entries.findIndex(
      (entry, p) => !hashBytesEqual(leafHash(entry), leafTile, p * HASH_SIZE),
    );
    return start + BigInt(position < 0 ? entries.length : position);
  }

  /** Files the level-8L hashes a new leaf completed and checks each hash tile that became full. */
  async #collectTileHashes(storedHashes: readonly Uint8Array[]): Promise<void> {
    for (let level = 1; level * TILE_HEIGHT < storedHashes.length; level++) {
      const buffer = (this.#tileBuffers[level] ??= []);
      buffer.push(storedHashes[level * TILE_HEIGHT] as Uint8Array);
      if (buffer.length === TILE_WIDTH) {
        await this.#compareTile(level, buffer, false);
        buffer.length = 0;
      }
    }
  }

  async #compareTile(
    level: number,
    hashes: readonly Uint8Array[],
    optional: boolean,
  ): Promise<void> {
    const levelCount = this.#tree.size >> BigInt(level * TILE_HEIGHT);
    const tile: HashTile = {
      kind: "hashes",
      level,
      index: (levelCount - 1n) / WIDTH,
      width: hashes.length,
    };
    const data = optional
      ? await this.#readOptionalTile(tile)
      : await this.#readTile(tile, this.#tree.size);
    if (data === undefined) return;
    const position = hashes.findIndex((hash, k) => !hashBytesEqual(hash, data, k * HASH_SIZE));
    if (position >= 0) {
      this.#holdTileProblem(
        tile,
        `hash ${position} of ${tilePath(tile)} does not match the entries`,
        this.#tree.size,
      );
    }
  }

  async #checkpointsAtCurrentSize(): Promise<LogProblem | undefined> {
    for (let next = this.checkpoints[this.#nextCheckpoint]; next?.size === this.#tree.size;) {
      const problem = await this.#verifyCheckpoint(this.#nextCheckpoint, next);
      if (problem !== undefined) return problem;
      next = this.checkpoints[++this.#nextCheckpoint];
    }
    return undefined;
  }

  async #verifyCheckpoint(
    position: number,
    checkpoint: Checkpoint,
  ): Promise<LogProblem | undefined> {
    const where = { position, size: checkpoint.size };
    if (!hashesEqual(this.#tree.root(), checkpoint.rootHash)) {
      const index = this.#firstLeafMismatch;
      if (index !== undefined && index < checkpoint.size) {
        return {
          code: "ENTRY_HASH_MISMATCH",
          message: `entry ${index} does not hash to the signed tree`,
          index,
          checkpoint: where,
        };
      }
      return {
        code: "ROOT_MISMATCH",
        message: `entries do not reproduce the root of checkpoint ${position} (size ${checkpoint.size})`,
        checkpoint: where,
      };
    }
    // Partial tiles of an intermediate size may have been replaced by full ones; only the last must exist.
    const last = position === this.checkpoints.length - 1;
    for (const [level, buffer] of this.#tileBuffers.entries()) {
      if (buffer !== undefined && buffer.length > 0) await this.#compareTile(level, buffer, !last);
    }
    const held = this.#heldTileProblem;
    if (held !== undefined && held.coversUntil <= checkpoint.size) return held.problem;
    return this.#verifyConsistencyWithPrevious(position, checkpoint);
  }

  async #verifyConsistencyWithPrevious(
    position: number,
    checkpoint: Checkpoint,
  ): Promise<LogProblem | undefined> {
    const previous = this.checkpoints[position - 1];
    if (previous === undefined) return undefined;
    const where = { position, size: checkpoint.size };
    try {
      const reader = new TileHashReader({ treeSize: checkpoint.size, source: this.source });
      const proof = await consistencyProof(previous.size, checkpoint.size, reader);
      if (
        verifyConsistency(
          previous.size,
          checkpoint.size,
          previous.rootHash,
          checkpoint.rootHash,
          proof,
        )
      )
        return undefined;
    } catch (error) {
      if (!isTakedownError(error)) throw error;
      const path = error.details["path"] as string | undefined;
      const code = error.code === "TLOG_TILE_MALFORMED" ? "TILE_MALFORMED" : "TILE_MISSING";
      return {
        code,
        message: `consistency proof for checkpoint ${position}: ${error.message}`,
        checkpoint: where,
        ...(path === undefined ? {} : { path }),
      };
    }
    return {
      code: "CONSISTENCY_MISMATCH",
      message: `checkpoint ${position - 1} (size ${previous.size}) is not a prefix of checkpoint ${position} (size ${checkpoint.size})`,
      checkpoint: where,
    };
  }

  /** A required tile; a missing or malformed one is held like a mismatch. */
  async #readTile(tile: HashTile, coversUntil: bigint): Promise<Uint8Array | undefined> {
    try {
      return await readHashTile(this.source, tile);
    } catch (error) {
      if (!isTakedownError(error)) throw error;
      const code = error.code === "TLOG_TILE_MALFORMED" ? "TILE_MALFORMED" : "TILE_MISSING";
      this.#holdProblem({ code, message: error.message, path: tilePath(tile) }, coversUntil);
      return undefined;
    }
  }

  async #readOptionalTile(tile: HashTile): Promise<Uint8Array | undefined> {
    const data = await this.source.read(tilePath(tile));
    return data?.length === tile.width * HASH_SIZE ? data : undefined;
  }

  #holdTileProblem(tile: HashTile, message: string, coversUntil: bigint): void {
    this.#holdProblem({ code: "TILE_HASH_MISMATCH", message, path: tilePath(tile) }, coversUntil);
  }

  #holdProblem(problem: LogProblem, coversUntil: bigint): void {
    this.#heldTileProblem ??= { problem, coversUntil };
  }
}
