import { createHash } from "node:crypto";
import { randomJson, mutateValue, type Json } from "./fuzz-json.js";
import type { SeededRandom } from "./seeded-random.js";

export const RECORD_FUZZ_KINDS = [
  "random-bytes",
  "random-headers",
  "missing-header",
  "lying-type",
  "bad-attribute",
  "invalid-data",
  "mutated-data",
  "wrong-key",
  "other-platform",
  "invalid-utf8",
  "tombstone",
  "unknown-case",
  "oversize",
] as const;
export type RecordFuzzKind = (typeof RECORD_FUZZ_KINDS)[number];

const WEIGHTS: Record<RecordFuzzKind, number> = {
  "random-bytes": 10,
  "random-headers": 6,
  "missing-header": 10,
  "lying-type": 10,
  "bad-attribute": 8,
  "invalid-data": 12,
  "mutated-data": 12,
  "wrong-key": 10,
  "other-platform": 4,
  "invalid-utf8": 6,
  tombstone: 2,
  "unknown-case": 6,
  oversize: 0.6,
};

/** Every record carries it, so its DLQ entry can be found whatever else is wrong with it. */
export const FUZZ_ID_HEADER = "fuzz-record";

/** Any reason the decoder or routing may give: for records whose mutation is random. */
const ANY_REASON = [
  "MISSING_HEADER",
  "INVALID_HEADER",
  "UNKNOWN_TYPE",
  "UNKNOWN_MAJOR_VERSION",
  "INVALID_JSON",
  "INVALID_DATA",
  "KEY_MISMATCH",
  "WRONG_TOPIC",
  "UNKNOWN_CASE",
];

export type FuzzHeaders = Record<string, string | Buffer | (string | Buffer)[]>;

export interface FuzzRecord {
  n: number;
  kind: RecordFuzzKind;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: FuzzHeaders;
  partition: number;
  /** The DLQ reasons that are right for this record. */
  expected: readonly string[];
  /** Set when the record is well-formed enough to be re-keyed: its ce_id identifies it then. */
  ceId?: string;
}

export interface RecordFuzzContext {
  platformId: string;
  otherPlatformId: string;
  partitions: number;
  /** Makes ids unique to the run. */
  runId: string;
}

/** A content key, a case id embedding it and a well-formed answer about that (unknown) case. */
export function validResponse(n: number, context: RecordFuzzContext, actedAt: string) {
  const contentKey = createHash("sha256").update(`${context.runId}/${n}`).digest("hex");
  const caseId = `case_${contentKey.slice(0, 16)}_01J${"0".repeat(20)}${String(n % 1000).padStart(3, "0")}`;
  const data = {
    caseId,
    contentKey,
    platformId: context.platformId,
    noticeRevision: 1,
    action: "removed",
    reasonCode: "illegal_content",
    actedAt,
  };
  return { contentKey, data };
}

export function responseHeaders(ceId: string, time: string, platformId: string): FuzzHeaders {
  return {
    ce_specversion: "1.0",
    ce_id: ceId,
    ce_source: `/platforms/${platformId}`,
    ce_type: "jp.takedown.response.submitted.v1",
    ce_time: time,
    "content-type": "application/json",
  };
}

