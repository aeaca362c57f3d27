import {
  IncrementalMerkleTree,
  MemoryHashStore,
  NoteSigner,
  consistencyProof,
  generateNoteKey,
  inclusionProof,
  leafHash,
  signCheckpoint,
} from "@takedown/transparency-log";
import { describe, expect, it } from "vitest";
import { verifyCheckpoint } from "./checkpoint-verification.js";
import type { VerifiedCheckpoint } from "./checkpoint-verification.js";
import { openLogKey } from "./log-key.js";
import { verifyCheckpointConsistency, verifyEntryInclusion } from "./proof-verification.js";

const ORIGIN = "audit.takedown.test/log";
const keys = generateNoteKey(ORIGIN);
const signer = NoteSigner.fromSignerKey(keys.signerKey);
const b64 = (hashes: readonly Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("base64"));

/** A log of JSON entries as the audit service writes them, with its signed checkpoint per size. */
class TestLog {
  readonly leaves: string[] = [];
  readonly store = new MemoryHashStore();
  readonly #tree = new IncrementalMerkleTree();

  constructor(entries: readonly string[]) {
    for (const entry of entries) this.append(entry);
  }

  append(entry: string): void {
    this.leaves.push(entry);
    this.store.add(this.#tree.appendLeafHash(leafHash(Buffer.from(entry))));
  }

  checkpoint(): string {
    return signCheckpoint(
      { origin: ORIGIN, size: this.#tree.size, rootHash: this.#tree.root(), extensions: [] },
      signer,
    );
  }

  async entryWithProof(index: number) {
    const size = BigInt(this.leaves.length);
    return {
      index: String(index),
      treeSize: String(size),
      leaf: this.leaves[index] as string,
      leafHash: b64([leafHash(Buffer.from(this.leaves[index] as string))])[0],
      proof: b64(await inclusionProof(BigInt(index), size, this.store)),
    };
  }
}

const entry = (i: number, fork = "") => `{"data":{"caseId":"case_${i}${fork}"},"index":"${i}"}`;
const entries = (from: number, to: number, fork = "") =>
  Array.from({ length: to - from }, (_, i) => entry(from + i, fork));

async function verified(note: string): Promise<VerifiedCheckpoint> {
  const verdict = await verifyCheckpoint(note, await openLogKey(keys.verifierKey), {
    origin: ORIGIN,
  });
  if (!verdict.ok) throw new Error(verdict.message);
  return verdict.value;
}

describe("verifyEntryInclusion", () => {
  it("hashes the entry itself and proves it in the signed tree, listing each claim", async () => {
    const log = new TestLog(entries(0, 300));
    const checkpoint = await verified(log.checkpoint());
    for (const index of [0, 1, 255, 256, 299]) {
      const verdict = await verifyEntryInclusion(checkpoint, await log.entryWithProof(index));
      expect(verdict.ok, `entry ${index}`).toBe(true);
      expect(verdict.verified.map((claim) => claim.claim)).toEqual([
        "checkpoint-signature",
        "checkpoint-origin",
        "leaf-hash",
        "inclusion",
      ]);
      expect(verdict.verified[3]).toMatchObject({ index: String(index), treeSize: "300" });
    }
  });

  it("catches an altered entry, a lying leaf hash, a proof for another size and bad input", async () => {
    const log = new TestLog(entries(0, 20));
    const checkpoint = await verified(log.checkpoint());
    const good = await log.entryWithProof(7);
    const altered = good.leaf.replace("case_7", "case_8");
    const cases = [
      [{ ...good, leaf: altered }, "LEAF_HASH_MISMATCH"],
      // Without the server's leaf hash the altered entry fails at the proof instead.
      [{ ...good, leaf: altered, leafHash: undefined }, "INCLUSION_FAILED"],
      [{ ...good, index: "8" }, "INCLUSION_FAILED"],
      [{ ...good, treeSize: "19" }, "TREE_SIZE_MISMATCH"],
      [{ ...good, proof: [...good.proof.slice(1), good.proof[0] as string] }, "INCLUSION_FAILED"],
      [{ ...good, proof: [...good.proof, "AAAA"] }, "PROOF_MALFORMED"],
      [{ ...good, index: "07" }, "PROOF_MALFORMED"],
    ] as const;
    for (const [input, code] of cases) {
      const verdict = await verifyEntryInclusion(checkpoint, input);
      expect(verdict.ok ? "ok" : verdict.code, JSON.stringify(input)).toBe(code);
    }
    expect((await verifyEntryInclusion(checkpoint, good)).ok).toBe(true);
  });

  it("refuses a checkpoint that did not come out of verifyCheckpoint", async () => {
    const log = new TestLog(entries(0, 4));
    const real = await verified(log.checkpoint());
    const copied = { ...real };
    await expect(verifyEntryInclusion(copied, await log.entryWithProof(1))).rejects.toMatchObject({
      code: "LOGWEB_UNVERIFIED_CHECKPOINT",
    });
  });
});

describe("verifyCheckpointConsistency", () => {
  it("accepts every growth of the log from each size it was seen at", async () => {
    const log = new TestLog([]);
    const seen: { size: number; checkpoint: VerifiedCheckpoint }[] = [];
    for (let size = 1; size <= 40; size++) {
      log.append(entry(size - 1));
      seen.push({ size, checkpoint: await verified(log.checkpoint()) });
    }
    const latest = seen.at(-1)?.checkpoint as VerifiedCheckpoint;
    for (const { size, checkpoint } of seen) {
      const proof = b64(await consistencyProof(BigInt(size), 40n, log.store));
      const verdict = await verifyCheckpointConsistency(checkpoint, latest, proof);
      expect(verdict.ok, `${size} → 40`).toBe(true);
      expect(verdict.verified).toEqual([
        expect.objectContaining({ claim: "consistency", oldSize: String(size), newSize: "40" }),
      ]);
    }
  });

  it("catches a forked log, a rewritten entry, a shrunk log and another log", async () => {
    const honest = new TestLog(entries(0, 30));
    const old = await verified(new TestLog(entries(0, 17)).checkpoint());
    const current = await verified(honest.checkpoint());
    const honestProof = b64(await consistencyProof(17n, 30n, honest.store));
    expect((await verifyCheckpointConsistency(old, current, honestProof)).ok).toBe(true);

    // A fork from entry 10 on: same origin and key, its own valid proofs, another history.
    const forked = new TestLog([...entries(0, 10), ...entries(10, 30, "-forked")]);
    const forkedCheckpoint = await verified(forked.checkpoint());
    const forkedProof = b64(await consistencyProof(17n, 30n, forked.store));
    const fork = await verifyCheckpointConsistency(old, forkedCheckpoint, forkedProof);
    expect(fork).toMatchObject({ ok: false, code: "CONSISTENCY_FAILED" });
    expect(await verifyCheckpointConsistency(old, forkedCheckpoint, honestProof)).toMatchObject({
      ok: false,
      code: "CONSISTENCY_FAILED",
    });

    // The same size with another root is a fork too, whatever proof comes with it.
    const sameSize = await verified(new TestLog([...entries(0, 16), entry(16, "-x")]).checkpoint());
    expect(await verifyCheckpointConsistency(old, sameSize, [])).toMatchObject({
      ok: false,
      code: "CONSISTENCY_FAILED",
      message: expect.stringMatching(/same size/) as string,
    });
    expect(await verifyCheckpointConsistency(current, old, honestProof)).toMatchObject({
      ok: false,
      code: "TREE_SHRANK",
    });
    expect(await verifyCheckpointConsistency(old, current, ["%%%"])).toMatchObject({
      ok: false,
      code: "PROOF_MALFORMED",
    });

    const otherKeys = generateNoteKey("audit.other.test/log");
    const otherLog = signCheckpoint(
      { origin: "audit.other.test/log", size: 30n, rootHash: current.rootHash, extensions: [] },
      NoteSigner.fromSignerKey(otherKeys.signerKey),
    );
    const other = await verifyCheckpoint(otherLog, await openLogKey(otherKeys.verifierKey));
    if (!other.ok) throw new Error(other.message);
    expect(await verifyCheckpointConsistency(old, other.value, honestProof)).toMatchObject({
      ok: false,
      code: "ORIGIN_MISMATCH",
    });
  });
});
