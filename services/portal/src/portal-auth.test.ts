import { describe, expect, it } from "vitest";
import { createLogger } from "@takedown/logger";
import { StaffStore } from "@takedown/staff-accounts";
import { buildApp } from "./portal-app.js";

const PASSWORD = "correct horse battery";

async function portalWithAccount(options: { trustProxy?: boolean } = {}) {
  const clock = { skew: 0 };
  const now = () => Date.now() + clock.skew;
  const staff = StaffStore.open(":memory:", { maxFailures: 3, now: () => new Date(now()) });
  const created = await staff.createAccount({ organId: "organ-a" });
  await staff.completeSetup({
    accountId: created.account.id,
    setupSecret: created.setupSecret,
    password: PASSWORD,
  });
  const portal = buildApp({
    logger: createLogger({ service: "portal-test", level: "silent" }),
    staff,
    // Nothing listens there: these tests never reach intake.
    intakeUrl: "http://127.0.0.1:9",
    intakeKeyOf: () => Promise.resolve(undefined),
    organNames: new Map([["organ-a", { ja: "機関A", en: "Organ A" }]]),
    webDir: "/nonexistent",
    port: 0,
    host: "127.0.0.1",
    sessionIdleMs: 60_000,
    trustProxy: options.trustProxy ?? false,
    now,
  });
  await portal.app.ready();
  const signIn = (password = PASSWORD, headers: Record<string, string> = {}) =>
    portal.app.inject({
      method: "POST",
      url: "/api/sign-in",
      headers: { host: "portal.test", ...headers },
      payload: { accountId: created.account.id, password },
    });
  return { portal, clock, signIn, accountId: created.account.id };
}

function cookieOf(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return (header ?? "").split(";")[0] ?? "";
}

describe("portal sign-in and sessions", () => {
  it("sets an HttpOnly, SameSite=Strict cookie, Secure only over TLS", async () => {
    const { signIn } = await portalWithAccount({ trustProxy: true });
    const plain = await signIn();
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["set-cookie"]).toMatch(/HttpOnly; SameSite=Strict$/);
    const tls = await signIn(PASSWORD, { "x-forwarded-proto": "https" });
    expect(tls.headers["set-cookie"]).toMatch(/HttpOnly; SameSite=Strict; Secure$/);
    expect(tls.json()).not.toHaveProperty("apiKey");
  });

  it("refuses a state-changing call without the session's CSRF token or from another site", async () => {
    const { portal, signIn } = await portalWithAccount();
    const signedIn = await signIn();
    const cookie = cookieOf(signedIn.headers["set-cookie"]);
    const { csrfToken } = signedIn.json<{ csrfToken: string }>();
    const call = (headers: Record<string, string>) =>
      portal.app.inject({
        method: "POST",
        url: "/api/evidence/known",
        headers: { host: "portal.test", cookie, ...headers },
        payload: { ids: [] },
      });
    const missing = await call({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({
      code: "PORTAL_CSRF_REFUSED",
      errors: [{ field: "X-CSRF-Token" }],
    });
    expect((await call({ "x-csrf-token": "forged" })).statusCode).toBe(403);
    expect(
      (await call({ "x-csrf-token": csrfToken, origin: "https://evil.example" })).statusCode,
    ).toBe(403);
    expect((await call({ "x-csrf-token": csrfToken })).json()).toEqual({ known: [] });
    // Login CSRF: another site's page cannot sign a browser in either.
    expect((await signIn(PASSWORD, { "sec-fetch-site": "cross-site" })).statusCode).toBe(403);
  });

  it("ends a session after the idle time and says so", async () => {
    const { portal, clock, signIn } = await portalWithAccount();
    const cookie = cookieOf((await signIn()).headers["set-cookie"]);
    const session = () =>
      portal.app.inject({ method: "GET", url: "/api/session", headers: { cookie } });
    expect((await session()).statusCode).toBe(200);
    clock.skew += 59_000;
    expect((await session()).statusCode).toBe(200);
    clock.skew += 59_000;
    // Each call restarted the idle time; now a full minute passes without one.
    clock.skew += 61_000;
    const expired = await session();
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: "PORTAL_SESSION_EXPIRED" });
  });

  it("locks the account after repeated failures and throttles one address", async () => {
    const { signIn } = await portalWithAccount();
    expect((await signIn("wrong")).json()).toMatchObject({ code: "PORTAL_SIGN_IN_REFUSED" });
    expect((await signIn("wrong")).statusCode).toBe(401);
    const locked = await signIn("wrong");
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ code: "PORTAL_ACCOUNT_LOCKED" });
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
    expect((await signIn()).statusCode).toBe(423);
    // 10 attempts a minute per address: 4 made, 6 more, then the 11th waits.
    for (let i = 0; i < 6; i++) await signIn("wrong");
    const throttled = await signIn();
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toMatchObject({ code: "PORTAL_THROTTLED" });
  });
});
