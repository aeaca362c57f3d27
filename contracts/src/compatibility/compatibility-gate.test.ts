import { describe, expect, it } from "vitest";
import { z } from "zod";
import { latestEventDefinitions, legacyEventDefinitions } from "../catalog/event-catalog.js";
import type { EventDefinition } from "../catalog/event-definition.js";
import { caseOpenedV1 } from "../events/case-opened.v1.js";
import { targetSubmissionSchema } from "../events/target-submission.js";
import { runCompatibilityGate } from "./compatibility-gate.js";
import { readReleasedSnapshots } from "./released-snapshots.js";

const snapshots = readReleasedSnapshots();
const current: readonly EventDefinition[] = [...latestEventDefinitions, ...legacyEventDefinitions];

/** A copy of case.opened v1 with another schema, as a careless edit would make it. */
function editedCaseOpened(schema: z.ZodType): EventDefinition[] {
  const edited = { ...caseOpenedV1, schema } as unknown as EventDefinition;
  return current.map((d) => (d.id === caseOpenedV1.id ? edited : d));
}

describe("compatibility gate (BACKWARD_TRANSITIVE against contracts/released)", () => {
  it("has a released snapshot of every current event version", () => {
    expect(snapshots.map((s) => s.id).sort()).toEqual(current.map((d) => d.id).sort());
    expect(snapshots.every((s) => s.fixtures.length > 0)).toBe(true);
  });

  it("passes for the current schemas", () => {
    expect(runCompatibilityGate(snapshots, current)).toEqual([]);
  });

  it("fails on a new required field", () => {
    const findings = runCompatibilityGate(
      snapshots,
      editedCaseOpened(caseOpenedV1.schema.extend({ priority: z.number() })),
    );
    expect(findings.map((f) => [f.id, f.kind])).toEqual([
      ["jp.takedown.case.opened.v1", "schema-incompatible"],
      ["jp.takedown.case.opened.v1", "fixture-rejected"],
    ]);
    expect(findings[0]?.message).toContain("priority");
  });

  it("fails on a removed enum value deep inside", () => {
    const member = targetSubmissionSchema.extend({
      category: z.enum(["privacy", "insult", "other"]),
    });
    const findings = runCompatibilityGate(
      snapshots,
      editedCaseOpened(caseOpenedV1.schema.extend({ member })),
    );
    expect(findings.map((f) => f.message)).toContainEqual(
      expect.stringContaining("/member/category: enum-value-removed"),
    );
    expect(findings.some((f) => f.kind === "fixture-rejected")).toBe(true);
  });

  it("fails on a tightened constraint even when the fixtures still pass", () => {
    const member = targetSubmissionSchema.extend({
      evidence: targetSubmissionSchema.shape.evidence.min(1),
    });
    const findings = runCompatibilityGate(
      snapshots,
      editedCaseOpened(caseOpenedV1.schema.extend({ member })),
    );
    expect(findings.map((f) => [f.kind, f.message])).toEqual([
      ["schema-incompatible", "/member/evidence: minItems-tightened: minItems undefined → 1"],
    ]);
  });

  it("accepts an added optional field", () => {
    const added = caseOpenedV1.schema.extend({ priority: z.number().optional() });
    expect(runCompatibilityGate(snapshots, editedCaseOpened(added))).toEqual([]);
  });

  it("fails when a released version disappears", () => {
    const findings = runCompatibilityGate(
      snapshots,
      current.filter((d) => d.id !== caseOpenedV1.id),
    );
    expect(findings).toEqual([
      { id: caseOpenedV1.id, kind: "version-removed", message: expect.any(String) as string },
    ]);
  });
});
