import { describe, expect, it } from "vitest";
import { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
import type { MerkleTreeState } from "./incremental-merkle-tree.js";
import { leafHash } from "./merkle-hash.js";
import {
  referenceLeafHash,
  referenceRoot,
  sampleEntries,
} from "./reference-merkle-tree.test-support.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

// The eight-leaf data set and roots used by RFC 6962 implementations' test suites
// (certificate-transparency, transparency-dev/merkle).
const RFC6962_LEAVES = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map((h) => Buffer.from(h, "hex"));
const RFC6962_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

describe("IncrementalMerkleTree", () => {
  it("has the SHA-256 of the empty string as the empty root", () => {
    expect(hex(new IncrementalMerkleTree().root())).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("matches the RFC 6962 test vector roots", () => {
    const tree = new IncrementalMerkleTree();
    RFC6962_LEAVES.forEach((entry, i) => {
      expect(tree.append(entry)).toBe(BigInt(i));
      expect(hex(tree.root())).toBe(RFC6962_ROOTS[i]);
    });
  });

  it("matches the recursive RFC definition for every size up to 300", () => {
    const entries = sampleEntries(300);
    const tree = new IncrementalMerkleTree();
    for (let size = 1; size <= entries.length; size++) {
      tree.append(entries[size - 1] as Uint8Array);
      expect(hex(tree.root()), `size ${size}`).toBe(hex(referenceRoot(entries.slice(0, size))));
    }
    expect(tree.size).toBe(300n);
  });

  it("hashes leaves with the 0x00 prefix", () => {
    const entry = new TextEncoder().encode("x");
    expect(hex(leafHash(entry))).toBe(hex(referenceLeafHash(entry)));
  });

  it("reports the leaf hash and each completed subtree as stored hashes", () => {
    const tree = new IncrementalMerkleTree();
    const entries = sampleEntries(4);
    const appended = entries.map((entry) => tree.appendLeafHash(leafHash(entry)));
    // Leaf 3 completes the pair (2,3) and the four-leaf tree: three stored hashes.
    expect(appended.map((a) => a.storedHashes.length)).toEqual([1, 2, 1, 3]);
    expect(hex(appended[3]?.storedHashes[2] as Uint8Array)).toBe(hex(referenceRoot(entries)));
  });

  it("resumes from serialized state with the same root and next index", () => {
    const entries = sampleEntries(45);
    const tree = new IncrementalMerkleTree();
    entries.slice(0, 37).forEach((entry) => tree.append(entry));
    const resumed = IncrementalMerkleTree.fromState(
      JSON.parse(JSON.stringify(tree.toState())) as MerkleTreeState,
    );
    expect(resumed.size).toBe(37n);
    expect(hex(resumed.root())).toBe(hex(tree.root()));
    expect(resumed.append(entries[37] as Uint8Array)).toBe(37n);
    entries.slice(38).forEach((entry) => resumed.append(entry));
    expect(hex(resumed.root())).toBe(hex(referenceRoot(entries)));
  });

  it("rejects state whose frontier does not fit its size", () => {
    const state = new IncrementalMerkleTree().toState();
    expect(() => IncrementalMerkleTree.fromState({ ...state, size: "3" })).toThrow(
      expect.objectContaining({ code: "TLOG_STATE_INVALID" }),
    );
    expect(() => IncrementalMerkleTree.fromState({ size: "1", frontier: ["AAAA"] })).toThrow(
      expect.objectContaining({ code: "TLOG_STATE_INVALID" }),
    );
  });

  it("keeps sizes beyond 2^53 exact in resumed state", () => {
    const size = 2n ** 60n + 1n;
    const zero = Buffer.alloc(32).toString("base64");
    const tree = IncrementalMerkleTree.fromState({ size: size.toString(), frontier: [zero, zero] });
    expect(tree.append(new Uint8Array())).toBe(size);
    expect(tree.size).toBe(size + 1n);
  });
});
