import type { EvidenceStore } from "./evidence-store.js";
import { fieldError } from "./problem-handler.js";
import type { FieldProblem } from "./problem-types.js";

/**
 * Refuses a body whose `evidence` names an id the evidence store does not hold, naming each
 * missing one by its place in the body: a request or an answer must never point platforms at
 * evidence they cannot fetch.
 */
export async function requireStoredEvidence(
  evidence: Pick<EvidenceStore, "find">,
  evidenceIds: readonly string[],
): Promise<void> {
  const found = await Promise.all(evidenceIds.map((id) => evidence.find(id)));
  const missing: FieldProblem[] = [];
  found.forEach((stored, index) => {
    if (stored === undefined)
      missing.push({ field: `/evidence/${index}`, message: `${evidenceIds[index]} is not stored` });
  });
  if (missing.length > 0) throw fieldError("INTAKE_EVIDENCE_UNKNOWN", missing);
}
