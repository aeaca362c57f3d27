import { REQUEST_TEMPLATE } from "./intake-client.js";
import {
  deeplyNested,
  mutateText,
  mutateValue,
  NASTY_URLS,
  randomJson,
  randomString,
  type Json,
} from "./fuzz-json.js";
import type { SeededRandom } from "./seeded-random.js";

/** What a malformed request attacks; the report counts statuses per kind. */
export const INTAKE_FUZZ_KINDS = [
  "random-json",
  "mutated-json",
  "mutated-text",
  "deep-nesting",
  "huge-string",
  "invalid-utf8",
  "content-type",
  "oversized-body",
  "oversized-headers",
  "idempotency-key",
  "auth",
  "evidence",
  "paths",
  "raw-http",
] as const;
export type IntakeFuzzKind = (typeof INTAKE_FUZZ_KINDS)[number];

/** Relative frequency of each kind: the expensive ones (bodies past 1 MiB) are rare. */
const WEIGHTS: Record<IntakeFuzzKind, number> = {
  "random-json": 12,
  "mutated-json": 24,
  "mutated-text": 12,
  "deep-nesting": 5,
  "huge-string": 3,
  "invalid-utf8": 5,
  "content-type": 7,
  "oversized-body": 0.3,
  "oversized-headers": 3,
  "idempotency-key": 8,
  auth: 8,
  evidence: 3,
  paths: 6,
  "raw-http": 2,
};

export interface FuzzHttpRequest {
  kind: IntakeFuzzKind;
  method: string;
  path: string;
  /** Values are sent as latin-1 bytes, so a header can carry invalid UTF-8. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
  /** A whole malformed HTTP/1.1 message, written on a connection of its own. */
  raw?: Buffer;
}

export interface IntakeFuzzContext {
  apiKey: string;
  evidenceId: string;
  /** Body limit of POST /v1/requests (intake's INTAKE_MAX_JSON_BYTES, 1 MiB by default). */
  maxJsonBytes: number;
}

