import { describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import { requireStoredEvidence } from "./stored-evidence-check.js";

const stored = `sha256:${"a".repeat(64)}`;
const missingA = `sha256:${"b".repeat(64)}`;
const missingB = `sha256:${"c".repeat(64)}`;
const store = {
  find: (id: string) => Promise.resolve(id === stored ? { evidenceId: id } : undefined),
} as unknown as Parameters<typeof requireStoredEvidence>[0];

describe("requireStoredEvidence", () => {
  it("passes when every id is stored", async () => {
    await expect(requireStoredEvidence(store, [stored, stored])).resolves.toBeUndefined();
  });

  it("names every missing id by its place in the body", async () => {
    const error: unknown = await requireStoredEvidence(store, [missingA, stored, missingB]).catch(
      (e: unknown) => e,
    );
    expect(isTakedownError(error) && error.code).toBe("INTAKE_EVIDENCE_UNKNOWN");
    expect(JSON.stringify(error)).toContain("/evidence/0");
    expect(JSON.stringify(error)).toContain("/evidence/2");
    expect(JSON.stringify(error)).not.toContain("/evidence/1");
  });
});
