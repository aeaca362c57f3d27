import { describe, expect, it } from "vitest";
import { decodeEntryBundle, encodeEntryBundle } from "./entry-bundle.js";
import { verifyEntries } from "./entry-verification.js";
import { leafHash } from "./merkle-hash.js";
import { consistencyProof, inclusionProof, treeHash } from "./merkle-proofs.js";
import { generateNoteKey } from "./note-key.js";
import { NoteSigner } from "./note-signer.js";
import { mapSource, publishLog } from "./published-log.test-support.js";
import {
  referenceLeafHash,
  referenceRoot,
  sampleEntries,
} from "./reference-merkle-tree.test-support.js";
import { TileHashReader } from "./tile-hash-reader.js";
import { tilesForGrowth } from "./tile-plan.js";
import { tilePath } from "./tile-path.js";

const signer = NoteSigner.fromSignerKey(generateNoteKey("audit.takedown.test/log").signerKey);
const hex = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("hex"));

describe("tilesForGrowth", () => {
  it("lists full tiles and the partial tile of each level", () => {
    const { hashTiles, entryBundles } = tilesForGrowth(0n, 70_000n);
    // 70,000 = 273·256 + 112 leaves; 273 = 256 + 17 level-1 hashes; 1 level-2 hash.
    expect(hashTiles.filter((t) => t.level === 0)).toHaveLength(274);
    expect(hashTiles.filter((t) => t.level === 1).map(tilePath)).toEqual([
      "tile/1/000",
      "tile/1/001.p/17",
    ]);
    expect(hashTiles.filter((t) => t.level === 2).map(tilePath)).toEqual(["tile/2/000.p/1"]);
    expect(entryBundles.at(-1)).toEqual({ kind: "entries", index: 273n, width: 112 });
  });

  it("only lists what changed when growing", () => {
    const { hashTiles } = tilesForGrowth(300n, 520n);
    expect(hashTiles.map(tilePath)).toEqual(["tile/0/001", "tile/0/002.p/8", "tile/1/000.p/2"]);
    expect(tilesForGrowth(520n, 520n).hashTiles).toEqual([]);
  });
});

describe("entry bundles", () => {
  it("length-prefix each entry with a big-endian uint16", () => {
    const bundle = encodeEntryBundle([Uint8Array.of(0xaa), new Uint8Array(0x0102)]);
    expect(Array.from(bundle.subarray(0, 3))).toEqual([0x00, 0x01, 0xaa]);
    expect(Array.from(bundle.subarray(3, 5))).toEqual([0x01, 0x02]);
    expect(decodeEntryBundle(bundle).map((e) => e.length)).toEqual([1, 0x0102]);
  });

  it("accept 65535 bytes and refuse 65536", () => {
    expect(decodeEntryBundle(encodeEntryBundle([new Uint8Array(65535)]))[0]?.length).toBe(65535);
    expect(() => encodeEntryBundle([new Uint8Array(1), new Uint8Array(65536)])).toThrow(
      expect.objectContaining({
        code: "TLOG_ENTRY_TOO_LARGE",
        details: { position: 1, size: 65536 },
      }),
    );
  });

  it("refuse a truncated bundle", () => {
    const bundle = encodeEntryBundle(sampleEntries(3));
    expect(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1))).toThrow(
      expect.objectContaining({ code: "TLOG_ENTRY_BUNDLE_MALFORMED", details: { position: 2 } }),
    );
  });
});

describe("hash tiles", () => {
  const entries = sampleEntries(1300);

  it("hold the leaf hashes at level 0 and 256-leaf subtree roots at level 1", async () => {
    const { files } = await publishLog(entries, [1300], signer);
    const leafTile = files.get("tile/0/001") as Uint8Array;
    expect(leafTile.length).toBe(8192);
    expect(verifyEntries(entries.slice(256, 512), leafTile)).toEqual({ ok: true });
    const level1 = files.get("tile/1/000.p/5") as Uint8Array;
    expect(hex([level1.subarray(32, 64)])).toEqual(hex([referenceRoot(entries.slice(256, 512))]));
    expect(hex([(files.get("tile/0/005.p/20") as Uint8Array).subarray(0, 32)])).toEqual(
      hex([referenceLeafHash(entries[1280] as Uint8Array)]),
    );
  });

  it("serve the same roots and proofs as the stored hashes", async () => {
    const { files, store } = await publishLog(entries, [700, 1300], signer);
    const source = mapSource(files);
    for (const size of [700n, 1300n]) {
      const reader = new TileHashReader({ treeSize: size, source });
      expect(hex([await treeHash(size, reader)])).toEqual(
        hex([referenceRoot(entries.slice(0, Number(size)))]),
      );
      for (const index of [0n, 255n, 256n, 699n, size - 1n]) {
        expect(hex(await inclusionProof(index, size, reader))).toEqual(
          hex(await inclusionProof(index, size, store)),
        );
      }
    }
    const reader = new TileHashReader({ treeSize: 1300n, source });
    expect(hex(await consistencyProof(700n, 1300n, reader))).toEqual(
      hex(await consistencyProof(700n, 1300n, store)),
    );
  });

  it("fall back to the full tile when a partial one is gone", async () => {
    const { files } = await publishLog(entries, [700, 1300], signer);
    files.delete("tile/0/002.p/188");
    const reader = new TileHashReader({ treeSize: 700n, source: mapSource(files) });
    expect(hex([await treeHash(700n, reader)])).toEqual(
      hex([referenceRoot(entries.slice(0, 700))]),
    );
  });

  it("report a missing tile by path", async () => {
    const { files } = await publishLog(entries, [1300], signer);
    files.delete("tile/0/002");
    const reader = new TileHashReader({ treeSize: 1300n, source: mapSource(files) });
    await expect(inclusionProof(600n, 1300n, reader)).rejects.toMatchObject({
      code: "TLOG_TILE_MISSING",
      details: { path: "tile/0/002" },
    });
  });

  it("verifyEntries names the first entry whose hash differs", () => {
    const batch = sampleEntries(10);
    const hashes = Buffer.concat(batch.map(leafHash));
    expect(verifyEntries(batch, hashes)).toEqual({ ok: true });
    const altered = [...batch];
    altered[6] = Uint8Array.of(1);
    expect(verifyEntries(altered, hashes)).toEqual({ ok: false, position: 6 });
    expect(verifyEntries(batch.slice(0, 9), hashes)).toEqual({ ok: false, position: 9 });
  });
});
