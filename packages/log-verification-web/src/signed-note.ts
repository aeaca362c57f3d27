import { decodeBase64, hex32, utf8Bytes } from "./bytes.js";
import { isValidKeyName, verifyEd25519 } from "./log-key.js";
import type { LogKey } from "./log-key.js";
import type { VerificationFailureCode } from "./verdict.js";

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
}

export type OpenedNote =
  | {
      readonly ok: true;
      /** The signed text, ending in a newline. */
      readonly text: string;
      /** Signatures by other keys (witnesses, cosigners): reported, not trusted. */
      readonly others: readonly NoteSignature[];
    }
  | { readonly ok: false; readonly code: VerificationFailureCode; readonly message: string };

const SIGNATURE_PREFIX = "\u2014 ";
const MAX_SIGNATURES = 100;

/**
 * C2SP signed-note, checked against one key, with the same outcomes as Go's note.Open and the
 * Node package's openNote: malformed, then a bad signature by the key, then no signature by it.
 */
export async function openSignedNote(note: string, key: LogKey): Promise<OpenedNote> {
  if (!isNoteText(note)) return malformed("control character or invalid UTF-16 in note");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return malformed("no blank line before the signatures");
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith("\n")) return malformed("signature block must end with a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) return malformed("too many signatures");

  const message = utf8Bytes(text);
  const others: NoteSignature[] = [];
  const seen = new Set<string>();
  let signedByKey = false;
  for (const line of lines) {
    const parsed = parseSignatureLine(line);
    if (parsed === undefined) return malformed(`bad signature line ${JSON.stringify(line)}`);
    const { name, keyId, signature } = parsed;
    if (seen.has(`${name} ${keyId}`)) continue;
    seen.add(`${name} ${keyId}`);
    if (name !== key.name || keyId !== key.keyId) {
      others.push({ name, keyId });
      continue;
    }
    if (!(await verifyEd25519(key, message, signature))) {
      return {
        ok: false,
        code: "BAD_SIGNATURE",
        message: `signature by ${name} ${hex32(keyId)} does not verify`,
      };
    }
    signedByKey = true;
  }
  if (!signedByKey) {
    const found = others.map((s) => `${s.name} ${hex32(s.keyId)}`).join(", ");
    return {
      ok: false,
      code: "UNKNOWN_KEY",
      message: `no signature by ${key.name} ${hex32(key.keyId)} (found: ${found})`,
    };
  }
  return { ok: true, text, others };
}

function parseSignatureLine(
  line: string,
): { name: string; keyId: number; signature: Uint8Array<ArrayBuffer> } | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) return undefined;
  const name = rest.slice(0, space);
  const bytes = decodeBase64(rest.slice(space + 1));
  if (!isValidKeyName(name) || bytes === undefined || bytes.length < 5) return undefined;
  const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { name, keyId, signature: bytes.subarray(4) };
}

/** Notes are UTF-8 without ASCII control characters other than newline. */
function isNoteText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return false;
  }
  return !/\p{Cs}/u.test(text);
}

function malformed(message: string): OpenedNote {
  return { ok: false, code: "NOTE_MALFORMED", message };
}
