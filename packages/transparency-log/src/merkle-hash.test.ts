import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emptyTreeRoot, leafHash, nodeHash } from "./merkle-hash.js";

function referenceHash(...parts: Uint8Array[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

const hex = (hash: Uint8Array) => Buffer.from(hash).toString("hex");

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

describe("RFC 6962 hashes", () => {
  it("hash leaves of every size the same as SHA-256(0x00 ‖ entry), also after a longer entry", () => {
    // Sizes that grow and shrink the reused input, cross its first size (4096) and its cap (64 KiB).
    const sizes = [10_000, 5, 0, 65_535, 3, 70_000, 4095, 4096, 4097, 1, 65_536, 1505];
    sizes.forEach((size, seed) => {
      const entry = bytes(size, seed);
      expect(hex(leafHash(entry)), `entry of ${size} bytes`).toBe(
        referenceHash(Uint8Array.of(0), entry),
      );
    });
  });

  it("hash nodes as SHA-256(0x01 ‖ left ‖ right), whatever the children's length", () => {
    for (const [left, right] of [
      [bytes(32, 1), bytes(32, 2)],
      [bytes(31, 3), bytes(33, 4)],
      [bytes(0, 0), bytes(64, 5)],
    ] as const) {
      expect(hex(nodeHash(left, right))).toBe(referenceHash(Uint8Array.of(1), left, right));
    }
    expect(hex(emptyTreeRoot())).toBe(referenceHash());
  });

  it("return hashes of their own, untouched by later calls", () => {
    const first = leafHash(bytes(100, 1));
    const firstNode = nodeHash(first, first);
    const kept = [hex(first), hex(firstNode)];
    leafHash(bytes(100, 2));
    nodeHash(firstNode, first);
    expect([hex(first), hex(firstNode)]).toEqual(kept);
  });

  it("keep no memory outside the V8 heap per hash, which made verification GC-bound", () => {
    const entry = bytes(1505, 7);
    leafHash(entry);
    const before = process.memoryUsage().arrayBuffers;
    const hashes: Uint8Array[] = [];
    for (let i = 0; i < 2000; i++) {
      const leaf = leafHash(entry);
      hashes.push(leaf, nodeHash(leaf, leaf));
    }
    const grown = process.memoryUsage().arrayBuffers - before;
    // A Buffer per digest and a fresh input per leaf came to ~300 bytes per hash.
    expect(grown / hashes.length).toBeLessThan(8);
  });
});
