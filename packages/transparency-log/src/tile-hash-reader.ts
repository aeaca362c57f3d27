import { createTransparencyLogError } from "./errors.js";
import type { HashReader } from "./hash-reader.js";
import { HASH_SIZE, nodeHash } from "./merkle-hash.js";
import { splitStoredHashIndex } from "./stored-hash-index.js";
import { hashTileAt } from "./tile-plan.js";
import { TILE_HEIGHT, TILE_WIDTH, tilePath } from "./tile-path.js";
import type { HashTile } from "./tile-path.js";
import type { TileSource } from "./tile-source.js";

/**
 * HashReader over published hash tiles of the tree at `treeSize`, so proofs can be served from
 * S3 alone. Any hash between tile levels is recomputed from the tile below it. Tiles are not
 * authenticated against a checkpoint here: a proof built from a bad tile fails verification.
 */
export class TileHashReader implements HashReader {
  readonly #treeSize: bigint;
  readonly #source: TileSource;

  constructor(options: { treeSize: bigint; source: TileSource }) {
    this.#treeSize = options.treeSize;
    this.#source = options.source;
  }

  async readHashes(indexes: readonly bigint[]): Promise<Uint8Array[]> {
    const tiles = new Map<string, Promise<Uint8Array>>();
    const located = indexes.map((index) => this.#locate(index));
    for (const { tile } of located) {
      const path = tilePath(tile);
      if (!tiles.has(path)) tiles.set(path, readHashTile(this.#source, tile));
    }
    return Promise.all(
      located.map(async ({ tile, offset, count }) => {
        const data = await (tiles.get(tilePath(tile)) as Promise<Uint8Array>);
        return subtreeHash(data, offset, count);
      }),
    );
  }

  /** The tile holding the subtree of stored hash `index`, and which of its hashes that subtree spans. */
  #locate(index: bigint): { tile: HashTile; offset: number; count: number } {
    const { level, n } = splitStoredHashIndex(index);
    if ((n + 1n) << BigInt(level) > this.#treeSize) {
      throw createTransparencyLogError("TLOG_HASH_NOT_FOUND", {
        detail: `stored hash ${index} is not in the tree of size ${this.#treeSize}`,
      });
    }
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const levelInTile = BigInt(level - tileLevel * TILE_HEIGHT);
    const firstHash = n << levelInTile;
    const tile = hashTileAt(tileLevel, firstHash, this.#treeSize);
    return {
      tile,
      offset: Number(firstHash - tile.index * BigInt(TILE_WIDTH)),
      count: 1 << Number(levelInTile),
    };
  }
}

/**
 * Reads a hash tile, falling back to the full tile when its partial version is gone (C2SP lets
 * logs replace partial tiles once full); only the first `width` hashes are used then.
 */
export async function readHashTile(source: TileSource, tile: HashTile): Promise<Uint8Array> {
  const path = tilePath(tile);
  let data = await source.read(path);
  if (data === undefined && tile.width < TILE_WIDTH) {
    data = (await source.read(tilePath({ ...tile, width: TILE_WIDTH })))?.subarray(
      0,
      tile.width * HASH_SIZE,
    );
  }
  if (data === undefined)
    throw createTransparencyLogError("TLOG_TILE_MISSING", { detail: path, details: { path } });
  if (data.length !== tile.width * HASH_SIZE) {
    throw createTransparencyLogError("TLOG_TILE_MALFORMED", {
      detail: `${path}: ${data.length} bytes, expected ${tile.width * HASH_SIZE}`,
      details: { path },
    });
  }
  return data;
}

/** Root of the perfect subtree over `count` (a power of two) consecutive tile hashes. */
function subtreeHash(data: Uint8Array, offset: number, count: number): Uint8Array {
  if (count === 1) return data.subarray(offset * HASH_SIZE, (offset + 1) * HASH_SIZE);
  const half = count / 2;
  return nodeHash(subtreeHash(data, offset, half), subtreeHash(data, offset + half, half));
}