function pickKind(random: SeededRandom): IntakeFuzzKind {
  const total = INTAKE_FUZZ_KINDS.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let roll = random.next() * total;
  for (const kind of INTAKE_FUZZ_KINDS) {
    roll -= WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return "mutated-json";
}

/** A request intake would accept; every malformed one starts from it or from nothing. */
export function validBody(n: number, evidenceId: string): { [key: string]: Json } {
  return {
    ...REQUEST_TEMPLATE,
    targets: [{ url: `https://x.com/fuzz/${n}`, note: "fuzz" }],
    evidence: [evidenceId],
  };
}

const latin1 = (text: string) => Buffer.from(text, "latin1").toString("latin1");

/** The n-th malformed request of a run: the same seed and n give the same request. */
export function intakeFuzzRequest(
  random: SeededRandom,
  n: number,
  context: IntakeFuzzContext,
): FuzzHttpRequest {
  const kind = pickKind(random);
  const auth = `Bearer ${context.apiKey}`;
  const json = (body: Buffer | string, extra: Record<string, string | string[]> = {}) => ({
    kind,
    method: "POST",
    path: "/v1/requests",
    headers: { authorization: auth, "content-type": "application/json", ...extra },
    body: typeof body === "string" ? Buffer.from(body) : body,
  });
  const valid = validBody(n, context.evidenceId);
  switch (kind) {
    case "random-json":
      return json(JSON.stringify(randomJson(random, 5)));
    case "mutated-json": {
      let value: Json = valid;
      for (let i = random.between(1, 3); i > 0; i--) value = mutateValue(random, value);
      if (random.chance(0.3)) value = { ...valid, targets: [{ url: random.pick(NASTY_URLS) }] };
      return json(JSON.stringify(value));
    }
    case "mutated-text":
      return json(mutateText(random, Buffer.from(JSON.stringify(valid))));
    case "deep-nesting": {
      const depth = random.pick([17, 64, 1000, 10_000, 100_000]);
      const nested = deeplyNested(random, depth);
      return json(random.chance(0.5) ? nested : `{"targets":${nested}}`);
    }
    case "huge-string": {
      const size = random.between(10_000, context.maxJsonBytes - 1000);
      const field = random.pick(["description", "legalBasisText", "category", "language"]);
      const filler = random.chance(0.5) ? "あ".repeat(Math.floor(size / 3)) : "a".repeat(size);
      return json(JSON.stringify({ ...valid, [field]: filler }));
    }
    case "invalid-utf8": {
      const text = Buffer.from(JSON.stringify(valid));
      const at = text.indexOf("load") + random.int(4);
      const bad = random.pick([
        [0xff],
        [0xc3],
        [0xed, 0xa0, 0x80],
        [0xf8, 0x88, 0x80, 0x80, 0x80],
        [0xc0, 0xaf],
      ]);
      return json(Buffer.concat([text.subarray(0, at), Buffer.from(bad), text.subarray(at)]));
    }
    case "content-type": {
      const type = random.pick([
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "application/jsonx",
        "application/problem+json",
        "application/xml",
        "*/*",
        "",
        latin1("application/json\xff"),
        "application/json; " + "a=b; ".repeat(500),
      ]);
      const request = json(JSON.stringify(valid), { "content-type": type });
      if (random.chance(0.2)) delete (request.headers as Record<string, unknown>)["content-type"];
      return request;
    }
    case "oversized-body":
      return json(
        JSON.stringify({
          ...valid,
          description: "a".repeat(context.maxJsonBytes + random.int(4096)),
        }),
      );
    case "oversized-headers": {
      const size = random.pick([8_000, 17_000, 40_000, 70_000]);
      const name = random.pick(["x-filler", "authorization", "idempotency-key", "cookie"]);
      const value = name === "authorization" ? `Bearer ${"k".repeat(size)}` : "v".repeat(size);
      return json(JSON.stringify(valid), { [name]: value });
    }
    case "idempotency-key": {
      const key = random.pick<string | string[]>([
        "",
        " ",
        "a b",
        "k".repeat(256),
        "k".repeat(10_000),
        latin1("caf\xe9"),
        latin1("\xff\xfe"),
        "\t",
        ["one", "two"],
        ["same", "same"],
        randomString(random, 30).replace(/[^\x20-\x7e]/g, "?"),
      ]);
      return json(JSON.stringify(valid), { "idempotency-key": key });
    }
    case "auth": {
      const value = random.pick([
        "",
        "Bearer",
        "Bearer ",
        "bearer " + context.apiKey,
        "Basic " + Buffer.from("moj:pw").toString("base64"),
        "Bearer " + context.apiKey.slice(0, -1),
        "Bearer " + context.apiKey + "x",
        "Bearer " + context.apiKey.toUpperCase(),
        "Bearer  " + context.apiKey,
        "Bearer " + randomString(random, 64).replace(/[^\x21-\x7e]/g, "z"),
        latin1("Bearer \xff\xfe\x80"),
        "Bearer tdk_" + "0".repeat(500),
        "Bearer " + "a.".repeat(100),
      ]);
      const request = json(JSON.stringify(valid), { authorization: value });
      if (random.chance(0.2)) delete (request.headers as Record<string, unknown>).authorization;
      return request;
    }
    case "evidence": {
      const body = random.pick([
        Buffer.alloc(0),
        random.bytes(random.between(1, 2048)),
        Buffer.from("%PDF-1.7 not really"),
        Buffer.from("<html><script>x</script>"),
        Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), random.bytes(16)]),
      ]);
      const type = random.pick([
        "image/png",
        "application/pdf",
        "text/html",
        "application/octet-stream",
        "image/svg+xml",
        "../../x",
        "",
        latin1("image/\xff"),
      ]);
      return {
        kind,
        method: "POST",
        path: "/v1/evidence",
        headers: { authorization: auth, "content-type": type },
        body,
      };
    }
    case "paths": {
      const junk =
        encodeURIComponent(randomString(random, 20).replace(/[\ud800-\udfff]/g, "?")).slice(
          0,
          40,
        ) || "x";
      const path = random.pick([
        `/v1/requests/${junk}`,
        `/v1/requests/${junk}/withdraw`,
        "/v1/requests/req_01ARZ3NDEKTSV4RRFFQ69G5FA/withdraw/extra",
        "/v1/requests/%zz",
        "/v1/../v1/requests",
        "/v1/requests?" + "a=1&".repeat(200),
        "/v2/requests",
        "/metrics/../openapi.json",
        "//v1//requests",
        `/${"a/".repeat(500)}`,
        "/v1/evidence/" + junk,
      ]);
      const method = random.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
      const body =
        method === "GET" || method === "HEAD"
          ? undefined
          : Buffer.from(JSON.stringify(randomJson(random, 3)));
      return {
        kind,
        method,
        path,
        headers: { authorization: auth, "content-type": "application/json" },
        ...(body === undefined ? {} : { body }),
      };
    }
    case "raw-http":
      return { kind, method: "RAW", path: "", headers: {}, raw: rawHttp(random, auth, valid) };
  }
}

/** Malformed HTTP/1.1: framing a client library would never send. */
function rawHttp(random: SeededRandom, auth: string, valid: Json): Buffer {
  const body = JSON.stringify(valid);
  const head = `POST /v1/requests HTTP/1.1\r\nhost: intake\r\nauthorization: ${auth}\r\ncontent-type: application/json\r\nconnection: close\r\n`;
  return Buffer.from(
    random.pick([
      `${head}content-length: ${body.length + 100}\r\n\r\n${body}`,
      `${head}content-length: -1\r\n\r\n${body}`,
      `${head}content-length: 5\r\ncontent-length: 7\r\n\r\n${body}`,
      `${head}transfer-encoding: chunked\r\ncontent-length: 3\r\n\r\n${body}`,
      `${head}transfer-encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
      `${head}transfer-encoding: chunked\r\n\r\nffffffffffffffff\r\n${body}\r\n0\r\n\r\n`,
      `${head}no colon here\r\n\r\n`,
      `${head}bad header\u0000: x\r\n\r\n`,
      `GARBAGE\r\n\r\n`,
      `GET /healthz\r\n\r\n`,
      `POST /v1/requests HTTP/9.9\r\nhost: x\r\n\r\n`,
      `${head}content-length: 2\r\n\r\n{}`,
      `${head}\n\n${body}`,
    ]),
    "latin1",
  );
}
