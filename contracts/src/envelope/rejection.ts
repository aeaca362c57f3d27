import type { z } from "zod";

/**
 * Why a record could not be read. A consumer sends the record to the DLQ with this reason and
 * goes on; the codes are stable and appear in `record.rejected`.
 */
export type RejectionReason =
  | "UNKNOWN_TYPE"
  | "UNKNOWN_MAJOR_VERSION"
  | "MISSING_HEADER"
  | "INVALID_HEADER"
  | "INVALID_JSON"
  | "INVALID_DATA"
  | "KEY_MISMATCH"
  | "WRONG_TOPIC"
  | "DECODER_FAILURE";

export const rejectionReasons: readonly RejectionReason[] = [
  "UNKNOWN_TYPE",
  "UNKNOWN_MAJOR_VERSION",
  "MISSING_HEADER",
  "INVALID_HEADER",
  "INVALID_JSON",
  "INVALID_DATA",
  "KEY_MISMATCH",
  "WRONG_TOPIC",
  "DECODER_FAILURE",
];

export interface RejectionIssue {
  /** Path inside the event data, e.g. `["member", "evidence", 0]`. */
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

export interface Rejection {
  readonly reason: RejectionReason;
  /** For people: names the header, field or key that is wrong. */
  readonly message: string;
  /** `ce_type` as read, when there was one. */
  readonly ceType: string | undefined;
  /** `ce_id` as read, when there was one. */
  readonly eventId: string | undefined;
  /** The schema issues for INVALID_DATA; empty otherwise. */
  readonly issues: readonly RejectionIssue[];
}

export function issuesOf(error: z.ZodError): RejectionIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment))),
    code: issue.code,
    message: issue.message,
  }));
}

export function describeIssues(issues: readonly RejectionIssue[]): string {
  const shown = issues
    .slice(0, 5)
    .map(
      (issue) => `${issue.path.length === 0 ? "(data)" : issue.path.join(".")}: ${issue.message}`,
    );
  const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : "";
  return shown.join("; ") + more;
}
