import { describe, expect, it } from "vitest";
import { evidenceToDelete, type EvidenceReference } from "./evidence-references.js";

describe("evidenceToDelete", () => {
  const refs: Record<string, EvidenceReference[]> = {
    "sha256:a": [{ requestId: "req_A", erased: true }],
    "sha256:shared": [
      { requestId: "req_A", erased: true },
      { requestId: "req_B", erased: false },
    ],
    "sha256:both-erased": [
      { requestId: "req_A", erased: true },
      { requestId: "req_C", erased: true },
    ],
  };
  const referencesOf = (id: string) => refs[id] ?? [];

  it("deletes what only erased requests name and keeps what a live request still names", () => {
    expect(
      evidenceToDelete(
        ["sha256:a", "sha256:shared", "sha256:both-erased", "sha256:a"],
        referencesOf,
      ),
    ).toEqual(["sha256:a", "sha256:both-erased"]);
  });

  it("keeps everything while the erased request's own erasure is not yet counted as erased", () => {
    const notYet = (id: string) => (refs[id] ?? []).map((r) => ({ ...r, erased: false }));
    expect(evidenceToDelete(["sha256:a", "sha256:shared"], notYet)).toEqual([]);
  });
});
