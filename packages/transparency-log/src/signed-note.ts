import { createTransparencyLogError } from "./errors.js";
import { isValidKeyName } from "./note-key.js";
import type { NoteSigner } from "./note-signer.js";
import type { NoteVerifier } from "./note-verifier.js";

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
}

export interface OpenedNote {
  /** The signed text, ending in a newline. */
  readonly text: string;
  /** Signatures by the given verifiers that checked out. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the caller did not give (cosigners, witnesses): kept, not trusted. */
  readonly unverified: readonly NoteSignature[];
}

const SIGNATURE_PREFIX = "\u2014 ";
const MAX_SIGNATURES = 100;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** C2SP signed-note: text, a blank line, then one `— <name> <base64(keyid‖sig)>` line per signer. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0)
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", { detail: "no signer" });
  // The signature covers the text including its final newline, but not the blank separator line.
  const message = utf8.encode(text);
  const lines = signers.map((signer) => {
    const keyId = Buffer.alloc(4);
    keyId.writeUInt32BE(signer.keyId);
    const signature = Buffer.concat([keyId, signer.sign(message)]).toString("base64");
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  return `${text}\n${lines.join("")}`;
}

/**
 * Parses a signed note and checks it against `verifiers`. Throws TLOG_NOTE_MALFORMED,
 * TLOG_NOTE_BAD_SIGNATURE (a known key's signature fails) or TLOG_NOTE_UNKNOWN_KEY (no signature
 * by any given key), in that order of precedence per signature line, like Go's note.Open.
 */
export function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): OpenedNote {
  const message = typeof note === "string" ? note : decodeUtf8(note);
  if (!isNoteText(message)) {
    throw malformed("control character or invalid UTF-16 in note");
  }
  const split = message.lastIndexOf("\n\n");
  if (split < 0) throw malformed("no blank line before the signatures");
  const text = message.slice(0, split + 1);
  const signatureBlock = message.slice(split + 2);
  if (!signatureBlock.endsWith("\n")) throw malformed("signature block must end with a newline");
  const lines = signatureBlock.slice(0, -1).split("\n");
  if (lines.length > MAX_SIGNATURES) throw malformed("too many signatures");

  const textBytes = utf8.encode(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    const { name, keyId, signature } = parseSignatureLine(line);
    if (seen.has(`${name} ${keyId}`)) continue;
    seen.add(`${name} ${keyId}`);
    const verifier = verifiers.find((v) => v.name === name && v.keyId === keyId);
    if (verifier === undefined) {
      unverified.push({ name, keyId });
      continue;
    }
    if (!verifier.verify(textBytes, signature)) {
      throw createTransparencyLogError("TLOG_NOTE_BAD_SIGNATURE", {
        detail: `${name} ${formatKeyId(keyId)}`,
        details: { name, keyId },
      });
    }
    verified.push({ name, keyId });
  }
  if (verified.length === 0) {
    throw createTransparencyLogError("TLOG_NOTE_UNKNOWN_KEY", {
      detail: unverified.map((s) => `${s.name} ${formatKeyId(s.keyId)}`).join(", "),
      details: { signatures: unverified },
    });
  }
  return { text, verified, unverified };
}

function parseSignatureLine(line: string): { name: string; keyId: number; signature: Uint8Array } {
  if (!line.startsWith(SIGNATURE_PREFIX))
    throw malformed("signature line must start with an em dash");
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  const name = space < 0 ? rest : rest.slice(0, space);
  const encoded = space < 0 ? "" : rest.slice(space + 1);
  const bytes = Buffer.from(encoded, "base64");
  if (
    !isValidKeyName(name) ||
    encoded === "" ||
    bytes.toString("base64") !== encoded ||
    bytes.length < 5
  ) {
    throw malformed(`bad signature line ${JSON.stringify(line)}`);
  }
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
}

function checkText(text: string): void {
  if (!text.endsWith("\n")) throw malformed("note text must end with a newline");
  if (!isNoteText(text)) throw malformed("control character in text");
}

/** Notes are UTF-8 without ASCII control characters other than newline. */
function isNoteText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) return false;
  }
  return !/\p{Cs}/u.test(text);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch (cause) {
    throw createTransparencyLogError("TLOG_NOTE_MALFORMED", { detail: "invalid UTF-8", cause });
  }
}

function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, "0");
}

function malformed(detail: string) {
  return createTransparencyLogError("TLOG_NOTE_MALFORMED", { detail });
}
