import { describe, expect, it } from "vitest";
import { generateNoteKey, noteKeyId, parseSignerKey, parseVerifierKey } from "./note-key.js";
import { NoteSigner } from "./note-signer.js";
import { NoteVerifier } from "./note-verifier.js";
import { openNote, signNote } from "./signed-note.js";

// Example from golang.org/x/mod/sumdb/note's package documentation (an independent implementation).
const GO_SIGNER_KEY =
  "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT +
  "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

describe("note keys", () => {
  it("derive Go's verifier key and key id from Go's signer key", () => {
    const signer = NoteSigner.fromSignerKey(GO_SIGNER_KEY);
    expect(signer.verifierKey).toBe(GO_VERIFIER_KEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    const parsed = parseVerifierKey(GO_VERIFIER_KEY);
    expect(noteKeyId(parsed.name, parsed.rawPublicKey)).toBe(0xc74f20a3);
  });

  it("generate pairs that parse back and agree", () => {
    const { signerKey, verifierKey } = generateNoteKey("audit.example/log");
    expect(signerKey).toMatch(
      /^PRIVATE\+KEY\+audit\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/,
    );
    expect(parseSignerKey(signerKey).verifierKey).toBe(verifierKey);
    expect(parseVerifierKey(verifierKey).keyId).toBe(parseSignerKey(signerKey).keyId);
  });

  it("reject malformed keys, names and mismatching ids", () => {
    const bad = [
      GO_VERIFIER_KEY.replace("c74f20a3", "c74f20a4"),
      GO_VERIFIER_KEY.replace("+ARpc", "+AhpC"),
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3",
    ];
    for (const key of bad)
      expect(() => parseVerifierKey(key), key).toThrow(
        expect.objectContaining({ code: "TLOG_KEY_MALFORMED" }),
      );
    expect(() => parseSignerKey(GO_SIGNER_KEY.replace("PRIVATE", "PUBLIC"))).toThrow(
      expect.objectContaining({ code: "TLOG_KEY_MALFORMED" }),
    );
    expect(() => generateNoteKey("a+b")).toThrow(
      expect.objectContaining({ code: "TLOG_KEY_MALFORMED" }),
    );
  });
});

describe("signed notes", () => {
  it("reproduce Go's signed note byte for byte (Ed25519 is deterministic)", () => {
    expect(signNote(GO_TEXT, [NoteSigner.fromSignerKey(GO_SIGNER_KEY)])).toBe(GO_NOTE);
  });

  it("open Go's note with Go's verifier key", () => {
    const opened = openNote(GO_NOTE, [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)]);
    expect(opened.text).toBe(GO_TEXT);
    expect(opened.verified).toEqual([{ name: "PeterNeumann", keyId: 0xc74f20a3 }]);
    expect(
      openNote(new TextEncoder().encode(GO_NOTE), [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)])
        .text,
    ).toBe(GO_TEXT);
  });

  it("keep signatures by other keys as unverified", () => {
    const other = NoteSigner.fromSignerKey(generateNoteKey("witness").signerKey);
    const signed = signNote(GO_TEXT, [NoteSigner.fromSignerKey(GO_SIGNER_KEY), other]);
    const opened = openNote(signed, [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)]);
    expect(opened.unverified).toEqual([{ name: "witness", keyId: other.keyId }]);
  });

  it("reject a note by an unknown key", () => {
    const stranger = generateNoteKey("PeterNeumann");
    const signed = signNote(GO_TEXT, [NoteSigner.fromSignerKey(stranger.signerKey)]);
    expect(() => openNote(signed, [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)])).toThrow(
      expect.objectContaining({ code: "TLOG_NOTE_UNKNOWN_KEY" }),
    );
  });

  it("reject an altered text or signature as a bad signature", () => {
    const verifiers = [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)];
    expect(() => openNote(GO_NOTE.replace("answer", "Answer"), verifiers)).toThrow(
      expect.objectContaining({ code: "TLOG_NOTE_BAD_SIGNATURE" }),
    );
    expect(() => openNote(GO_NOTE.replace("x08go/ZJku", "x08go/ZJkv"), verifiers)).toThrow(
      expect.objectContaining({ code: "TLOG_NOTE_BAD_SIGNATURE" }),
    );
  });

  it("reject malformed notes", () => {
    const verifiers = [NoteVerifier.fromVerifierKey(GO_VERIFIER_KEY)];
    const malformed = [
      GO_NOTE.replace("\n\n", "\n"),
      GO_NOTE.slice(0, -1),
      GO_NOTE.replace("\u2014", "-"),
      GO_NOTE.replace("problem,", "problem,\t"),
      GO_NOTE.replace("x08go", "x08g!"),
    ];
    for (const note of malformed) {
      expect(() => openNote(note, verifiers), JSON.stringify(note)).toThrow(
        expect.objectContaining({ code: "TLOG_NOTE_MALFORMED" }),
      );
    }
    expect(() => openNote(Uint8Array.of(0xff, 0x0a, 0x0a), verifiers)).toThrow(
      expect.objectContaining({ code: "TLOG_NOTE_MALFORMED" }),
    );
    expect(() => signNote("no newline", [NoteSigner.fromSignerKey(GO_SIGNER_KEY)])).toThrow(
      expect.objectContaining({ code: "TLOG_NOTE_MALFORMED" }),
    );
  });
});
