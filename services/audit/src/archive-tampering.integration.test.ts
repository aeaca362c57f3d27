import { DeleteObjectCommand } from "@takedown/s3";
import {
  NoteSigner,
  decodeEntryBundle,
  encodeEntryBundle,
  generateNoteKey,
  signCheckpoint,
  parseCheckpoint,
  openNote,
  NoteVerifier,
} from "@takedown/transparency-log";
import { integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { TEST_ORIGIN, archiveTestLog, testEntries } from "./archived-log.test-support.js";
import { S3Archive, checkpointHistoryPath } from "@takedown/audit-tools";
import { verifyArchivedLog } from "@takedown/audit-tools";

const ENTRIES = testEntries(600);
const SIZES = [100, 300, 600];

async function archivedLog(
  s3: ConstructorParameters<typeof S3Archive>[0]["client"],
  bucket: string,
) {
  const archive = new S3Archive({ client: s3, bucket });
  const keys = await archiveTestLog(archive, ENTRIES, SIZES);
  const verify = (trustedCheckpoints: { name: string; note: Uint8Array }[] = []) =>
    verifyArchivedLog({
      archive,
      verifierKey: keys.verifierKey,
      origin: TEST_ORIGIN,
      trustedCheckpoints,
    });
  const read = async (path: string) => Uint8Array.from((await archive.read(path)) as Uint8Array);
  const editBundle = async (path: string, edit: (entries: Uint8Array[]) => Uint8Array[]) => {
    const entries = decodeEntryBundle(await read(path)).map((e) => Uint8Array.from(e));
    await archive.write(path, encodeEntryBundle(edit(entries)), "application/octet-stream");
  };
  return { archive, keys, verify, read, editBundle };
}

describe("verifyArchivedLog on what the archiver wrote to S3", () => {
  test("accepts the intact archive with every checkpoint", async ({ s3, bucket }) => {
    const { verify } = await archivedLog(s3, bucket);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, size: 600n });
    // 3 history checkpoints and the current one.
    expect(result.checkpointNames).toEqual([
      ...SIZES.map((s) => checkpointHistoryPath(BigInt(s))),
      "checkpoint",
    ]);
  });

  test("names the entry whose byte was flipped", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    await log.editBundle("tile/entries/001", (entries) => {
      const entry = entries[44] as Uint8Array;
      entry[3] = (entry[3] as number) ^ 0x01;
      return entries;
    });
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_HASH_MISMATCH", index: 300n },
    });
  });

  test("names the hash tile whose byte was flipped", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    const tile = await log.read("tile/0/001");
    tile[5 * 32] = (tile[5 * 32] as number) ^ 0x80;
    await log.archive.write("tile/0/001", tile, "application/octet-stream");
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "TILE_HASH_MISMATCH", path: "tile/0/001" },
    });
  });

  test("names the first entry of a deleted entry bundle", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "tile/entries/001" }));
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_MISSING", index: 256n },
    });
  });

  test("names the entry deleted from inside a bundle", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    await log.editBundle("tile/entries/000", (entries) => entries.filter((_, i) => i !== 77));
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_MISSING", index: 77n },
    });
  });

  test("names the first of two swapped entries", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    await log.editBundle("tile/entries/000", (entries) => {
      const [a, b] = [entries[10] as Uint8Array, entries[11] as Uint8Array];
      entries[10] = b;
      entries[11] = a;
      return entries;
    });
    expect(await log.verify()).toMatchObject({
      ok: false,
      problem: { code: "ENTRY_HASH_MISMATCH", index: 10n },
    });
  });

  test("names a checkpoint signed with another key", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    const current = parseCheckpoint(
      openNote(await log.read("checkpoint"), [NoteVerifier.fromVerifierKey(log.keys.verifierKey)])
        .text,
    );
    const forger = NoteSigner.fromSignerKey(generateNoteKey(TEST_ORIGIN).signerKey);
    await log.archive.write(
      "checkpoint",
      new TextEncoder().encode(signCheckpoint(current, forger)),
      "text/plain",
    );
    const result = await log.verify();
    expect(result).toMatchObject({
      ok: false,
      problem: { code: "UNKNOWN_KEY", checkpoint: { position: 3 } },
    });
    expect(result.checkpointNames[3]).toBe("checkpoint");
  });

  test("names a checkpoint rolled back to a smaller size", async ({ s3, bucket }) => {
    const log = await archivedLog(s3, bucket);
    const older = await log.read(checkpointHistoryPath(300n));
    await log.archive.write("checkpoint", older, "text/plain");
    const result = await log.verify();
    expect(result).toMatchObject({
      ok: false,
      problem: { code: "CHECKPOINT_ROLLBACK", checkpoint: { position: 3, size: 300n } },
    });
    expect(result.checkpointNames[3]).toBe("checkpoint");
  });

  test("catches a rollback whose history was rewritten too, from a checkpoint the auditor kept", async ({
    s3,
    bucket,
  }) => {
    const log = await archivedLog(s3, bucket);
    const seen = await log.read("checkpoint");
    const older = await log.read(checkpointHistoryPath(300n));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: checkpointHistoryPath(600n) }));
    await log.archive.write("checkpoint", older, "text/plain");
    expect((await log.verify()).ok).toBe(true);
    const result = await log.verify([{ name: "auditor's checkpoint", note: seen }]);
    expect(result).toMatchObject({
      ok: false,
      problem: { code: "CHECKPOINT_ROLLBACK", checkpoint: { size: 300n } },
    });
    const position = result.ok ? -1 : (result.problem.checkpoint?.position ?? -1);
    expect(result.checkpointNames[position]).toBe("checkpoint");
  });
});
