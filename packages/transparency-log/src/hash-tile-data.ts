import type { HashReader } from "./hash-reader.js";
import { HASH_SIZE } from "./merkle-hash.js";
import { storedHashIndex } from "./stored-hash-index.js";
import { TILE_HEIGHT, TILE_WIDTH } from "./tile-path.js";
import type { HashTile } from "./tile-path.js";

/** Bytes of a hash tile (width × 32), read from the stored hashes of the tree. */
export async function readHashTileData(tile: HashTile, reader: HashReader): Promise<Uint8Array> {
  const treeLevel = tile.level * TILE_HEIGHT;
  const first = tile.index * BigInt(TILE_WIDTH);
  const indexes = Array.from({ length: tile.width }, (_, k) =>
    storedHashIndex(treeLevel, first + BigInt(k)),
  );
  const hashes = await reader.readHashes(indexes);
  const data = new Uint8Array(tile.width * HASH_SIZE);
  hashes.forEach((hash, k) => data.set(hash, k * HASH_SIZE));
  return data;
}
