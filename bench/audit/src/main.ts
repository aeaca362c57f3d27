import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { buildAuditEntry } from "@takedown/audit";
import { createEvent, encodeEvent, sampleEvents } from "@takedown/contracts";
import {
  IncrementalMerkleTree,
  MemoryHashStore,
  NoteSigner,
  TILE_WIDTH,
  encodeEntryBundle,
  generateNoteKey,
  leafHash,
  readHashTileData,
  signCheckpoint,
  tilePath,
  tilesForGrowth,
  verifyLog,
} from "@takedown/transparency-log";

/**
 * By hand: `pnpm --filter @takedown/bench-audit bench` (BENCH_ENTRIES, default 100000).
 * 1. Whole-log verification (verifyLog over in-memory tiles) vs raw SHA-256 of the same entry
 *    bytes, in the same run (goal ≥ 0.5×).
 * 2. The appender's per-record work without the broker: decode, build the canonical entry,
 *    encode the audit.entry record, extend the tree.
 */
const COUNT = Number(process.env["BENCH_ENTRIES"] ?? 100_000);
const ORIGIN = "bench.takedown/log";
const types = [
  "target.submitted",
  "case.opened",
  "notice.issued",
  "response.submitted",
  "case.state_changed",
] as const;
const records = types.map((type) => {
  const encoded = encodeEvent(sampleEvents[type]);
  return {
    key: Buffer.from(encoded.key ?? ""),
    value: encoded.value,
    headers: encoded.headers,
    type,
  };
});
const topicOf: Record<string, string> = {
  "target.submitted": "takedown.targets.v1",
  "case.opened": "takedown.cases.v1",
  "notice.issued": "takedown.notices.x.v1",
  "response.submitted": "takedown.responses.x.v1",
  "case.state_changed": "takedown.cases.v1",
};

function appendRun(): { seconds: number; entries: Uint8Array[] } {
  const tree = new IncrementalMerkleTree();
  const entries: Uint8Array[] = [];
  const recordedAt = new Date();
  const start = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const record = records[i % records.length] as (typeof records)[number];
    const index = BigInt(i);
    const { entry, bytes } = buildAuditEntry({
      message: record,
      position: { topic: topicOf[record.type] as string, partition: i % 12, offset: String(i) },
      index,
      recordedAt,
    });
    encodeEvent(
      createEvent("audit.entry", entry, {
        source: "/takedown/audit",
        id: `audit-entry-${i}`,
        time: recordedAt,
      }),
    );
    tree.appendLeafHash(leafHash(bytes));
    entries.push(bytes);
  }
  return { seconds: (performance.now() - start) / 1000, entries };
}

async function publish(entries: readonly Uint8Array[]) {
  const keys = generateNoteKey(ORIGIN);
  const signer = NoteSigner.fromSignerKey(keys.signerKey);
  const tree = new IncrementalMerkleTree();
  const store = new MemoryHashStore();
  for (const entry of entries) store.add(tree.appendLeafHash(leafHash(entry)));
  const files = new Map<string, Uint8Array>();
  const { hashTiles, entryBundles } = tilesForGrowth(0n, tree.size);
  for (const tile of hashTiles) files.set(tilePath(tile), await readHashTileData(tile, store));
  for (const bundle of entryBundles) {
    const first = Number(bundle.index) * TILE_WIDTH;
    files.set(tilePath(bundle), encodeEntryBundle(entries.slice(first, first + bundle.width)));
  }
  const checkpoint = signCheckpoint(
    { origin: ORIGIN, size: tree.size, rootHash: tree.root(), extensions: [] },
    signer,
  );
  return { files, checkpoint, verifierKey: keys.verifierKey };
}

const append = appendRun();
const entries = append.entries;
const bytes = entries.reduce((sum, e) => sum + e.length, 0);
const log = await publish(entries);

let shaSeconds = Infinity;
let verifySeconds = Infinity;
for (let round = 0; round < 3; round++) {
  let start = performance.now();
  for (const entry of entries) createHash("sha256").update(entry).digest();
  shaSeconds = Math.min(shaSeconds, (performance.now() - start) / 1000);
  start = performance.now();
  const result = await verifyLog({
    source: { read: (path) => Promise.resolve(log.files.get(path)) },
    checkpoints: [log.checkpoint],
    verifierKey: log.verifierKey,
  });
  verifySeconds = Math.min(verifySeconds, (performance.now() - start) / 1000);
  if (!result.ok) throw new Error(`verification failed: ${result.problem.message}`);
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
console.log(
  `entries: ${COUNT}, mean entry ${Math.round(bytes / COUNT)} bytes, node ${process.version}`,
);
console.log(`raw SHA-256 of the entry bytes: ${rate(COUNT, shaSeconds)} entries/s`);
console.log(
  `verifyLog (tiles, root, signature): ${rate(COUNT, verifySeconds)} entries/s = ${(shaSeconds / verifySeconds).toFixed(2)}× raw SHA-256 (goal ≥ 0.5×)`,
);
console.log(
  `appender CPU path (decode, canonical entry, encode record, tree): ${rate(COUNT, append.seconds)} records/s (single run, no broker)`,
);
