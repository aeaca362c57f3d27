import type { z } from "zod";

/** One problem found in config: where (file or variable), which field, and why. */
export interface ConfigIssue {
  source: string;
  field: string;
  reason: string;
}

export function issuesFromZod(source: string, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    source,
    field: issue.path.length === 0 ? "(root)" : formatPath(issue.path),
    reason: issue.message,
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

export function describeIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.source}: ${i.field}: ${i.reason}`).join("; ");
}
