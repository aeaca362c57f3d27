import { describe, expect, it } from "vitest";
import { signCheckpoint } from "./checkpoint-note.js";
import { parseCheckpoint } from "./checkpoint.js";
import { decodeEntryBundle, encodeEntryBundle } from "./entry-bundle.js";
import type { LogVerificationProgress } from "./log-problem.js";
import { verifyLog } from "./log-verifier.js";
import { leafHash } from "./merkle-hash.js";
import { generateNoteKey } from "./note-key.js";
import { NoteSigner } from "./note-signer.js";
import { ORIGIN, mapSource, publishLog } from "./published-log.test-support.js";
import { referenceRoot, sampleEntries } from "./reference-merkle-tree.test-support.js";

const keys = generateNoteKey(ORIGIN);
const signer = NoteSigner.fromSignerKey(keys.signerKey);
const entries = sampleEntries(1300, "event");
const SIZES = [100, 600, 1300];

async function published() {
  const log = await publishLog(entries, SIZES, signer);
  return {
    ...log,
    verify: (checkpoints = log.checkpoints) =>
      verifyLog({
        source: mapSource(log.files),
        checkpoints,
        verifierKey: keys.verifierKey,
        origin: ORIGIN,
      }),
  };
}

function editBundle(
  files: Map<string, Uint8Array>,
  path: string,
  edit: (entries: Uint8Array[]) => Uint8Array[],
): void {
  const bundle = decodeEntryBundle(files.get(path) as Uint8Array).map((e) => Uint8Array.from(e));
  files.set(path, encodeEntryBundle(edit(bundle)));
}

function flipByte(files: Map<string, Uint8Array>, path: string, offset: number): void {
  const data = Uint8Array.from(files.get(path) as Uint8Array);
  data[offset] = (data[offset] as number) ^ 0x01;
  files.set(path, data);
}

describe("verifyLog on an intact log", () => {
  it("accepts it and returns the last checkpoint's size and root", async () => {
    const log = await published();
    const progress: LogVerificationProgress[] = [];
    const result = await verifyLog({
      source: mapSource(log.files),
      checkpoints: log.checkpoints,
      verifierKey: keys.verifierKey,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ ok: true, size: 1300n, checkpointsVerified: 3 });
    expect(result.ok && Buffer.from(result.rootHash).equals(referenceRoot(entries))).toBe(true);
    expect(progress.at(-1)).toEqual({ verifiedEntries: 1300n, totalEntries: 1300n });
    expect(progress.map((p) => p.verifiedEntries)).toEqual([256n, 512n, 768n, 1024n, 1280n, 1300n]);
  });

  it("accepts an intermediate partial tile replaced by its full tile", async () => {
    const log = await published();
    log.files.delete("tile/0/002.p/88");
    log.files.delete("tile/entries/002.p/88");
    expect((await log.verify()).ok).toBe(true);
  });
});

