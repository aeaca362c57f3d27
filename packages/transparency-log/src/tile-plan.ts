import { createTransparencyLogError } from "./errors.js";
import { TILE_HEIGHT, TILE_WIDTH } from "./tile-path.js";
import type { EntryBundleTile, HashTile } from "./tile-path.js";

const HEIGHT = BigInt(TILE_HEIGHT);
const WIDTH = BigInt(TILE_WIDTH);

/**
 * Tiles to (re)publish when the log grows from `oldSize` to `newSize`: every tile that became
 * full, plus the rightmost partial tile of each level at `newSize`. Partial tiles of earlier
 * sizes are not repeated; they stay valid for older checkpoints.
 */
export function tilesForGrowth(
  oldSize: bigint,
  newSize: bigint,
): { hashTiles: HashTile[]; entryBundles: EntryBundleTile[] } {
  if (oldSize < 0n || oldSize > newSize) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `sizes ${oldSize} → ${newSize}`,
    });
  }
  const hashTiles: HashTile[] = [];
  for (let level = 0; newSize >> (HEIGHT * BigInt(level)) > 0n; level++) {
    const shift = HEIGHT * BigInt(level);
    for (const { index, width } of tileRanges(oldSize >> shift, newSize >> shift)) {
      hashTiles.push({ kind: "hashes", level, index, width });
    }
  }
  const entryBundles = tileRanges(oldSize, newSize).map(({ index, width }) => ({
    kind: "entries" as const,
    index,
    width,
  }));
  return { hashTiles, entryBundles };
}

/** Tiles over `newCount` items at one level that changed since `oldCount`. */
function tileRanges(oldCount: bigint, newCount: bigint): { index: bigint; width: number }[] {
  if (newCount === oldCount) return [];
  const ranges: { index: bigint; width: number }[] = [];
  for (let index = oldCount / WIDTH; index < newCount / WIDTH; index++)
    ranges.push({ index, width: TILE_WIDTH });
  const partialWidth = Number(newCount % WIDTH);
  if (partialWidth > 0) ranges.push({ index: newCount / WIDTH, width: partialWidth });
  return ranges;
}

/** The tile of `level` holding hash number `n` at tree level 8·level, as published at `treeSize`. */
export function hashTileAt(level: number, n: bigint, treeSize: bigint): HashTile {
  const count = treeSize >> (HEIGHT * BigInt(level));
  const index = n / WIDTH;
  const width = count >= (index + 1n) * WIDTH ? TILE_WIDTH : Number(count - index * WIDTH);
  if (n >= count) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `hash ${n} of level ${level} not in tree of ${treeSize}`,
    });
  }
  return { kind: "hashes", level, index, width };
}
