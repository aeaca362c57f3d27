import { createHash } from "node:crypto";
import type { EventDataOf, IncomingMessage, Rejection } from "@takedown/contracts";
import { decodeEvent } from "@takedown/contracts";
import { MAX_ENTRY_SIZE, canonicalJson } from "@takedown/transparency-log";
import { createAuditError } from "./errors.js";

export type AuditEntry = EventDataOf<"audit.entry">;

/** Where a carried record was read; offsets are decimal strings (they can pass 2^53). */
export interface SourcePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * Attributes that mark an entry whose record could not be decoded: the bytes are kept (base64)
 * rather than dropped, because the log records what the pipeline carried, not what was valid.
 */
export const REJECTION_ATTRIBUTE = "auditrejection";
export const REJECTION_MESSAGE_ATTRIBUTE = "auditrejectionmessage";
/** Marks an entry whose data was replaced by its digest to fit the 64 KiB entry limit. */
export const OMITTED_ATTRIBUTE = "auditdataomitted";

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The leaf for one carried record: RFC 8785 canonical JSON of the entry, so the same record at
 * the same index and time always hashes the same. Never throws on record content.
 */
export function buildAuditEntry(options: {
  message: IncomingMessage;
  position: SourcePosition;
  index: bigint;
  recordedAt: Date;
  /** The SPEC topic the record's events belong to, when the real name differs (tests). */
  decodeAs?: string;
}): { entry: AuditEntry; bytes: Uint8Array } {
  const { message, position } = options;
  const base = {
    index: options.index.toString(),
    recordedAt: options.recordedAt.toISOString(),
    source: { ...position, key: keyText(message.key) },
  };
  const decoded = decodeEvent(message, { topic: options.decodeAs ?? position.topic });
  let entry: AuditEntry;
  if (decoded.ok) {
    entry = { ...base, attributes: attributesOf(message), data: decoded.rawData };
  } else {
    entry = undecodableEntry(base, message, decoded.rejection);
  }
  let bytes = encodeEntry(entry);
  if (bytes === undefined && decoded.ok) {
    // Lone surrogates in JSON escapes parse but have no canonical form: keep the raw bytes.
    entry = undecodableEntry(base, message, {
      reason: "INVALID_JSON",
      message: "data has no RFC 8785 form",
      ceType: undefined,
      eventId: undefined,
      issues: [],
    });
    bytes = encodeEntry(entry);
  }
  if (bytes === undefined || bytes.length > MAX_ENTRY_SIZE) {
    entry = {
      ...entry,
      attributes: { ...entry.attributes, [OMITTED_ATTRIBUTE]: "entry over 64 KiB" },
      data: {
        omitted: {
          valueSha256: sha256Hex(message.value ?? Buffer.alloc(0)),
          size: message.value?.length ?? 0,
        },
      },
    };
    bytes = encodeEntry(entry) ?? utf8.encode(canonicalJson({ ...entry, attributes: {} }));
  }
  return { entry, bytes };
}

/** Parses the leaf bytes back into an entry; the log topic and the archive both carry them. */
export function parseAuditEntry(bytes: Uint8Array): AuditEntry {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch (cause) {
    throw createAuditError("AUDIT_ENTRY_MALFORMED", { detail: "not UTF-8 JSON", cause });
  }
  const entry = value as Partial<AuditEntry> | null;
  if (
    entry === null ||
    typeof entry !== "object" ||
    typeof entry.index !== "string" ||
    !/^(0|[1-9][0-9]*)$/.test(entry.index) ||
    typeof entry.recordedAt !== "string" ||
    typeof entry.source !== "object" ||
    typeof entry.attributes !== "object"
  ) {
    throw createAuditError("AUDIT_ENTRY_MALFORMED", { detail: "missing index, time or source" });
  }
  return entry as AuditEntry;
}

function undecodableEntry(
  base: Pick<AuditEntry, "index" | "recordedAt" | "source">,
  message: IncomingMessage,
  rejection: Rejection,
): AuditEntry {
  const headers: { key: string; valueBase64: string }[] = [];
  for (const [key, raw] of Object.entries(message.headers ?? {})) {
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const value of values)
      headers.push({ key, valueBase64: Buffer.from(value).toString("base64") });
  }
  return {
    ...base,
    attributes: {
      ...attributesOf(message),
      [REJECTION_ATTRIBUTE]: rejection.reason,
      [REJECTION_MESSAGE_ATTRIBUTE]: rejection.message.slice(0, 2000),
    },
    data: {
      valueBase64: message.value === null ? null : message.value.toString("base64"),
      headers,
    },
  };
}

/** CloudEvents attributes from the binary-mode headers: `ce_` names without the prefix. */
function attributesOf(message: IncomingMessage): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, raw] of Object.entries(message.headers ?? {})) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    const text = value === undefined ? undefined : textOf(value);
    if (text === undefined || /\p{Cs}/u.test(text)) continue;
    if (name.startsWith("ce_")) attributes[name.slice(3)] = text;
    else if (name === "content-type") attributes["datacontenttype"] = text;
    else if (name === "traceparent") attributes["traceparent"] = text;
  }
  return attributes;
}

function textOf(value: Buffer | string): string | undefined {
  if (typeof value === "string") return value;
  try {
    return strictUtf8.decode(value);
  } catch {
    return undefined;
  }
}

function keyText(key: Buffer | string | null): string | null {
  if (key === null) return null;
  return typeof key === "string" ? key : key.toString("utf8");
}

function encodeEntry(entry: AuditEntry): Uint8Array | undefined {
  try {
    return utf8.encode(canonicalJson(entry));
  } catch {
    return undefined;
  }
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
