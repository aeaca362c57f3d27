import type { CaseState } from "./vocabulary.js";
import { assertNever } from "@takedown/errors";

/**
 * When a case is over, for everyone who asks (dedup, status, intake's preview): whether a new
 * target for the same content key opens a new case (linking this one) instead of merging into it. Issue 5 names the closed states: removed (content gone, so a later report is
 * a re-upload), declined (the platform's answer stands; a new report is a new question) and
 * withdrawn (nobody asks any more). Every other state still expects the platform to act or
 * answer, so new reports join the case and routing revises the notice.
 */
export function isClosedCaseState(state: CaseState): boolean {
  switch (state) {
    case "removed":
    case "declined":
    case "withdrawn":
      return true;
    case "open":
    case "notified":
    case "acknowledged":
    case "restricted":
    case "preserved":
    case "needs_info":
    case "escalated":
    case "unroutable":
      return false;
    default:
      return assertNever(state);
  }
}
