import { publishedJsonSchemaOf } from "../artifacts/published-json-schema.js";
import type { EventDefinition } from "../catalog/event-definition.js";
import { describeIssues, issuesOf } from "../envelope/rejection.js";
import { checkBackwardCompatibility } from "./check-backward-compatibility.js";

/** One released event version: its published schema and the valid data published with it. */
export interface ReleasedSnapshot {
  readonly id: string;
  readonly schema: unknown;
  readonly fixtures: readonly unknown[];
}

export interface GateFinding {
  readonly id: string;
  readonly kind: "version-removed" | "schema-incompatible" | "fixture-rejected";
  readonly message: string;
}

/**
 * BACKWARD_TRANSITIVE: the current schema of every released (type, major) must accept all that
 * every released snapshot accepted, checked twice: structurally on the JSON Schemas, and by
 * parsing the released golden data with the current zod schema. A breaking change needs a new
 * major version (a new id), which this gate does not constrain.
 */
export function runCompatibilityGate(
  snapshots: readonly ReleasedSnapshot[],
  definitions: readonly EventDefinition[],
): GateFinding[] {
  const byId = new Map(definitions.map((d) => [d.id as string, d]));
  const findings: GateFinding[] = [];
  for (const snapshot of snapshots) {
    const current = byId.get(snapshot.id);
    if (current === undefined) {
      findings.push({
        id: snapshot.id,
        kind: "version-removed",
        message: "a released version can no longer be read",
      });
      continue;
    }
    for (const issue of checkBackwardCompatibility(
      snapshot.schema,
      publishedJsonSchemaOf(current),
    )) {
      findings.push({
        id: snapshot.id,
        kind: "schema-incompatible",
        message: `${issue.path}: ${issue.rule}: ${issue.message}`,
      });
    }
    snapshot.fixtures.forEach((fixture, index) => {
      const parsed = current.schema.safeParse(fixture);
      if (!parsed.success) {
        findings.push({
          id: snapshot.id,
          kind: "fixture-rejected",
          message: `released fixture ${index}: ${describeIssues(issuesOf(parsed.error))}`,
        });
      }
    });
  }
  return findings;
}
