import {
  IncrementalMerkleTree,
  MemoryHashStore,
  consistencyProof,
  inclusionProof,
  leafHash as nodeLeafHash,
  nodeHash as nodeNodeHash,
  verifyConsistency,
  verifyInclusion,
} from "@takedown/transparency-log";
import { describe, expect, it } from "vitest";
import { leafHash, nodeHash } from "./merkle-hash.js";
import { verifyConsistencyProof, verifyInclusionProof } from "./merkle-proof.js";

// The tests run on Node 22's WebCrypto (globalThis.crypto.subtle), the same API Chromium has, and
// compare every answer with the node:crypto implementation the audit service and CLI use.
const MAX = 70;
const entries = Array.from({ length: MAX }, (_, i) => new TextEncoder().encode(`entry ${i}`));
const store = new MemoryHashStore();
const tree = new IncrementalMerkleTree();
const roots: Uint8Array[] = [tree.root()];
for (const entry of entries) {
  store.add(tree.appendLeafHash(nodeLeafHash(entry)));
  roots.push(tree.root());
}
const root = (size: number) => roots[size] as Uint8Array;
const leaf = (index: number) => nodeLeafHash(entries[index] as Uint8Array);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** Every way to damage a proof by one bit, one element or its length. */
function tamperings(proof: readonly Uint8Array[]): Uint8Array[][] {
  const out: Uint8Array[][] = [[...proof, new Uint8Array(32)]];
  if (proof.length > 0) out.push(proof.slice(1), proof.slice(0, -1));
  proof.forEach((hash, i) => {
    const flipped = Uint8Array.from(hash);
    flipped[i % 32] = (flipped[i % 32] as number) ^ 1;
    out.push(proof.map((h, j) => (j === i ? flipped : h)));
  });
  return out;
}

// The leaves and roots of RFC 6962 implementations' test suites (certificate-transparency,
// transparency-dev/merkle), as packages/transparency-log uses them.
const RFC6962_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657"].map((h) =>
  Buffer.from(h, "hex"),
);
const RFC6962_ROOT_7 = "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c";

describe("WebCrypto RFC 6962 hashes", () => {
  it("equal node:crypto's for leaves and nodes", async () => {
    for (const entry of [new Uint8Array(0), ...entries.slice(0, 5), new Uint8Array(70_000)])
      expect(hex(await leafHash(entry))).toBe(hex(nodeLeafHash(entry)));
    expect(hex(await nodeHash(root(3), root(5)))).toBe(hex(nodeNodeHash(root(3), root(5))));
  });

  it("verify proofs against the RFC 6962 test-vector root of 7 leaves", async () => {
    const rfcStore = new MemoryHashStore();
    const rfcTree = new IncrementalMerkleTree();
    for (const entry of RFC6962_LEAVES) rfcStore.add(rfcTree.appendLeafHash(nodeLeafHash(entry)));
    const rfcRoot = Buffer.from(RFC6962_ROOT_7, "hex");
    for (let index = 0; index < 7; index++) {
      const proof = await inclusionProof(BigInt(index), 7n, rfcStore);
      const hash = await leafHash(RFC6962_LEAVES[index] as Uint8Array);
      expect(
        await verifyInclusionProof({
          leafHash: hash,
          index: BigInt(index),
          size: 7n,
          proof,
          root: rfcRoot,
        }),
      ).toBe(true);
    }
  });
});

