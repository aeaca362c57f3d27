import { createTransparencyLogError } from "./errors.js";
import type { HashReader } from "./hash-reader.js";
import type { AppendedLeaf } from "./incremental-merkle-tree.js";
import { storedHashIndex } from "./stored-hash-index.js";

/**
 * In-memory stored-hash sequence for tests, tools and logs small enough to keep in RAM. Feed it
 * the `storedHashes` of each IncrementalMerkleTree.appendLeafHash, in order.
 */
export class MemoryHashStore implements HashReader {
  readonly #hashes: Uint8Array[] = [];

  get length(): number {
    return this.#hashes.length;
  }

  add(appended: AppendedLeaf): void {
    const expected = storedHashIndex(0, appended.index);
    if (BigInt(this.#hashes.length) !== expected) {
      throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
        detail: `leaf ${appended.index} must be stored at ${expected}, store holds ${this.#hashes.length}`,
      });
    }
    this.#hashes.push(...appended.storedHashes);
  }

  // async so a missing hash rejects the promise instead of throwing synchronously.
  // eslint-disable-next-line @typescript-eslint/require-await
  async readHashes(indexes: readonly bigint[]): Promise<Uint8Array[]> {
    return indexes.map((index) => this.#read(index));
  }

  #read(index: bigint): Uint8Array {
    const hash = index < BigInt(this.#hashes.length) ? this.#hashes[Number(index)] : undefined;
    if (hash === undefined) {
      throw createTransparencyLogError("TLOG_HASH_NOT_FOUND", { detail: `stored hash ${index}` });
    }
    return hash;
  }
}
