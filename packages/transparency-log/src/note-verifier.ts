import { verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { parseVerifierKey } from "./note-key.js";

/** Checks signatures of one named Ed25519 key, parsed once from its verifier key string. */
export class NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly #publicKey: KeyObject;

  private constructor(name: string, keyId: number, publicKey: KeyObject) {
    this.name = name;
    this.keyId = keyId;
    this.#publicKey = publicKey;
  }

  /** From a `name+hexid+base64(0x01‖pk)` string. */
  static fromVerifierKey(verifierKey: string): NoteVerifier {
    const parsed = parseVerifierKey(verifierKey);
    return new NoteVerifier(parsed.name, parsed.keyId, parsed.publicKey);
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return signature.length === 64 && verify(null, message, this.#publicKey, signature);
  }
}
