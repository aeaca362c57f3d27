import { assertNever } from "@takedown/errors";
import type { CaseState, ResponseAction } from "@takedown/contracts";

/** What can happen to a case, as routing sees it. */
export type CaseTransitionInput =
  | { kind: "notice_issued" }
  | { kind: "no_owner" }
  | { kind: "platform_response"; action: ResponseAction }
  | { kind: "deadline_passed" }
  | { kind: "information_provided" }
  | { kind: "case_withdrawn" };

/** Why a transition is refused; stable codes, carried into the DLQ reason for responses. */
export type TransitionRejectionReason =
  /** The case was never notified (still open, or unroutable): nobody may answer it. */
  | "NOT_NOTIFIED"
  /** The case reached a final state; nothing moves it any more. */
  | "CASE_CLOSED"
  /** The response repeats the state the case is already in. */
  | "ALREADY_IN_STATE"
  /** The transition does not exist in SPEC §2 from this state. */
  | "ILLEGAL_TRANSITION";

export type TransitionResult =
  { ok: true; to: CaseState } | { ok: false; reason: TransitionRejectionReason; message: string };

const refuse = (
  reason: TransitionRejectionReason,
  from: CaseState,
  what: string,
): TransitionResult => ({ ok: false, reason, message: `${what} is not allowed in state ${from}` });

/** A state the platform's answer can still change (a final answer has not been given). */
function awaitingAnswer(from: CaseState): boolean {
  switch (from) {
    case "notified":
    case "acknowledged":
    case "needs_info":
    case "escalated":
      return true;
    case "open":
    case "removed":
    case "restricted":
    case "declined":
    case "preserved":
    case "unroutable":
    case "withdrawn":
      return false;
    default:
      return assertNever(from, "case state");
  }
}

function isClosed(state: CaseState): boolean {
  return (
    state === "removed" || state === "restricted" || state === "declined" || state === "withdrawn"
  );
}

function respond(from: CaseState, action: ResponseAction): TransitionResult {
  const what = `response ${action}`;
  if (from === "open" || from === "unroutable") return refuse("NOT_NOTIFIED", from, what);
  if (isClosed(from)) return refuse("CASE_CLOSED", from, what);
  if (from === action) return refuse("ALREADY_IN_STATE", from, what);
  if (from === "preserved") {
    // Preserving logs answers only the log-preservation part; the content decision may follow.
    switch (action) {
      case "removed":
      case "restricted":
      case "declined":
        return { ok: true, to: action };
      case "acknowledged":
      case "needs_info":
      case "preserved":
        return refuse("ILLEGAL_TRANSITION", from, what);
      default:
        return assertNever(action, "response action");
    }
  }
  return { ok: true, to: action };
}

/** The SPEC §2 state machine: the one place that decides whether a case may move, and where. */
export function transitionCase(from: CaseState, input: CaseTransitionInput): TransitionResult {
  switch (input.kind) {
    case "notice_issued":
      return from === "open"
        ? { ok: true, to: "notified" }
        : refuse("ILLEGAL_TRANSITION", from, "issuing a first notice");
    case "no_owner":
      return from === "open"
        ? { ok: true, to: "unroutable" }
        : refuse("ILLEGAL_TRANSITION", from, "marking unroutable");
    case "platform_response":
      return respond(from, input.action);
    case "deadline_passed":
      // needs_info stops the platform's clock: the organ owes the next step.
      return awaitingAnswer(from) && from !== "needs_info"
        ? { ok: true, to: "escalated" }
        : refuse("ILLEGAL_TRANSITION", from, "escalating");
    case "information_provided":
      return from === "needs_info"
        ? { ok: true, to: "notified" }
        : refuse("ILLEGAL_TRANSITION", from, "providing information");
    case "case_withdrawn":
      return isClosed(from)
        ? refuse("CASE_CLOSED", from, "withdrawing")
        : { ok: true, to: "withdrawn" };
    default:
      return assertNever(input, "case transition");
  }
}
