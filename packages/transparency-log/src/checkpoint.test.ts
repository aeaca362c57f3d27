import { describe, expect, it } from "vitest";
import { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
import { openCheckpoint, signCheckpoint } from "./checkpoint-note.js";
import { generateNoteKey } from "./note-key.js";
import { NoteSigner } from "./note-signer.js";
import { NoteVerifier } from "./note-verifier.js";

const root = Buffer.alloc(32, 0xab);
const checkpoint = {
  origin: "example.com/log",
  size: 2n ** 60n + 3n,
  rootHash: root,
  extensions: ["ext one"],
};

describe("checkpoint body", () => {
  it("formats origin, decimal size, base64 root and extension lines", () => {
    expect(formatCheckpoint(checkpoint)).toBe(
      `example.com/log\n1152921504606846979\n${root.toString("base64")}\next one\n`,
    );
  });

  it("parses what it formats, keeping sizes beyond 2^53 exact", () => {
    const parsed = parseCheckpoint(formatCheckpoint(checkpoint));
    expect(parsed.size).toBe(2n ** 60n + 3n);
    expect(Buffer.from(parsed.rootHash).equals(root)).toBe(true);
    expect(parsed.extensions).toEqual(["ext one"]);
  });

  it("rejects malformed bodies", () => {
    const good = formatCheckpoint({ ...checkpoint, extensions: [] });
    const bad = [
      good.slice(0, -1),
      good.replace("1152921504606846979", "01152921504606846979"),
      good.replace("1152921504606846979", "-1"),
      good.replace("1152921504606846979", "18446744073709551616"),
      good.replace(root.toString("base64"), Buffer.alloc(31).toString("base64")),
      `\n${good.slice(good.indexOf("\n") + 1)}`,
      `${good}\n`,
      "example.com/log\n1\n",
    ];
    for (const text of bad) {
      expect(() => parseCheckpoint(text), JSON.stringify(text)).toThrow(
        expect.objectContaining({ code: "TLOG_CHECKPOINT_MALFORMED" }),
      );
    }
  });
});

describe("signed checkpoints", () => {
  const keys = generateNoteKey("example.com/log");
  const signer = NoteSigner.fromSignerKey(keys.signerKey);
  const verifier = NoteVerifier.fromVerifierKey(keys.verifierKey);

  it("open with the log's key and return the checkpoint", () => {
    const opened = openCheckpoint(signCheckpoint(checkpoint, signer), [verifier], {
      origin: "example.com/log",
    });
    expect(opened.checkpoint.size).toBe(checkpoint.size);
    expect(opened.note.verified[0]?.name).toBe("example.com/log");
  });

  it("reject a checkpoint for another origin", () => {
    const note = signCheckpoint({ ...checkpoint, origin: "other.example/log" }, signer);
    expect(() => openCheckpoint(note, [verifier], { origin: "example.com/log" })).toThrow(
      expect.objectContaining({ code: "TLOG_ORIGIN_MISMATCH" }),
    );
  });
});
