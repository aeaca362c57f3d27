import { intakeErrors, type IntakeErrorCode } from "./errors.js";

export interface ProblemType {
  status: number;
  /** Stable slug appended to the problem type base URI. */
  slug: string;
  title: string;
  /** Seconds a client should wait before retrying, sent as Retry-After. */
  retryAfterSeconds?: number;
}

export const PROBLEM_TYPE_BASE = "https://takedown.example.jp/problems/";

/** Error code → problem type, as the one table in errors.ts gives it. */
export const problemTypes = Object.fromEntries(
  Object.entries(intakeErrors).map(([code, { problem }]) => [code, problem]),
) as Readonly<Record<IntakeErrorCode, ProblemType>>;

/** One offending field: a JSON pointer into the body, or a header name. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: IntakeErrorCode;
  instance?: string;
  /** The first offending field, for clients that show one message. */
  field?: string;
  errors?: FieldProblem[];
}

/** zod issue path → RFC 6901 JSON pointer ("/targets/0/url"). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path
    .map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`)
    .join("");
}
