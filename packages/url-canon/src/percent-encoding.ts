function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const upper = code & ~32;
  if (upper >= 65 && upper <= 70) return upper - 55;
  return -1;
}

function isUnreserved(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    code === 45 || // -
    code === 46 || // .
    code === 95 || // _
    code === 126 // ~
  );
}

/**
 * RFC 3986 §6.2.2 normalization: escapes of unreserved characters are decoded (they mean the same
 * thing either way) and every other escape gets uppercase hex. Reserved characters stay escaped,
 * because `%2F` and `/` or `%26` and `&` address different resources.
 */
export function normalizePercentEncoding(text: string): string {
  // Most URLs carry no escapes at all; return the same string without allocating.
  if (!text.includes("%")) return text;
  let out = "";
  let copiedUpTo = 0;
  for (let index = text.indexOf("%"); index !== -1; index = text.indexOf("%", index + 1)) {
    const high = hexValue(text.charCodeAt(index + 1));
    const low = hexValue(text.charCodeAt(index + 2));
    if (high === -1 || low === -1) continue;
    const code = high * 16 + low;
    out += text.slice(copiedUpTo, index);
    out += isUnreserved(code)
      ? String.fromCharCode(code)
      : text.slice(index, index + 3).toUpperCase();
    copiedUpTo = index + 3;
    index += 2;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Decodes a query key for comparison against parameter names; never used for output. */
export function decodeParamName(name: string): string {
  if (!name.includes("%") && !name.includes("+")) return name;
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    return name;
  }
}
