import { createTransparencyLogError } from "./errors.js";
import { HASH_SIZE, emptyTreeRoot, leafHash, nodeHash } from "./merkle-hash.js";

/** JSON-safe snapshot of an IncrementalMerkleTree, so a restarted service resumes appending. */
export interface MerkleTreeState {
  /** Decimal string: sizes may pass 2^53. */
  readonly size: string;
  /** Base64 hashes of the perfect subtrees on the right edge, largest first. */
  readonly frontier: readonly string[];
}

export interface AppendedLeaf {
  readonly index: bigint;
  /**
   * Hashes that became known with this leaf, in stored-hash order: the leaf hash, then each
   * subtree it completed. Persist them at storedHashIndex(0, index) onward.
   */
  readonly storedHashes: readonly Uint8Array[];
}

/**
 * RFC 6962 tree that keeps only its right edge (one hash per set bit of the size), so appends and
 * roots cost O(log n) memory whatever the log's length.
 */
export class IncrementalMerkleTree {
  #size = 0n;
  #frontier: Uint8Array[] = [];

  get size(): bigint {
    return this.#size;
  }

  /** Appends an entry and returns its leaf index. */
  append(entry: Uint8Array): bigint {
    const index = this.#size;
    this.#push(leafHash(entry), undefined);
    return index;
  }

  appendLeafHash(hash: Uint8Array): AppendedLeaf {
    if (hash.length !== HASH_SIZE) {
      throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
        detail: "leaf hash must be 32 bytes",
      });
    }
    const index = this.#size;
    const storedHashes: Uint8Array[] = [];
    this.#push(hash, storedHashes);
    return { index, storedHashes };
  }

  root(): Uint8Array {
    let root: Uint8Array | undefined;
    // Right fold: MTH splits at the largest power of two, so the smallest subtree is innermost.
    for (let i = this.#frontier.length - 1; i >= 0; i--) {
      const subtree = this.#frontier[i] as Uint8Array;
      root = root === undefined ? subtree : nodeHash(subtree, root);
    }
    return root ?? emptyTreeRoot();
  }

  toState(): MerkleTreeState {
    return {
      size: this.#size.toString(),
      frontier: this.#frontier.map((hash) => Buffer.from(hash).toString("base64")),
    };
  }

  static fromState(state: MerkleTreeState): IncrementalMerkleTree {
    const invalid = (detail: string) =>
      createTransparencyLogError("TLOG_STATE_INVALID", { detail });
    if (!/^(0|[1-9][0-9]*)$/.test(state.size)) throw invalid(`size ${JSON.stringify(state.size)}`);
    const size = BigInt(state.size);
    if (state.frontier.length !== popCount(size)) {
      throw invalid(
        `a tree of size ${size} has ${popCount(size)} frontier hashes, got ${state.frontier.length}`,
      );
    }
    const frontier = state.frontier.map((encoded) => {
      const hash = Buffer.from(encoded, "base64");
      if (hash.length !== HASH_SIZE || hash.toString("base64") !== encoded)
        throw invalid("frontier hash");
      return new Uint8Array(hash);
    });
    const tree = new IncrementalMerkleTree();
    tree.#size = size;
    tree.#frontier = frontier;
    return tree;
  }

  #push(hash: Uint8Array, storedHashes: Uint8Array[] | undefined): void {
    storedHashes?.push(hash);
    let carry = hash;
    // Each trailing 1 bit of the old size is a perfect subtree the new leaf now completes.
    for (let n = this.#size; (n & 1n) === 1n; n >>= 1n) {
      const left = this.#frontier.pop() as Uint8Array;
      carry = nodeHash(left, carry);
      storedHashes?.push(carry);
    }
    this.#frontier.push(carry);
    this.#size += 1n;
  }
}

function popCount(value: bigint): number {
  let count = 0;
  for (let v = value; v > 0n; v >>= 1n) if ((v & 1n) === 1n) count++;
  return count;
}
