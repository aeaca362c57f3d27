import { decodeEvent, encodeEvent, sampleEvents } from "@takedown/contracts";

/**
 * decode + validate of a typical record per second on one core, next to a bare JSON.parse of
 * the same bytes in the same run. Run by hand: `npx tsc -b bench/contracts && node
 * bench/contracts/dist/main.js [seconds per round]`. Target: ≥ 100k events/s.
 */
const secondsPerRound = Number(process.argv[2] ?? "2");
const rounds = 3;

// A case.opened with one member is the most common record on the busiest topic.
const record = encodeEvent(sampleEvents["case.opened"]);
// kafkajs hands consumers Buffers for key, value and every header value.
const message = {
  key: Buffer.from(record.key ?? ""),
  value: record.value,
  headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)])),
};

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

const decode = () => {
  const result = decodeEvent(message, { topic: "takedown.cases.v1" });
  if (!result.ok) throw new Error(result.rejection.message);
  return result;
};
const parse = (): unknown => JSON.parse(message.value.toString("utf8"));

rate("warm-up decode", decode);
rate("warm-up parse", parse);
const decodeRates: number[] = [];
const parseRates: number[] = [];
for (let round = 0; round < rounds; round++) {
  parseRates.push(rate("JSON.parse", parse));
  decodeRates.push(rate("decodeEvent", decode));
}
const best = (rates: number[]) => Math.max(...rates);
const format = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;
const decodeRate = best(decodeRates);
const parseRate = best(parseRates);
console.log(
  `record: case.opened v1, ${record.value.length} bytes of data, ${Object.keys(record.headers).length} headers`,
);
console.log(`JSON.parse            ${format(parseRate)}`);
console.log(`decodeEvent+validate  ${format(decodeRate)}`);
console.log(`ratio decode/parse    ${(decodeRate / parseRate).toFixed(3)}`);
console.log(`target ≥ 100,000/s    ${decodeRate >= 100_000 ? "met" : "NOT met"}`);