describe("inclusion proofs", () => {
  it(`verify for every (index, size) up to ${MAX} and fail when tampered, as node:crypto does`, async () => {
    let checked = 0;
    for (let size = 1; size <= MAX; size++) {
      for (let index = 0; index < size; index++) {
        const args = {
          leafHash: leaf(index),
          index: BigInt(index),
          size: BigInt(size),
          root: root(size),
        };
        const proof = await inclusionProof(BigInt(index), BigInt(size), store);
        expect(await verifyInclusionProof({ ...args, proof }), `${index} of ${size}`).toBe(true);
        // Damaged proofs only for a sample: each costs a proof's worth of WebCrypto calls.
        if ((index * 7 + size) % 5 !== 0) continue;
        for (const bad of tamperings(proof)) {
          const expected = verifyInclusion(args.leafHash, args.index, args.size, bad, args.root);
          expect(expected).toBe(false);
          expect(await verifyInclusionProof({ ...args, proof: bad })).toBe(expected);
          checked++;
        }
        const other = (index + 1) % size;
        const otherLeaf = { ...args, leafHash: leaf(other), proof };
        expect(await verifyInclusionProof(otherLeaf)).toBe(other === index);
        expect(await verifyInclusionProof({ ...args, proof, root: root(size - 1) })).toBe(false);
        expect(await verifyInclusionProof({ ...args, proof, size: BigInt(size + 1) })).toBe(
          verifyInclusion(args.leafHash, args.index, BigInt(size + 1), proof, args.root),
        );
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("reject an index outside the tree and hashes of the wrong length", async () => {
    const proof = await inclusionProof(2n, 5n, store);
    const args = { leafHash: leaf(2), size: 5n, root: root(5), proof };
    expect(await verifyInclusionProof({ ...args, index: 2n })).toBe(true);
    expect(await verifyInclusionProof({ ...args, index: 5n })).toBe(false);
    expect(await verifyInclusionProof({ ...args, index: -1n })).toBe(false);
    expect(await verifyInclusionProof({ ...args, index: 2n, leafHash: leaf(2).subarray(1) })).toBe(
      false,
    );
  });
});

describe("consistency proofs", () => {
  it(`verify for every 0 ≤ old ≤ new ≤ ${MAX} and fail when tampered, as node:crypto does`, async () => {
    let checked = 0;
    for (let newSize = 1; newSize <= MAX; newSize++) {
      for (let oldSize = 0; oldSize <= newSize; oldSize++) {
        const proof = await consistencyProof(BigInt(oldSize), BigInt(newSize), store);
        const args = {
          oldSize: BigInt(oldSize),
          newSize: BigInt(newSize),
          oldRoot: root(oldSize),
          newRoot: root(newSize),
        };
        expect(await verifyConsistencyProof({ ...args, proof }), `${oldSize}→${newSize}`).toBe(
          true,
        );
        if ((oldSize * 3 + newSize) % 4 !== 0) continue;
        const bads = [
          ...tamperings(proof),
          // Every tree extends the empty one, with an empty proof and nothing else.
          ...(oldSize > 0 ? [] : [[new Uint8Array(32)]]),
        ];
        for (const bad of bads) {
          const expected = verifyConsistency(
            args.oldSize,
            args.newSize,
            args.oldRoot,
            args.newRoot,
            bad,
          );
          expect(await verifyConsistencyProof({ ...args, proof: bad })).toBe(expected);
          expect(expected).toBe(false);
          checked++;
        }
        if (oldSize > 0 && oldSize < newSize) {
          const forkedOld = { ...args, proof, oldRoot: root(oldSize - 1) };
          expect(await verifyConsistencyProof(forkedOld)).toBe(false);
          const forkedNew = { ...args, proof, newRoot: root(newSize - 1) };
          expect(await verifyConsistencyProof(forkedNew)).toBe(false);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("refuse a shrinking tree and two roots for one size", async () => {
    const same = { oldSize: 9n, newSize: 9n, oldRoot: root(9), proof: [] };
    expect(await verifyConsistencyProof({ ...same, newRoot: root(9) })).toBe(true);
    expect(await verifyConsistencyProof({ ...same, newRoot: root(8) })).toBe(false);
    const proof = await consistencyProof(5n, 9n, store);
    expect(
      await verifyConsistencyProof({
        oldSize: 9n,
        newSize: 5n,
        oldRoot: root(9),
        newRoot: root(5),
        proof,
      }),
    ).toBe(false);
  });
});
