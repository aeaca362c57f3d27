import {
  NoteSigner,
  NoteVerifier,
  generateNoteKey,
  openCheckpoint,
  signCheckpoint,
  signNote,
} from "@takedown/transparency-log";
import { describe, expect, it } from "vitest";
import { verifyCheckpoint } from "./checkpoint-verification.js";
import { openLogKey } from "./log-key.js";
import { openSignedNote } from "./signed-note.js";

// Example from golang.org/x/mod/sumdb/note's documentation, as packages/transparency-log uses it.
const GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE =
  GO_TEXT +
  "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

const ORIGIN = "audit.takedown.test/log";
const logKey = generateNoteKey(ORIGIN);
const signer = NoteSigner.fromSignerKey(logKey.signerKey);
const rootHash = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
const note = signCheckpoint(
  { origin: ORIGIN, size: 2n ** 60n + 5n, rootHash, extensions: [] },
  signer,
);

const NODE_CODES: Record<string, string> = {
  TLOG_NOTE_MALFORMED: "NOTE_MALFORMED",
  TLOG_NOTE_BAD_SIGNATURE: "BAD_SIGNATURE",
  TLOG_NOTE_UNKNOWN_KEY: "UNKNOWN_KEY",
  TLOG_CHECKPOINT_MALFORMED: "CHECKPOINT_MALFORMED",
  TLOG_ORIGIN_MISMATCH: "ORIGIN_MISMATCH",
};

/** What the node:crypto implementation says of a note: the code the browser must also give. */
function nodeOutcome(text: string, verifierKey: string, origin?: string): string {
  try {
    openCheckpoint(
      text,
      [NoteVerifier.fromVerifierKey(verifierKey)],
      origin === undefined ? {} : { origin },
    );
    return "ok";
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    return NODE_CODES[code] ?? code;
  }
}

describe("verifier keys", () => {
  it("read Go's verifier key and Node's generated one", async () => {
    const go = await openLogKey(GO_VERIFIER_KEY);
    expect([go.name, go.keyId]).toEqual(["PeterNeumann", 0xc74f20a3]);
    const ours = await openLogKey(logKey.verifierKey);
    expect([ours.name, ours.keyId]).toEqual([signer.name, signer.keyId]);
  });

  it("refuse malformed keys and ids that do not match the key, naming the problem", async () => {
    const bad: [string, RegExp][] = [
      [GO_VERIFIER_KEY.replace("c74f20a3", "c74f20a4"), /does not match/],
      [GO_VERIFIER_KEY.replace("+ARpc", "+AhpC"), /algorithm/],
      [GO_VERIFIER_KEY.replace("PeterNeumann", "Peter Neumann"), /key name/],
      ["PeterNeumann+c74f20a3", /3 '\+'-separated/],
      [`${GO_VERIFIER_KEY}=`, /base64/],
      [GO_VERIFIER_KEY.replace("c74f20a3", "c74f20"), /8 hex/],
    ];
    for (const [key, message] of bad)
      await expect(openLogKey(key), key).rejects.toMatchObject({
        code: "LOGWEB_KEY_MALFORMED",
        message,
      });
  });
});

describe("signed notes (Go's vector)", () => {
  it("open Go's note with Go's key and catch any change to its text or signature", async () => {
    const key = await openLogKey(GO_VERIFIER_KEY);
    expect(await openSignedNote(GO_NOTE, key)).toEqual({ ok: true, text: GO_TEXT, others: [] });
    const altered = [
      GO_NOTE.replace("answer", "Answer"),
      GO_NOTE.replace("x08go/ZJku", "x08go/ZJkv"),
    ];
    for (const text of altered)
      expect(await openSignedNote(text, key)).toMatchObject({ ok: false, code: "BAD_SIGNATURE" });
    // Go's text is no checkpoint: the signature passes, the body does not.
    const verdict = await verifyCheckpoint(GO_NOTE, key);
    expect(verdict).toMatchObject({ ok: false, code: "CHECKPOINT_MALFORMED" });
    expect(verdict.verified).toEqual([
      { claim: "checkpoint-signature", keyName: "PeterNeumann", keyId: "c74f20a3" },
    ]);
  });
});

