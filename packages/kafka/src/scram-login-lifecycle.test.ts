import { describe, expect, it } from "vitest";
import {
  expireScramLogin,
  isLoginOf,
  liveUsernames,
  newScramLogin,
  revokeScramLogin,
  rotateScramLogin,
} from "./scram-login-lifecycle.js";

const at = (iso: string) => new Date(iso);

describe("SCRAM login generations", () => {
  it("a rotation makes the next generation's user and keeps the old one for the overlap", () => {
    const first = newScramLogin("platform-x");
    expect(isLoginOf(first, "platform-x")).toBe(true);
    const { login, retireNow } = rotateScramLogin({
      login: first,
      baseUser: "platform-x",
      now: at("2026-01-01T00:00:00Z"),
      overlapMs: 3_600_000,
    });
    expect(retireNow).toEqual([]);
    expect(login.username).toBe("platform-x.2");
    expect(login.password).not.toBe(first.password);
    expect(isLoginOf(login, "platform-x")).toBe(true);
    expect(isLoginOf(login, "platform-y")).toBe(false);
    expect(liveUsernames(login)).toEqual(["platform-x.2", "platform-x"]);
    expect(login.retiring).toEqual([
      { username: "platform-x", notAfter: "2026-01-01T01:00:00.000Z" },
    ]);

    // Still inside the window nothing retires; at its end the old user does.
    expect(expireScramLogin({ login, now: at("2026-01-01T00:59:59Z") }).retireNow).toEqual([]);
    const expired = expireScramLogin({ login, now: at("2026-01-01T01:00:00Z") });
    expect(expired.retireNow).toEqual(["platform-x"]);
    expect(liveUsernames(expired.login)).toEqual(["platform-x.2"]);
    expect(expired.login.retiring).toBeUndefined();
  });

  it("an overlap of 0 retires the old user at once; rotating twice keeps both older ones until theirs ends", () => {
    const now = at("2026-01-01T00:00:00Z");
    const at0 = rotateScramLogin({ login: newScramLogin("u"), baseUser: "u", now, overlapMs: 0 });
    expect(at0.retireNow).toEqual(["u"]);
    const twice = rotateScramLogin({
      login: rotateScramLogin({ login: newScramLogin("u"), baseUser: "u", now, overlapMs: 60_000 })
        .login,
      baseUser: "u",
      now,
      overlapMs: 120_000,
    });
    expect(liveUsernames(twice.login)).toEqual(["u.3", "u", "u.2"]);
    const later = expireScramLogin({ login: twice.login, now: at("2026-01-01T00:01:30Z") });
    expect(later.retireNow).toEqual(["u"]);
    expect(liveUsernames(later.login)).toEqual(["u.3", "u.2"]);
  });

  it("a revocation stops every generation; a later rotation issues a fresh login only", () => {
    const now = at("2026-01-01T00:00:00Z");
    const rotated = rotateScramLogin({
      login: newScramLogin("u"),
      baseUser: "u",
      now,
      overlapMs: 60_000,
    }).login;
    const revoked = revokeScramLogin({ login: rotated, now });
    expect(revoked.retireNow).toEqual(["u.2", "u"]);
    expect(liveUsernames(revoked.login)).toEqual([]);
    expect(revoked.login.revokedAt).toBe("2026-01-01T00:00:00.000Z");
    const reissued = rotateScramLogin({
      login: revoked.login,
      baseUser: "u",
      now,
      overlapMs: 60_000,
    });
    expect(reissued.retireNow).toEqual([]);
    expect(liveUsernames(reissued.login)).toEqual(["u.3"]);
    expect(reissued.login.revokedAt).toBeUndefined();
  });
});
