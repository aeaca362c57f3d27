import { createHash, hash } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";
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
 * By hand: `pnpm run build && pnpm exec node bench/audit/dist/main.js` (BENCH_ENTRIES, default
 * 100000; BENCH_RUNS, default 5).
 * 1. Whole-log verification (verifyLog over in-memory tiles) vs raw SHA-256 of the same entry
 *    bytes (goal ≥ 0.5×). Each run times the baselines and verifyLog back to back and yields
 *    one ratio; the spread over runs is printed with the load average at the start of each run,
 *    because the machine's cores are shared and one figure says little.
 * 2. The appender's per-record work without the broker: decode, build the canonical entry,
 *    encode the audit.entry record, extend the tree.
 */
const COUNT = Number(process.env["BENCH_ENTRIES"] ?? 100_000);
const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
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

/**
 * Garbage left by one pass would otherwise be collected, and billed, during the next one; a full
 * collection before every timed pass bills each pass for its own allocations only.
 */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/**
 * Wall time, and CPU time of the whole process (the main thread and V8's GC threads): on shared
 * cores the wall time also counts the time other work held the core, CPU time does not.
 */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function timed(work: () => void | Promise<void>): Promise<Timing> {
  collectGarbage();
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** What the goal was set against when verifyLog landed: one createHash object per entry. */
function hashEntriesWithCreateHash(): void {
  for (const entry of entries) createHash("sha256").update(entry).digest();
}

/** The cheapest SHA-256 of every entry Node offers: a floor no verifier can beat. */
function hashEntriesOneShot(): void {
  for (const entry of entries) hash("sha256", entry, "buffer");
}

async function verifyWholeLog(): Promise<void> {
  const result = await verifyLog({
    source: { read: (path) => Promise.resolve(log.files.get(path)) },
    checkpoints: [log.checkpoint],
    verifierKey: log.verifierKey,
  });
  if (!result.ok) throw new Error(`verification failed: ${result.problem.message}`);
}

interface Run {
  readonly loadAverage: string;
  readonly createHash: Timing;
  readonly oneShot: Timing;
  readonly verify: Timing;
}

const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

// Warm-up: the first pass of each compiles and sizes the heap.
hashEntriesWithCreateHash();
hashEntriesOneShot();
await verifyWholeLog();

const runs: Run[] = [];
for (let run = 0; run < RUNS; run++) {
  const load = loadAverage();
  // Baselines and subject take turns, in an order that flips every run, so a load change during
  // a run weighs on both sides of its ratio.
  if (run % 2 === 0) {
    const createHashTiming = await timed(hashEntriesWithCreateHash);
    const verify = await timed(verifyWholeLog);
    const oneShot = await timed(hashEntriesOneShot);
    runs.push({ loadAverage: load, createHash: createHashTiming, oneShot, verify });
  } else {
    const oneShot = await timed(hashEntriesOneShot);
    const verify = await timed(verifyWholeLog);
    const createHashTiming = await timed(hashEntriesWithCreateHash);
    runs.push({ loadAverage: load, createHash: createHashTiming, oneShot, verify });
  }
}

const rate = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
const times = (value: number) => `${value.toFixed(2)}×`;
function spread(values: readonly number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return `min ${times(sorted[0] as number)} median ${times(median)} max ${times(sorted.at(-1) as number)}`;
}

console.log(
  `entries: ${COUNT}, mean entry ${Math.round(bytes / COUNT)} bytes, node ${process.version}, ${RUNS} runs`,
);
console.log(
  "run  load at start   wall: createHash/s one-shot/s verifyLog/s  ratio | cpu: ratio  vs one-shot",
);
runs.forEach((r, index) => {
  console.log(
    [
      String(index + 1).padEnd(4),
      r.loadAverage.padEnd(15),
      rate(COUNT, r.createHash.wall).padStart(18),
      rate(COUNT, r.oneShot.wall).padStart(10),
      rate(COUNT, r.verify.wall).padStart(11),
      times(r.createHash.wall / r.verify.wall).padStart(6),
      "|",
      times(r.createHash.cpu / r.verify.cpu).padStart(10),
      times(r.oneShot.cpu / r.verify.cpu).padStart(11),
    ].join(" "),
  );
});
const wallRatios = runs.map((r) => r.createHash.wall / r.verify.wall);
const cpuRatios = runs.map((r) => r.createHash.cpu / r.verify.cpu);
console.log(
  `verifyLog (tiles, root, signature) vs raw SHA-256 (createHash per entry), goal ≥ 0.5×:\n` +
    `  wall time ${spread(wallRatios)}\n` +
    `  CPU time  ${spread(cpuRatios)}`,
);
console.log(
  `verifyLog vs one-shot crypto.hash per entry (CPU time): ${spread(runs.map((r) => r.oneShot.cpu / r.verify.cpu))}`,
);
console.log(
  `appender CPU path (decode, canonical entry, encode record, tree): ${rate(COUNT, append.seconds)} records/s (single run, no broker)`,
);
