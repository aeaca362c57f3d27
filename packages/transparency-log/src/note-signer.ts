import { sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { parseSignerKey } from "./note-key.js";

/** Signs notes with one Ed25519 key; the KeyObject is built once (per-call PEM is 7–20× slower). */
export class NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The matching `name+hexid+base64` verifier key to publish. */
  readonly verifierKey: string;
  readonly #privateKey: KeyObject;

  private constructor(name: string, keyId: number, verifierKey: string, privateKey: KeyObject) {
    this.name = name;
    this.keyId = keyId;
    this.verifierKey = verifierKey;
    this.#privateKey = privateKey;
  }

  /** From a `PRIVATE+KEY+name+hexid+base64(0x01‖seed)` string (Go's note.GenerateKey format). */
  static fromSignerKey(signerKey: string): NoteSigner {
    const parsed = parseSignerKey(signerKey);
    return new NoteSigner(parsed.name, parsed.keyId, parsed.verifierKey, parsed.privateKey);
  }

  /** Raw Ed25519 signature (64 bytes) over `message`. */
  sign(message: Uint8Array): Uint8Array {
    return sign(null, message, this.#privateKey);
  }
}
