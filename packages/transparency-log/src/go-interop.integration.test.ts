import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { openCheckpoint } from "./checkpoint-note.js";
import { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
import { leafHash } from "./merkle-hash.js";
import { consistencyProof, inclusionProof } from "./merkle-proofs.js";
import { generateNoteKey } from "./note-key.js";
import { NoteSigner } from "./note-signer.js";
import { NoteVerifier } from "./note-verifier.js";
import { verifyConsistency, verifyInclusion } from "./proof-verification.js";
import { ORIGIN, mapSource, publishLog } from "./published-log.test-support.js";
import { signNote } from "./signed-note.js";
import { TileHashReader } from "./tile-hash-reader.js";

/**
 * Independent implementation check with golang.org/x/mod/sumdb/{note,tlog}. CI needs the Debian
 * packages golang-go and golang-golang-x-mod-dev; without them this test fails on purpose.
 */
const VERIFIER_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "interop", "verifier");
const WORK_DIR = join(tmpdir(), "takedown-tlog-go-interop");
const BINARY = join(WORK_DIR, "verifier");
const GO_ENV = {
  ...process.env,
  GOPATH: "/usr/share/gocode",
  GO111MODULE: "off",
  GOCACHE: join(WORK_DIR, "cache"),
  GOFLAGS: "",
};

