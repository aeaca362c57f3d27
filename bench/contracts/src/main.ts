import { decodeEvent, encodeEvent } from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";

/**
 * decode + validate of a typical record per second on one core, next to a bare JSON.parse of
 * the same bytes in the same run. Run by hand: `npx tsc -b bench/contracts && node
 * bench/contracts/dist/main.js [seconds per round]`. Target: ≥ 100k events/s.
 */
const secondsPerRound = Number(process.argv[2] ?? "2");
const rounds = 3;

// case.opened (one member, ~1 KB) is the typical record of the busiest topic; a platform's
// response.submitted (~0.4 KB) is the typical small one.
const samples = [
  { type: "case.opened", topic: "takedown.cases.v1" },
  { type: "response.submitted", topic: "takedown.responses.x.v1" },
] as const;

function rate(label: string, work: () => unknown): number {
  let sink = 0;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(secondsPerRound * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 1000; i++) if (work() !== undefined) sink++;
    count += 1000;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink !== count) throw new Error(`${label}: work returned nothing`);
  return count / seconds;
}

const format = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`.padStart(12);
let typicalRate = 0;
for (const sample of samples) {
  const record = encodeEvent(sampleEvents[sample.type]);
  // kafkajs hands consumers Buffers for key, value and every header value.
  const message = {
    key: Buffer.from(record.key ?? ""),
    value: record.value,
    headers: Object.fromEntries(
      Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
  };
  const decode = () => {
    const result = decodeEvent(message, { topic: sample.topic });
    if (!result.ok) throw new Error(result.rejection.message);
    return result;
  };
  const parse = (): unknown => JSON.parse(message.value.toString("utf8"));
  rate("warm-up decode", decode);
  rate("warm-up parse", parse);
  let decodeRate = 0;
  let parseRate = 0;
  // Interleaved rounds, best of each: both see the same machine load.
  for (let round = 0; round < rounds; round++) {
    parseRate = Math.max(parseRate, rate("JSON.parse", parse));
    decodeRate = Math.max(decodeRate, rate("decodeEvent", decode));
  }
  if (sample.type === "case.opened") typicalRate = decodeRate;
  console.log(
    `${sample.type} v1: ${record.value.length} bytes of data, ${Object.keys(record.headers).length} headers`,
  );
  console.log(`  JSON.parse           ${format(parseRate)}`);
  console.log(`  decodeEvent+validate ${format(decodeRate)}`);
  console.log(`  ratio decode/parse   ${(decodeRate / parseRate).toFixed(3)}`);
}
console.log(`target ≥ 100,000/s (case.opened): ${typicalRate >= 100_000 ? "met" : "NOT met"}`);
