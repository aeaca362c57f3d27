import { createHash, randomBytes } from "node:crypto";
import { caseIdFor } from "@takedown/contracts";
import { CaseStore, type CaseRecord } from "@takedown/dedup";

/**
 * Run as its own process so nothing else sits in the heap:
 *   node --expose-gc bench/dedup/dist/state-memory.js <compact|plain> <cases> <members per case>
 * Prints one JSON line: bytes of RSS and of V8 heap per open case. `plain` keeps the same data
 * as a Map of hex keys to ordinary objects: the baseline the compact store is compared with.
 */
const [mode = "compact", casesText = "1000000", membersText = "1"] = process.argv.slice(2);
const cases = Number(casesText);
const membersPerCase = Number(membersText);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const pool = randomBytes(1 << 16);
let at = 0;
function ulid(): string {
  let text = "0";
  for (let i = 1; i < 26; i++) text += ALPHABET[(pool[at++ & 0xffff] ?? 0) & 31];
  return text;
}
const organs = ["moj-tokyo", "moj-osaka", "moj-nagoya", "consult-sapporo", "moj-fukuoka"];

function recordFor(contentKey: string, i: number): CaseRecord {
  return {
    caseId: caseIdFor(contentKey, ulid()),
    state: "open",
    members: Array.from({ length: membersPerCase }, (_, m) => ({
      targetId: `req_${ulid()}#${1 + ((i + m) % 100)}`,
      organId: organs[(i + m) % organs.length] ?? "moj-tokyo",
      withdrawn: false,
    })),
    earlierTargetIds: [],
  };
}

const store = new CaseStore();
const plain = new Map<string, CaseRecord>();
gc();
gc();
const before = process.memoryUsage();
for (let i = 0; i < cases; i++) {
  const contentKey = createHash("sha256").update(String(i)).digest("hex");
  if (mode === "compact") store.write(i % 12, contentKey, recordFor(contentKey, i));
  else plain.set(contentKey, recordFor(contentKey, i));
}
gc();
gc();
const after = process.memoryUsage();
const held = mode === "compact" ? store.size : plain.size;
if (held !== cases) throw new Error(`held ${held} of ${cases}`);
console.log(
  JSON.stringify({
    mode,
    cases,
    membersPerCase,
    rssPerCase: (after.rss - before.rss) / cases,
    heapPerCase: (after.heapUsed - before.heapUsed) / cases,
  }),
);
