import { createTransparencyLogError, storedHashIndex } from "@takedown/transparency-log";
import type { AppendedLeaf, HashReader } from "@takedown/transparency-log";

const HASH_SIZE = 32;
const HASHES_PER_CHUNK = 32_768;

/**
 * Every stored hash of the tree (about two per entry) packed into 1 MiB chunks: 64 bytes per
 * entry instead of two small Uint8Array objects, so the appender can serve tiles and proofs for
 * millions of entries from memory.
 */
export class CompactHashStore implements HashReader {
  readonly #chunks: Buffer[] = [];
  #count = 0;

  /** Number of stored hashes held. */
  get count(): number {
    return this.#count;
  }

  add(appended: AppendedLeaf): void {
    const expected = storedHashIndex(0, appended.index);
    if (BigInt(this.#count) !== expected) {
      throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
        detail: `leaf ${appended.index} must be stored at ${expected}, store holds ${this.#count}`,
      });
    }
    for (const hash of appended.storedHashes) this.#push(hash);
  }

  /** Drops everything from stored hash `count` on, e.g. hashes staged for an aborted batch. */
  truncate(count: number): void {
    if (count < this.#count) this.#count = count;
  }

  // async so a missing hash rejects the promise instead of throwing synchronously.
  // eslint-disable-next-line @typescript-eslint/require-await
  async readHashes(indexes: readonly bigint[]): Promise<Uint8Array[]> {
    return indexes.map((index) => this.read(index));
  }

  read(index: bigint): Uint8Array {
    if (index < 0n || index >= BigInt(this.#count)) {
      throw createTransparencyLogError("TLOG_HASH_NOT_FOUND", { detail: `stored hash ${index}` });
    }
    const n = Number(index);
    const chunk = this.#chunks[Math.floor(n / HASHES_PER_CHUNK)] as Buffer;
    const offset = (n % HASHES_PER_CHUNK) * HASH_SIZE;
    return chunk.subarray(offset, offset + HASH_SIZE);
  }

  #push(hash: Uint8Array): void {
    const chunkIndex = Math.floor(this.#count / HASHES_PER_CHUNK);
    const chunk = (this.#chunks[chunkIndex] ??= Buffer.allocUnsafe(HASHES_PER_CHUNK * HASH_SIZE));
    chunk.set(hash, (this.#count % HASHES_PER_CHUNK) * HASH_SIZE);
    this.#count++;
  }
}
