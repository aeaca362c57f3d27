/**
 * The Kafka protocol binding of CloudEvents 1.0 (binary content mode): attributes travel as
 * `ce_`-prefixed headers, the data is the record value and `content-type` is its media type.
 */
export const HEADER = {
  specversion: "ce_specversion",
  id: "ce_id",
  source: "ce_source",
  type: "ce_type",
  time: "ce_time",
  subject: "ce_subject",
  dataschema: "ce_dataschema",
  contentType: "content-type",
  traceparent: "traceparent",
} as const;

export const SPEC_VERSION = "1.0";
export const CONTENT_TYPE = "application/json";

/** What kafkajs hands a consumer (`KafkaMessage.headers`), without depending on kafkajs. */
export type IncomingHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Where a published JSON Schema is found: also its `$id`. */
export function dataSchemaUriOf(schemaId: string): string {
  return `urn:takedown:schema:${schemaId}`;
}

export type HeaderReading =
  { ok: true; value: string | undefined } | { ok: false; message: string };

/**
 * Reads one header as UTF-8. A header repeated with different values is refused: which copy a
 * reader takes would otherwise decide what the record means.
 */
export function readHeader(headers: IncomingHeaders | undefined, name: string): HeaderReading {
  const raw = headers?.[name];
  if (raw === undefined) return { ok: true, value: undefined };
  if (!Array.isArray(raw)) return { ok: true, value: asText(raw) };
  const first = raw[0];
  if (first === undefined) return { ok: true, value: undefined };
  const value = asText(first);
  for (let i = 1; i < raw.length; i++) {
    const other = raw[i];
    if (other !== undefined && asText(other) !== value) {
      return { ok: false, message: `header ${name} is repeated with different values` };
    }
  }
  return { ok: true, value };
}

function asText(value: Buffer | string): string {
  return typeof value === "string" ? value : value.toString("utf8");
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(?:-.*)?$/;

/**
 * W3C trace context: an invalid traceparent is ignored (treated as absent), as the
 * recommendation asks; it never makes a record unreadable.
 */
export function validTraceparent(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = TRACEPARENT.exec(value);
  if (match === null) return undefined;
  const [, version, traceId, parentId] = match;
  if (version === "ff" || (version === "00" && value.length !== 55)) return undefined;
  if (/^0+$/.test(traceId ?? "") || /^0+$/.test(parentId ?? "")) return undefined;
  return value;
}
