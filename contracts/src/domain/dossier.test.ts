import { describe, expect, it } from "vitest";
import { sampleDossier } from "../fixtures/legacy-sample-events.js";
import { dossierCommitment, dossierIdOf, dossierSchema, dossierTargetPart } from "./dossier.js";

const secret = Buffer.alloc(32, 7);

describe("dossier", () => {
  it("commits to the content whatever the key order, and changes with content or secret", () => {
    const commitment = dossierCommitment(secret, sampleDossier);
    expect(commitment).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(sampleDossier).reverse());
    expect(dossierCommitment(secret, dossierSchema.parse(reordered))).toBe(commitment);
    expect(dossierCommitment(secret, { ...sampleDossier, description: "別の説明" })).not.toBe(
      commitment,
    );
    expect(dossierCommitment(Buffer.alloc(32, 8), sampleDossier)).not.toBe(commitment);
  });

  it("gives a platform its target's part without the organ's contact person", () => {
    const targetId = `${sampleDossier.requestId}#1`;
    const part = dossierTargetPart(sampleDossier, targetId);
    expect(part.note).toBe(sampleDossier.notes[targetId]);
    expect(part.victim).toEqual(sampleDossier.victim);
    expect(JSON.stringify(part)).not.toContain(sampleDossier.contact?.email ?? "?");
    expect(dossierIdOf(sampleDossier.requestId)).toBe(sampleDossier.dossierId);
  });
});
