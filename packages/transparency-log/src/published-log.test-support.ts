import { signCheckpoint } from "./checkpoint-note.js";
import { encodeEntryBundle } from "./entry-bundle.js";
import { readHashTileData } from "./hash-tile-data.js";
import { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
import { leafHash } from "./merkle-hash.js";
import { MemoryHashStore } from "./memory-hash-store.js";
import type { NoteSigner } from "./note-signer.js";
import { tilesForGrowth } from "./tile-plan.js";
import { TILE_WIDTH, tilePath } from "./tile-path.js";
import type { TileSource } from "./tile-source.js";

export const ORIGIN = "audit.takedown.test/log";

/** What the audit service will do: append, and at each checkpoint size publish new tiles and a signed checkpoint. */
export async function publishLog(
  entries: readonly Uint8Array[],
  checkpointSizes: readonly number[],
  signer: NoteSigner,
): Promise<{ files: Map<string, Uint8Array>; checkpoints: string[]; store: MemoryHashStore }> {
  const files = new Map<string, Uint8Array>();
  const checkpoints: string[] = [];
  const tree = new IncrementalMerkleTree();
  const store = new MemoryHashStore();
  let published = 0n;
  for (const size of checkpointSizes) {
    while (tree.size < BigInt(size))
      store.add(tree.appendLeafHash(leafHash(entries[Number(tree.size)] as Uint8Array)));
    const { hashTiles, entryBundles } = tilesForGrowth(published, tree.size);
    for (const tile of hashTiles) {
      files.set(tilePath(tile), await readHashTileData(tile, store));
    }
    for (const bundle of entryBundles) {
      const first = Number(bundle.index) * TILE_WIDTH;
      files.set(tilePath(bundle), encodeEntryBundle(entries.slice(first, first + bundle.width)));
    }
    checkpoints.push(
      signCheckpoint(
        { origin: ORIGIN, size: tree.size, rootHash: tree.root(), extensions: [] },
        signer,
      ),
    );
    published = tree.size;
  }
  return { files, checkpoints, store };
}

export function mapSource(files: ReadonlyMap<string, Uint8Array>): TileSource {
  return { read: (path) => Promise.resolve(files.get(path)) };
}
