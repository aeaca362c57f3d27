import { describe, expect, it } from "vitest";
import { SessionStore } from "./session-store.js";

const account = { id: "stf_a", organId: "organ-a", role: "staff" as const, totp: false };

describe("SessionStore", () => {
  it("ends a session on its next touch once the account no longer allows it (revoked elsewhere)", () => {
    let allowed = true;
    const sessions = new SessionStore({
      idleMs: 60_000,
      maxMs: 3_600_000,
      now: () => 1000,
      inForce: (session) => allowed && session.account.id === "stf_a",
    });
    const session = sessions.create(account);
    expect(sessions.touch(session.id).kind).toBe("active");
    allowed = false;
    expect(sessions.touch(session.id).kind).toBe("expired");
    allowed = true;
    // Gone for good: allowing the account again does not bring the session back.
    expect(sessions.touch(session.id).kind).toBe("none");
  });
});