describe("verifyLog tamper detection", () => {
  it("names the entry whose byte was flipped", async () => {
    const log = await published();
    editBundle(log.files, "tile/entries/002", (bundle) => {
      const entry = bundle[188]!;
      entry[0] = entry[0]! ^ 0x01;
      return bundle;
    });
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: {
        code: "ENTRY_HASH_MISMATCH",
        index: 700n,
        checkpoint: { position: 2, size: 1300n },
      },
    });
  });

  it("names the hash tile whose byte was flipped, at level 0 and level 1", async () => {
    const log = await published();
    flipByte(log.files, "tile/0/001", 10 * 32 + 3);
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "TILE_HASH_MISMATCH", path: "tile/0/001" },
    });
    const other = await published();
    flipByte(other.files, "tile/1/000.p/5", 4 * 32);
    expect(await other.verify()).toMatchObject({
      ok: false,
      problem: { code: "TILE_HASH_MISMATCH", path: "tile/1/000.p/5" },
    });
  });

  it("names a deleted entry", async () => {
    const log = await published();
    editBundle(log.files, "tile/entries/001", (bundle) =>
      bundle.filter((_, position) => position !== 44),
    );
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_MISSING", index: 300n },
    });
  });

  it("names the first of two swapped entries", async () => {
    const log = await published();
    editBundle(log.files, "tile/entries/001", (bundle) => {
      [bundle[144], bundle[145]] = [bundle[145] as Uint8Array, bundle[144] as Uint8Array];
      return bundle;
    });
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_HASH_MISMATCH", index: 400n, checkpoint: { position: 1 } },
    });
  });

  it("names the first entry of a missing bundle and a truncated log", async () => {
    const log = await published();
    log.files.delete("tile/entries/002");
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_MISSING", index: 512n, path: "tile/entries/002" },
    });
    const truncated = await published();
    truncated.files.delete("tile/entries/005.p/20");
    expect(await truncated.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_MISSING", index: 1280n },
    });
  });

  it("names a checkpoint signed by another key, or with a forged signature", async () => {
    const log = await published();
    const stranger = NoteSigner.fromSignerKey(generateNoteKey(ORIGIN).signerKey);
    const middle = log.checkpoints[1] as string;
    const foreign = signCheckpoint(
      parseCheckpoint(middle.slice(0, middle.indexOf("\n\n") + 1)),
      stranger,
    );
    expect(await log.verify([log.checkpoints[0] as string, foreign])).toMatchObject({
      ok: false,
      problem: { code: "UNKNOWN_KEY", checkpoint: { position: 1 } },
    });
    // The forger copies the log's key id in front of his own signature.
    const original = log.checkpoints[2] as string;
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(signer.keyId);
    const forgedSig = Buffer.concat([
      keyId,
      stranger.sign(new TextEncoder().encode(original.slice(0, original.indexOf("\n\n") + 1))),
    ]).toString("base64");
    const forged = original.replace(/ [A-Za-z0-9+/=]+\n$/, ` ${forgedSig}\n`);
    expect(await log.verify([...log.checkpoints.slice(0, 2), forged])).toMatchObject({
      ok: false,
      problem: { code: "BAD_SIGNATURE", checkpoint: { position: 2 } },
    });
  });

  it("names a checkpoint rolled back to a smaller size", async () => {
    const log = await published();
    const [small, middle, large] = log.checkpoints as [string, string, string];
    expect(await log.verify([small, large, middle])).toMatchObject({
      ok: false,
      problem: { code: "CHECKPOINT_ROLLBACK", checkpoint: { position: 2, size: 600n } },
    });
  });

  it("names a signed checkpoint whose root no entries reproduce", async () => {
    const log = await published();
    const fork = signCheckpoint(
      {
        origin: ORIGIN,
        size: 600n,
        rootHash: referenceRoot(sampleEntries(600, "fork")),
        extensions: [],
      },
      signer,
    );
    expect(
      await log.verify([log.checkpoints[0] as string, fork, log.checkpoints[2] as string]),
    ).toMatchObject({
      ok: false,
      problem: { code: "ROOT_MISMATCH", checkpoint: { position: 1, size: 600n } },
    });
  });

  it("reports a root mismatch when an entry and its tile hash were rewritten together", async () => {
    const log = await published();
    const replacement = new TextEncoder().encode("rewritten");
    editBundle(log.files, "tile/entries/000", (bundle) =>
      bundle.map((e, position) => (position === 5 ? replacement : e)),
    );
    const tile = Uint8Array.from(log.files.get("tile/0/000") as Uint8Array);
    tile.set(leafHash(replacement), 5 * 32);
    log.files.set("tile/0/000", tile);
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ROOT_MISMATCH", checkpoint: { position: 0, size: 100n } },
    });
  });

  it("names a missing hash tile", async () => {
    const log = await published();
    log.files.delete("tile/1/000.p/5");
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "TILE_MISSING", path: "tile/1/000.p/5" },
    });
  });
});
