import { createTransparencyLogError } from "./errors.js";

/**
 * RFC 8785 (JCS) serialization of audit entries: object keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify prints them, no whitespace. The same event
 * always yields the same entry bytes. Values JSON.stringify would drop (undefined, functions) are
 * dropped from objects and become null in arrays, like JSON.stringify; toJSON() is honoured.
 *
 * Own implementation: canonicalize@2.1.0's typings are not importable from NodeNext ESM.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, new Set());
  if (text === undefined) throw invalid("value has no JSON form");
  return text;
}

function serialize(value: unknown, ancestors: Set<object>): string | undefined {
  const json = hasToJson(value) ? value.toJSON() : value;
  switch (typeof json) {
    case "string":
      // I-JSON (required by RFC 8785 §3.1): a lone surrogate has no UTF-8 form.
      if (/\p{Cs}/u.test(json)) throw invalid("lone surrogate in a string");
      return JSON.stringify(json);
    case "number":
      if (!Number.isFinite(json)) throw invalid(`${json} is not a JSON number`);
      // ECMAScript Number-to-String is exactly RFC 8785 §3.2.2.3; -0 prints as 0.
      return JSON.stringify(json);
    case "boolean":
      return json ? "true" : "false";
    case "bigint":
      throw invalid("bigint has no JSON form; convert it to a string or number first");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "object":
      if (json === null) return "null";
      if (ancestors.has(json)) throw invalid("cyclic structure");
      ancestors.add(json);
      try {
        return Array.isArray(json)
          ? serializeArray(json, ancestors)
          : serializeObject(json, ancestors);
      } finally {
        ancestors.delete(json);
      }
  }
}

function serializeArray(array: readonly unknown[], ancestors: Set<object>): string {
  return `[${array.map((item) => serialize(item, ancestors) ?? "null").join(",")}]`;
}

function serializeObject(object: object, ancestors: Set<object>): string {
  const members: string[] = [];
  // Array.prototype.sort without a comparator orders by UTF-16 code units, as RFC 8785 §3.2.3 asks.
  for (const key of Object.keys(object).sort()) {
    const member = serialize((object as Record<string, unknown>)[key], ancestors);
    if (member !== undefined) members.push(`${serialize(key, ancestors)}:${member}`);
  }
  return `{${members.join(",")}}`;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === "function"
  );
}

function invalid(detail: string) {
  return createTransparencyLogError("TLOG_CANONICAL_JSON_INVALID", { detail });
}