describe("checkpoints", () => {
  it("verify a checkpoint signed by node:crypto and say what was verified", async () => {
    const verdict = await verifyCheckpoint(note, await openLogKey(logKey.verifierKey), {
      origin: ORIGIN,
    });
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.value.size).toBe(2n ** 60n + 5n);
    expect(Buffer.from(verdict.value.rootHash).equals(Buffer.from(rootHash))).toBe(true);
    expect(verdict.value.note).toBe(note);
    expect(verdict.verified).toEqual([
      {
        claim: "checkpoint-signature",
        keyName: ORIGIN,
        keyId: signer.keyId.toString(16).padStart(8, "0"),
      },
      { claim: "checkpoint-origin", origin: ORIGIN },
    ]);
  });

  it("give the same outcome as node:crypto for tampered, foreign and malformed notes", async () => {
    const key = await openLogKey(logKey.verifierKey);
    const sameName = NoteSigner.fromSignerKey(generateNoteKey(ORIGIN).signerKey);
    const otherName = NoteSigner.fromSignerKey(generateNoteKey("audit.other.test/log").signerKey);
    const witness = NoteSigner.fromSignerKey(generateNoteKey("witness.test").signerKey);
    const body = note.slice(0, note.indexOf("\n\n") + 1);
    const signatureLine = note.slice(note.indexOf("\n\n") + 2);
    const cases: [string, string][] = [
      ["untouched", note],
      ["size changed", note.replace(`${2n ** 60n + 5n}`, `${2n ** 60n + 6n}`)],
      ["root changed", note.replace(Buffer.from(rootHash).toString("base64").slice(0, 4), "AAAA")],
      [
        "signature bit flipped",
        note.replace(
          / (.)(\S+)\n$/,
          (_, c: string, rest: string) =>
            ` ${c}${rest.slice(0, 10)}${rest[10] === "A" ? "B" : "A"}${rest.slice(11)}\n`,
        ),
      ],
      ["same name, another key", signNote(body, [sameName])],
      ["another name", signNote(body, [otherName])],
      [
        "name changed on the line",
        note.replace(`\u2014 ${ORIGIN} `, "\u2014 audit.takedown.test/Log "),
      ],
      ["witness besides", signNote(body, [signer, witness])],
      ["witness only", signNote(body, [witness])],
      ["signature line repeated", `${note}${signatureLine}`],
      ["no blank line", note.replace("\n\n", "\n")],
      ["no final newline", note.slice(0, -1)],
      ["ascii dash", note.replace("\u2014", "-")],
      ["tab in text", note.replace(ORIGIN, `${ORIGIN}\t`)],
      ["bad base64", note.replace(/ (\S+)\n$/, " !$1\n")],
      ["other origin, signed", signNote(body.replace(ORIGIN, "evil.test/log"), [signer])],
      ["size not decimal, signed", signNote(body.replace(`${2n ** 60n + 5n}`, "0x10"), [signer])],
      [
        "size past 2^64, signed",
        signNote(body.replace(`${2n ** 60n + 5n}`, `${2n ** 64n}`), [signer]),
      ],
      [
        "short root, signed",
        signNote(body.replace(/\n[^\n]+\n$/, `\n${Buffer.alloc(31).toString("base64")}\n`), [
          signer,
        ]),
      ],
    ];
    const outcomes: string[] = [];
    for (const [name, text] of cases) {
      const verdict = await verifyCheckpoint(text, key, { origin: ORIGIN });
      const code = verdict.ok ? "ok" : verdict.code;
      expect(code, name).toBe(nodeOutcome(text, logKey.verifierKey, ORIGIN));
      outcomes.push(code);
    }
    // The cases cover every outcome, so agreement above is not agreement on one answer.
    expect(new Set(outcomes)).toEqual(
      new Set([
        "ok",
        "BAD_SIGNATURE",
        "UNKNOWN_KEY",
        "NOTE_MALFORMED",
        "CHECKPOINT_MALFORMED",
        "ORIGIN_MISMATCH",
      ]),
    );
  });

  it("report witnesses' signatures as present and unchecked", async () => {
    const witness = NoteSigner.fromSignerKey(generateNoteKey("witness.test").signerKey);
    const body = note.slice(0, note.indexOf("\n\n") + 1);
    const verdict = await verifyCheckpoint(
      signNote(body, [witness, signer]),
      await openLogKey(logKey.verifierKey),
    );
    expect(verdict.ok && verdict.value.otherSignatures).toEqual([
      { name: "witness.test", keyId: witness.keyId },
    ]);
  });
});