function pickKind(random: SeededRandom): RecordFuzzKind {
  const total = RECORD_FUZZ_KINDS.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let roll = random.next() * total;
  for (const kind of RECORD_FUZZ_KINDS) {
    roll -= WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return "random-bytes";
}

/** The n-th malformed record for the platform's responses topic. */
export function responseFuzzRecord(
  random: SeededRandom,
  n: number,
  context: RecordFuzzContext,
): FuzzRecord {
  const kind = pickKind(random);
  const time = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  const ceId = `fuzz-${context.runId}-${n}`;
  const { contentKey, data } = validResponse(n, context, time);
  const headers = responseHeaders(ceId, time, context.platformId);
  const partition = random.int(context.partitions);
  const record = (
    expected: readonly string[],
    parts: {
      key?: Buffer | string | null;
      value?: Buffer | null;
      headers?: FuzzHeaders;
      passes?: boolean;
    },
  ): FuzzRecord => ({
    n,
    kind,
    key: parts.key === undefined ? contentKey : parts.key,
    value: parts.value === undefined ? Buffer.from(JSON.stringify(data)) : parts.value,
    headers: { ...(parts.headers ?? headers), [FUZZ_ID_HEADER]: `${context.runId}:${n}` },
    partition,
    expected,
    ...(parts.passes === true ? { ceId } : {}),
  });
  switch (kind) {
    case "random-bytes":
      return record(["INVALID_JSON", "INVALID_DATA"], {
        value: random.bytes(random.between(1, 2000)),
      });
    case "random-headers": {
      const random_headers: FuzzHeaders = {};
      for (let i = random.int(6); i > 0; i--)
        random_headers[`h-${random.text(6, "abcdefgh")}`] = random.bytes(random.between(0, 40));
      return record(["MISSING_HEADER"], {
        headers: random_headers,
        value: random.bytes(random.int(300)),
      });
    }
    case "missing-header": {
      const name = random.pick(["ce_type", "ce_specversion", "ce_id", "ce_source", "ce_time"]);
      const copy: FuzzHeaders = { ...headers };
      if (random.chance(0.5) || name === "ce_type") delete copy[name];
      else copy[name] = "";
      return record(["MISSING_HEADER"], { headers: copy });
    }
    case "lying-type": {
      const [type, reason] = random.pick([
        ["jp.takedown.response.sent.v1", "UNKNOWN_TYPE"],
        ["com.example.response.submitted.v1", "UNKNOWN_TYPE"],
        ["", "UNKNOWN_TYPE"],
        ["jp.takedown.response.submitted", "UNKNOWN_TYPE"],
        ["jp.takedown.response.submitted.v2", "UNKNOWN_MAJOR_VERSION"],
        ["jp.takedown.response.submitted.v99999999999999999999", "UNKNOWN_MAJOR_VERSION"],
        ["jp.takedown.notice.issued.v1", "WRONG_TOPIC"],
        ["jp.takedown.case.state_changed.v1", "WRONG_TOPIC"],
        ["jp.takedown.record.rejected.v1", "WRONG_TOPIC"],
        ["jp.takedown.audit.entry.v1", "WRONG_TOPIC"],
      ] as const);
      const expected =
        reason === "UNKNOWN_MAJOR_VERSION" ? ["UNKNOWN_MAJOR_VERSION", "UNKNOWN_TYPE"] : [reason];
      return record(expected, { headers: { ...headers, ce_type: type } });
    }
    case "bad-attribute": {
      const change = random.pick<FuzzHeaders>([
        { ce_specversion: "0.3" },
        { ce_specversion: "1.0 " },
        { ce_time: "yesterday" },
        { ce_time: "2026-01-01T00:00:00" },
        { ce_time: "2026-13-45T25:61:61Z" },
        { "content-type": "application/avro" },
        { "content-type": "text/json" },
        { ce_type: ["jp.takedown.response.submitted.v1", "jp.takedown.notice.issued.v1"] },
        { ce_id: ["a", "b"] },
      ]);
      return record(["INVALID_HEADER"], { headers: { ...headers, ...change } });
    }
    case "invalid-data": {
      const broken = random.pick<Json>([
        { ...data, noticeRevision: 0 },
        { ...data, noticeRevision: "1" },
        { ...data, noticeRevision: 1.5 },
        { ...data, action: "nuked" },
        { ...data, reasonCode: "because" },
        { ...data, actedAt: "soon" },
        { ...data, text: "" },
        { ...data, text: "t".repeat(10_001) },
        { ...data, automatedDecision: "yes" },
        { ...data, caseId: "case_x" },
        { ...data, contentKey: contentKey.toUpperCase() },
        { ...data, platformId: "X" },
        [],
        null,
        "response",
        42,
        randomJson(random, 3),
      ]);
      return record(["INVALID_DATA"], { value: Buffer.from(JSON.stringify(broken)) });
    }
    case "mutated-data": {
      let value: Json = data;
      for (let i = random.between(1, 3); i > 0; i--) value = mutateValue(random, value);
      return record(ANY_REASON, { value: Buffer.from(JSON.stringify(value)), passes: true });
    }
    case "wrong-key": {
      const key = random.pick<Buffer | string | null>([
        null,
        "",
        createHash("sha256").update(`other/${n}`).digest("hex"),
        contentKey.toUpperCase(),
        `${contentKey} `,
        random.bytes(32),
        Buffer.from([0xff, 0xfe, 0xfd]),
      ]);
      if (random.chance(0.3)) {
        const other = createHash("sha256").update(`case/${n}`).digest("hex");
        const value = {
          ...data,
          caseId: data.caseId.replace(contentKey.slice(0, 16), other.slice(0, 16)),
        };
        return record(["KEY_MISMATCH"], { value: Buffer.from(JSON.stringify(value)) });
      }
      return record(["KEY_MISMATCH"], { key });
    }
    case "other-platform": {
      const value = { ...data, platformId: context.otherPlatformId };
      return record(["WRONG_TOPIC"], { value: Buffer.from(JSON.stringify(value)) });
    }
    case "invalid-utf8": {
      if (random.chance(0.5)) {
        const text = Buffer.from(JSON.stringify({ ...data, text: "AB" }));
        const at = text.indexOf('"AB"') + 2;
        const value = Buffer.concat([
          text.subarray(0, at),
          Buffer.from([0xff, 0xc3]),
          text.subarray(at),
        ]);
        return record(["INVALID_JSON"], { value });
      }
      const type = Buffer.concat([
        Buffer.from("jp.takedown.response.submitted.v1"),
        Buffer.from([0xff]),
      ]);
      return record(["UNKNOWN_TYPE"], { headers: { ...headers, ce_type: type } });
    }
    case "tombstone":
      return record(["INVALID_JSON"], { value: null });
    case "unknown-case":
      return record(["UNKNOWN_CASE"], { passes: true });
    case "oversize": {
      const size = random.between(600_000, 1_000_000);
      const variant = random.int(4);
      if (variant === 0)
        return record(["INVALID_JSON", "INVALID_DATA"], { value: random.bytes(size) });
      if (variant === 1)
        return record(["INVALID_HEADER"], { headers: { ...headers, ce_time: "9".repeat(size) } });
      if (variant === 2) return record(["KEY_MISMATCH"], { key: "k".repeat(size) });
      const many: FuzzHeaders = { ...headers };
      for (let i = 0; i < 2000; i++) many[`x-${i}`] = "v".repeat(Math.floor(size / 2000));
      return record(["UNKNOWN_CASE"], { headers: many, passes: true });
    }
  }
}
