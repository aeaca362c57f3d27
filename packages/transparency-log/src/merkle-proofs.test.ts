import { describe, expect, it } from "vitest";
import { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
import { leafHash } from "./merkle-hash.js";
import { MemoryHashStore } from "./memory-hash-store.js";
import { consistencyProof, inclusionProof, treeHash } from "./merkle-proofs.js";
import { verifyConsistency, verifyInclusion } from "./proof-verification.js";
import {
  referenceConsistency,
  referencePath,
  referenceRoot,
  sampleEntries,
} from "./reference-merkle-tree.test-support.js";
import { splitStoredHashIndex, storedHashCount, storedHashIndex } from "./stored-hash-index.js";

const MAX = 70;
const entries = sampleEntries(MAX);
const store = new MemoryHashStore();
const tree = new IncrementalMerkleTree();
for (const entry of entries) store.add(tree.appendLeafHash(leafHash(entry)));
const roots = Array.from({ length: MAX + 1 }, (_, size) => referenceRoot(entries.slice(0, size)));
const hex = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("hex"));

describe("stored hash index", () => {
  it("round-trips through split and counts what the store holds", () => {
    for (let index = 0n; index < 500n; index++) {
      const { level, n } = splitStoredHashIndex(index);
      expect(storedHashIndex(level, n)).toBe(index);
    }
    expect(storedHashCount(BigInt(MAX))).toBe(BigInt(store.length));
  });
});

describe("treeHash", () => {
  it("recomputes every prefix root from stored hashes", async () => {
    for (let size = 0; size <= MAX; size++) {
      expect(hex([await treeHash(BigInt(size), store)])).toEqual(hex([roots[size] as Uint8Array]));
    }
  });
});

describe("inclusion proofs", () => {
  it("equal the RFC PATH and verify for every (index, size) up to 70", async () => {
    for (let size = 1; size <= MAX; size++) {
      const root = roots[size] as Uint8Array;
      for (let index = 0; index < size; index++) {
        const proof = await inclusionProof(BigInt(index), BigInt(size), store);
        expect(hex(proof)).toEqual(hex(referencePath(index, entries.slice(0, size))));
        const leaf = leafHash(entries[index] as Uint8Array);
        expect(verifyInclusion(leaf, BigInt(index), BigInt(size), proof, root)).toBe(true);
      }
    }
  });

  it("fail for a wrong leaf, index, size, root or truncated/extended path", async () => {
    const proof = await inclusionProof(5n, 13n, store);
    const leaf = leafHash(entries[5] as Uint8Array);
    const root = roots[13] as Uint8Array;
    expect(verifyInclusion(leafHash(entries[6] as Uint8Array), 5n, 13n, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 4n, 13n, proof, root)).toBe(false);
    // Sizes 13 and 14 share index 5's path shape; 8 does not.
    expect(verifyInclusion(leaf, 5n, 8n, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 5n, 13n, proof, roots[12] as Uint8Array)).toBe(false);
    expect(verifyInclusion(leaf, 5n, 13n, proof.slice(1), root)).toBe(false);
    expect(verifyInclusion(leaf, 5n, 13n, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(leaf, 13n, 13n, proof, root)).toBe(false);
  });

  it("rejects an index outside the tree", async () => {
    await expect(inclusionProof(3n, 3n, store)).rejects.toMatchObject({
      code: "TLOG_INVALID_ARGUMENT",
    });
  });
});

describe("consistency proofs", () => {
  it("equal the RFC PROOF and verify for every (m, n) up to 70", async () => {
    for (let n = 1; n <= MAX; n++) {
      for (let m = 1; m <= n; m++) {
        const proof = await consistencyProof(BigInt(m), BigInt(n), store);
        expect(hex(proof)).toEqual(hex(referenceConsistency(m, entries.slice(0, n))));
        const ok = verifyConsistency(
          BigInt(m),
          BigInt(n),
          roots[m] as Uint8Array,
          roots[n] as Uint8Array,
          proof,
        );
        expect(ok, `${m} → ${n}`).toBe(true);
      }
    }
  });

  it("fail for a forked old root, a wrong new root, swapped sizes or a tampered path", async () => {
    const proof = await consistencyProof(6n, 11n, store);
    const old = roots[6] as Uint8Array;
    const current = roots[11] as Uint8Array;
    const forked = referenceRoot(sampleEntries(6, "fork"));
    expect(verifyConsistency(6n, 11n, forked, current, proof)).toBe(false);
    expect(verifyConsistency(6n, 11n, old, roots[10] as Uint8Array, proof)).toBe(false);
    expect(verifyConsistency(11n, 6n, current, old, proof)).toBe(false);
    const tampered = proof.map((h, i) => (i === 1 ? Buffer.from(h).fill(7, 0, 1) : h));
    expect(verifyConsistency(6n, 11n, old, current, tampered)).toBe(false);
    expect(verifyConsistency(6n, 11n, old, current, [])).toBe(false);
  });

  it("treat equal sizes and the empty old tree specially", async () => {
    expect(await consistencyProof(9n, 9n, store)).toEqual([]);
    expect(verifyConsistency(9n, 9n, roots[9] as Uint8Array, roots[9] as Uint8Array, [])).toBe(
      true,
    );
    expect(verifyConsistency(9n, 9n, roots[9] as Uint8Array, roots[8] as Uint8Array, [])).toBe(
      false,
    );
    expect(verifyConsistency(0n, 9n, roots[0] as Uint8Array, roots[9] as Uint8Array, [])).toBe(
      true,
    );
  });
});
