import {
  IncrementalMerkleTree,
  TILE_WIDTH,
  leafHash,
  storedHashIndex,
  treeHash,
} from "@takedown/transparency-log";
import { CompactHashStore } from "./compact-hash-store.js";
import { createAuditError } from "@takedown/audit-tools";

const WIDTH = BigInt(TILE_WIDTH);

/** A consistent view of the committed log, safe to read while appends continue. */
export interface LogSnapshot {
  readonly size: bigint;
  readonly rootHash: Uint8Array;
  readonly hashes: CompactHashStore;
  /** Entry bytes from `firstKeptIndex` up to `size`. */
  entries(from: bigint, to: bigint): Uint8Array[];
  rootAt(size: bigint): Promise<Uint8Array>;
}

/**
 * The committed audit log as this instance knows it: the Merkle tree, every stored hash (for
 * tiles and proofs) and the entry bytes not yet in a full archived bundle. Only entries whose
 * Kafka transaction committed are applied, so the tree never runs ahead of the log topic.
 */
export class AuditLogState {
  readonly #tree = new IncrementalMerkleTree();
  readonly #hashes = new CompactHashStore();
  readonly #entries: Uint8Array[] = [];
  #firstKeptIndex: bigint;

  /** Entries before `keepEntriesFrom` are hashed but not kept (they are archived already). */
  constructor(keepEntriesFrom = 0n) {
    this.#firstKeptIndex = keepEntriesFrom;
  }

  get size(): bigint {
    return this.#tree.size;
  }

  get firstKeptIndex(): bigint {
    return this.#firstKeptIndex;
  }

  /** Applies committed entries; `firstIndex` must be the current size. */
  apply(firstIndex: bigint, entries: readonly Uint8Array[]): void {
    if (firstIndex !== this.#tree.size) {
      throw createAuditError("AUDIT_LOG_DIVERGED", {
        detail: `entry ${firstIndex} applied to a tree of size ${this.#tree.size}`,
      });
    }
    for (const entry of entries) {
      const index = this.#tree.size;
      this.#hashes.add(this.#tree.appendLeafHash(leafHash(entry)));
      if (index >= this.#firstKeptIndex) this.#entries.push(entry);
    }
  }

  snapshot(): LogSnapshot {
    const size = this.#tree.size;
    const rootHash = this.#tree.root();
    const hashes = this.#hashes;
    const kept = this.#entries;
    const firstKept = this.#firstKeptIndex;
    return {
      size,
      rootHash,
      hashes,
      entries: (from, to) => {
        if (from < firstKept || to > size || from > to) {
          throw createAuditError("AUDIT_LOG_DIVERGED", {
            detail: `entries ${from}..${to} not held (kept from ${firstKept} to ${size})`,
          });
        }
        return kept.slice(Number(from - firstKept), Number(to - firstKept));
      },
      rootAt: (at) => (at === size ? Promise.resolve(rootHash) : treeHash(at, hashes)),
    };
  }

  /** Forgets entries of bundles that are archived full (index < the bundle start of `size`). */
  releaseEntriesBefore(size: bigint): void {
    const boundary = (size / WIDTH) * WIDTH;
    if (boundary <= this.#firstKeptIndex) return;
    this.#entries.splice(0, Number(boundary - this.#firstKeptIndex));
    this.#firstKeptIndex = boundary;
  }

  /** Leaf hash of entry `index`, from the stored hashes. */
  leafHashAt(index: bigint): Uint8Array {
    return this.#hashes.read(storedHashIndex(0, index));
  }
}