interface GoProof {
  index?: number;
  size?: number;
  old?: number;
  new?: number;
  proof: string[];
}
interface GoOutput {
  checks: Record<string, number>;
  signerKey: string;
  verifierKey: string;
  checkpoint: string;
  checkpointText: string;
  inclusion: GoProof[];
  consistency: GoProof[];
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const fromB64 = (hashes: readonly string[]) =>
  hashes.map((h) => new Uint8Array(Buffer.from(h, "base64")));

function runGo(input: unknown): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(BINARY, [], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Entries of varied lengths, including empty and a large one, so bundles are not uniform.
const entries = Array.from({ length: 1100 }, (_, i) =>
  new TextEncoder().encode(
    i === 7 ? "" : `{"index":${i},"pad":"${"x".repeat(i === 500 ? 40_000 : i % 97)}"}`,
  ),
);
const SIZES = [1, 2, 3, 255, 256, 257, 600, 1100];
const keys = generateNoteKey(ORIGIN);
const signer = NoteSigner.fromSignerKey(keys.signerKey);

describe("interoperability with golang.org/x/mod/sumdb", () => {
  let log: Awaited<ReturnType<typeof publishLog>>;
  let request: Record<string, unknown>;

  beforeAll(async () => {
    const go = spawnSync("go", ["version"], { encoding: "utf8" });
    if (go.error !== undefined || go.status !== 0) {
      throw new Error(
        "`go` is not on PATH: install the Debian packages golang-go and golang-golang-x-mod-dev " +
          "(apt-get install -y golang-go golang-golang-x-mod-dev) to run the Go interop test",
      );
    }
    mkdirSync(WORK_DIR, { recursive: true });
    const build = spawnSync("go", ["build", "-o", BINARY, "."], {
      cwd: VERIFIER_DIR,
      env: GO_ENV,
      encoding: "utf8",
    });
    if (build.status !== 0) {
      throw new Error(
        `building the Go verifier failed (is golang-golang-x-mod-dev installed?):\n${build.stderr}`,
      );
    }

    log = await publishLog(entries, SIZES, signer);
    const inclusion = [];
    const consistency = [];
    for (const size of [1n, 3n, 256n, 257n, 600n, 1100n]) {
      const reader = new TileHashReader({ treeSize: size, source: mapSource(log.files) });
      for (const index of new Set([0n, size / 2n, size - 1n])) {
        inclusion.push({
          index: Number(index),
          size: Number(size),
          proof: (await inclusionProof(index, size, reader)).map(b64),
        });
      }
      for (const old of new Set([1n, size / 3n || 1n, size - 1n || 1n, size])) {
        consistency.push({
          old: Number(old),
          new: Number(size),
          proof: (await consistencyProof(old, size, reader)).map(b64),
        });
      }
    }
    request = {
      verifierKey: keys.verifierKey,
      checkpoints: log.checkpoints,
      entries: entries.map(b64),
      tiles: Object.fromEntries([...log.files].map(([path, data]) => [path, b64(data)])),
      inclusion,
      consistency,
    };
  }, 120_000);

  it("Go accepts our checkpoints, tiles, entry bundles and proofs", () => {
    const result = runGo(request);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout) as GoOutput;
    expect(output.checks).toMatchObject({
      checkpoints: SIZES.length,
      hashTiles: [...log.files.keys()].filter((p) => !p.startsWith("tile/entries/")).length,
      entryBundles: [...log.files.keys()].filter((p) => p.startsWith("tile/entries/")).length,
      tileTreeHash: 1,
      inclusion: (request["inclusion"] as unknown[]).length,
      consistency: (request["consistency"] as unknown[]).length,
    });
  });

  it("Go rejects a tampered proof and a checkpoint signed by another key", () => {
    const consistency = request["consistency"] as GoProof[];
    const tampered = consistency.map((p, i) =>
      i === 5 ? { ...p, proof: [b64(new Uint8Array(32)), ...p.proof.slice(1)] } : p,
    );
    const badProof = runGo({ ...request, consistency: tampered });
    expect(badProof.status).toBe(1);
    expect(badProof.stderr).toMatch(/CheckTree/);

    const stranger = NoteSigner.fromSignerKey(generateNoteKey(ORIGIN).signerKey);
    const foreign = log.checkpoints.map((note) =>
      signNote(note.slice(0, note.indexOf("\n\n") + 1), [stranger]),
    );
    const badKey = runGo({ ...request, checkpoints: foreign });
    expect(badKey.status).toBe(1);
    expect(badKey.stderr).toMatch(/note\.Open/);
  });

  it("we accept Go's keys, signed checkpoint and proofs", () => {
    const output = JSON.parse(runGo(request).stdout) as GoOutput;
    const goSigner = NoteSigner.fromSignerKey(output.signerKey);
    expect(goSigner.verifierKey).toBe(output.verifierKey);
    // Ed25519 is deterministic: our signature with Go's key must equal Go's byte for byte.
    expect(signNote(output.checkpointText, [goSigner])).toBe(output.checkpoint);

    const { checkpoint } = openCheckpoint(output.checkpoint, [
      NoteVerifier.fromVerifierKey(output.verifierKey),
    ]);
    expect(checkpoint.size).toBe(1100n);
    const roots = new Map(
      log.checkpoints.map((note) => {
        const opened = openCheckpoint(note, [
          NoteVerifier.fromVerifierKey(keys.verifierKey),
        ]).checkpoint;
        return [opened.size, opened.rootHash] as const;
      }),
    );
    expect(b64(checkpoint.rootHash)).toBe(b64(roots.get(1100n) as Uint8Array));

    for (const p of output.inclusion) {
      const index = BigInt(p.index ?? -1);
      const leaf = leafHash(entries[Number(index)] as Uint8Array);
      expect(
        verifyInclusion(leaf, index, checkpoint.size, fromB64(p.proof), checkpoint.rootHash),
        `inclusion ${index}`,
      ).toBe(true);
    }
    expect(output.consistency.map((p) => p.old)).toEqual([1, 366, 550, 1099]);
    for (const p of output.consistency) {
      const old = p.old ?? -1;
      const prefix = new IncrementalMerkleTree();
      entries.slice(0, old).forEach((entry) => prefix.append(entry));
      const ok = verifyConsistency(
        BigInt(old),
        checkpoint.size,
        prefix.root(),
        checkpoint.rootHash,
        fromB64(p.proof),
      );
      expect(ok, `consistency ${old} → 1100`).toBe(true);
    }
  });
});
