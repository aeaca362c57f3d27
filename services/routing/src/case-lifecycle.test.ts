import { describe, expect, test } from "vitest";
import type { CaseState, ResponseAction } from "@takedown/contracts";
import { transitionCase } from "./case-lifecycle.js";

const respond = (from: CaseState, action: ResponseAction) =>
  transitionCase(from, { kind: "platform_response", action });

describe("case state machine (SPEC §2)", () => {
  test("open is notified or unroutable, nothing else", () => {
    expect(transitionCase("open", { kind: "notice_issued" })).toEqual({ ok: true, to: "notified" });
    expect(transitionCase("open", { kind: "no_owner" })).toEqual({ ok: true, to: "unroutable" });
    expect(transitionCase("notified", { kind: "notice_issued" })).toMatchObject({
      ok: false,
      reason: "ILLEGAL_TRANSITION",
    });
  });

  test("notified → acknowledged → a decision", () => {
    expect(respond("notified", "acknowledged")).toEqual({ ok: true, to: "acknowledged" });
    for (const action of ["removed", "restricted", "declined", "preserved"] as const)
      expect(respond("acknowledged", action)).toEqual({ ok: true, to: action });
  });

  test("needs_info returns to notified when information is provided", () => {
    expect(respond("notified", "needs_info")).toEqual({ ok: true, to: "needs_info" });
    expect(transitionCase("needs_info", { kind: "information_provided" })).toEqual({
      ok: true,
      to: "notified",
    });
    expect(transitionCase("notified", { kind: "information_provided" })).toMatchObject({
      ok: false,
    });
  });

  test("answers to a case nobody was notified of are refused as NOT_NOTIFIED", () => {
    expect(respond("open", "removed")).toMatchObject({ ok: false, reason: "NOT_NOTIFIED" });
    expect(respond("unroutable", "removed")).toMatchObject({ ok: false, reason: "NOT_NOTIFIED" });
  });

  test("a closed case does not move again", () => {
    for (const from of ["removed", "restricted", "declined", "withdrawn"] as const) {
      expect(respond(from, "acknowledged")).toMatchObject({ ok: false, reason: "CASE_CLOSED" });
      expect(transitionCase(from, { kind: "deadline_passed" })).toMatchObject({ ok: false });
    }
    expect(transitionCase("removed", { kind: "case_withdrawn" })).toMatchObject({
      ok: false,
      reason: "CASE_CLOSED",
    });
  });

  test("repeating the current state is refused as ALREADY_IN_STATE", () => {
    expect(respond("acknowledged", "acknowledged")).toMatchObject({
      ok: false,
      reason: "ALREADY_IN_STATE",
    });
  });

  test("preserved logs may still be followed by a content decision, not by an acknowledgement", () => {
    expect(respond("preserved", "removed")).toEqual({ ok: true, to: "removed" });
    expect(respond("preserved", "acknowledged")).toMatchObject({
      ok: false,
      reason: "ILLEGAL_TRANSITION",
    });
  });

  test("the deadline escalates unanswered cases, not ones waiting for the organ", () => {
    for (const from of ["notified", "acknowledged", "escalated"] as const)
      expect(transitionCase(from, { kind: "deadline_passed" })).toEqual({
        ok: true,
        to: "escalated",
      });
    expect(transitionCase("needs_info", { kind: "deadline_passed" })).toMatchObject({ ok: false });
    expect(respond("escalated", "removed")).toEqual({ ok: true, to: "removed" });
  });

  test("any open state may be withdrawn, unroutable included", () => {
    for (const from of [
      "open",
      "notified",
      "acknowledged",
      "needs_info",
      "escalated",
      "unroutable",
      "preserved",
    ] as const)
      expect(transitionCase(from, { kind: "case_withdrawn" })).toEqual({
        ok: true,
        to: "withdrawn",
      });
  });
});
