interface Signature {
  mediaType: string;
  offset: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

/** Magic numbers of the evidence formats organs actually send (screenshots, PDFs, archives). */
const signatures: readonly Signature[] = [
  { mediaType: "image/png", offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: "image/jpeg", offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { mediaType: "image/gif", offset: 0, bytes: ascii("GIF8") },
  { mediaType: "image/webp", offset: 8, bytes: ascii("WEBP") },
  { mediaType: "application/pdf", offset: 0, bytes: ascii("%PDF-") },
  { mediaType: "application/zip", offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { mediaType: "video/mp4", offset: 4, bytes: ascii("ftyp") },
  { mediaType: "application/warc", offset: 0, bytes: ascii("WARC/") },
];

/** Declared types that name the same format as a sniffed one. */
const aliases: Record<string, readonly string[]> = {
  "image/jpeg": ["image/jpg", "image/pjpeg"],
  "application/zip": [
    "application/x-zip-compressed",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/epub+zip",
  ],
  "video/mp4": ["video/quicktime", "audio/mp4", "image/heic", "image/avif"],
  "text/html": ["application/xhtml+xml"],
  "application/warc": ["application/warc-fields"],
};

/** Sniffs the media type from the first bytes; undefined when the format is not recognised. */
export function sniffMediaType(head: Uint8Array): string | undefined {
  for (const s of signatures) {
    if (s.bytes.every((b, i) => head[s.offset + i] === b)) return s.mediaType;
  }
  const text = Buffer.from(head.subarray(0, 512))
    .toString("latin1")
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "")
    .trimStart()
    .toLowerCase();
  if (text.startsWith("<!doctype html") || text.startsWith("<html")) return "text/html";
  return undefined;
}

/** `image/PNG; charset=x` → `image/png`; undefined when absent or not a type/subtype. */
export function normalizeMediaType(header: string | undefined): string | undefined {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type !== undefined && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? type : undefined;
}

/**
 * Decides the stored media type: the sniffed one when the client declared nothing specific, the
 * declared one when the bytes are not recognised; a contradiction is refused (a "PDF" that is
 * really HTML would reach platforms with the wrong handling).
 */
export function resolveMediaType(
  declared: string | undefined,
  sniffed: string | undefined,
): { ok: true; mediaType: string } | { ok: false; sniffed: string } {
  if (declared === undefined || declared === "application/octet-stream")
    return { ok: true, mediaType: sniffed ?? "application/octet-stream" };
  if (sniffed === undefined) return { ok: true, mediaType: declared };
  if (declared === sniffed || aliases[sniffed]?.includes(declared) === true)
    return { ok: true, mediaType: declared === sniffed ? sniffed : declared };
  return { ok: false, sniffed };
}
