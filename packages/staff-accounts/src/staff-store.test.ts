import { describe, expect, it } from "vitest";
import { StaffStore } from "./staff-store.js";
import { base32Decode, totp } from "./totp.js";

function storeAt(clock: { now: Date }): StaffStore {
  return StaffStore.open(":memory:", { now: () => clock.now, lockMs: 60_000, maxFailures: 3 });
}

describe("StaffStore", () => {
  it("signs in only after set-up, with the password set there", async () => {
    const clock = { now: new Date("2026-12-01T00:00:00Z") };
    const store = storeAt(clock);
    const { account, setupSecret } = await store.createAccount({ organId: "organ-a" });
    expect(account.id).toMatch(/^stf_[a-z0-9]{16}$/);
    const password = "correct horse battery";
    expect(await store.signIn({ accountId: account.id, password })).toEqual({ kind: "refused" });
    expect(
      await store.completeSetup({ accountId: account.id, setupSecret: "WRONG", password }),
    ).toBe(false);
    expect(await store.completeSetup({ accountId: account.id, setupSecret, password })).toBe(true);
    // The set-up secret works once.
    expect(await store.completeSetup({ accountId: account.id, setupSecret, password })).toBe(false);
    const result = await store.signIn({ accountId: account.id, password });
    expect(result).toEqual({ kind: "signed_in", account: { ...account, totp: false } });
  });

  it("locks an account after consecutive failures, even for the right password, then unlocks", async () => {
    const clock = { now: new Date("2026-12-01T00:00:00Z") };
    const store = storeAt(clock);
    const { account, setupSecret } = await store.createAccount({ organId: "organ-a" });
    const password = "correct horse battery";
    await store.completeSetup({ accountId: account.id, setupSecret, password });
    expect((await store.signIn({ accountId: account.id, password: "x" })).kind).toBe("refused");
    expect((await store.signIn({ accountId: account.id, password: "x" })).kind).toBe("refused");
    expect((await store.signIn({ accountId: account.id, password: "x" })).kind).toBe("locked");
    expect((await store.signIn({ accountId: account.id, password })).kind).toBe("locked");
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect((await store.signIn({ accountId: account.id, password })).kind).toBe("signed_in");
  });

  it("asks for a TOTP code when the account has one and refuses a replayed code", async () => {
    const clock = { now: new Date("2026-12-01T00:00:00Z") };
    const store = storeAt(clock);
    store.setTotpRequired("organ-b", true);
    const created = await store.createAccount({ organId: "organ-b" });
    expect(created.totpSecret).toBeDefined();
    const password = "correct horse battery";
    const accountId = created.account.id;
    await store.completeSetup({ accountId, setupSecret: created.setupSecret, password });
    expect((await store.signIn({ accountId, password })).kind).toBe("code_needed");
    const code = totp(base32Decode(created.totpSecret ?? ""), clock.now);
    expect((await store.signIn({ accountId, password, code })).kind).toBe("signed_in");
    expect((await store.signIn({ accountId, password, code })).kind).toBe("refused");
  });

  it("refuses accounts without a second factor once their organ requires one", async () => {
    const store = storeAt({ now: new Date("2026-12-01T00:00:00Z") });
    const { account, setupSecret } = await store.createAccount({ organId: "organ-c" });
    const password = "correct horse battery";
    await store.completeSetup({ accountId: account.id, setupSecret, password });
    store.setTotpRequired("organ-c", true);
    expect((await store.signIn({ accountId: account.id, password })).kind).toBe(
      "totp_enrolment_needed",
    );
  });

  it("makes auditor accounts that belong to no organ and keep their role after sign-in", async () => {
    const store = storeAt({ now: new Date("2026-12-01T00:00:00Z") });
    await expect(store.createAccount({ organId: "organ-a", role: "auditor" })).rejects.toThrow(
      /no organ/,
    );
    const { account, setupSecret } = await store.createAccount({ organId: "", role: "auditor" });
    expect(account).toMatchObject({ role: "auditor", organId: "" });
    const password = "correct horse battery";
    await store.completeSetup({ accountId: account.id, setupSecret, password });
    const result = await store.signIn({ accountId: account.id, password });
    expect(result).toMatchObject({ kind: "signed_in", account: { role: "auditor", organId: "" } });
    expect(store.account(account.id)?.role).toBe("auditor");
  });

  it("a rotation keeps the old password until the new one is set, then ends older sessions; a revocation ends everything", async () => {
    const clock = { now: new Date("2026-12-01T00:00:00Z") };
    const store = storeAt(clock);
    const { account, setupSecret } = await store.createAccount({ organId: "organ-a" });
    const old = "correct horse battery";
    await store.completeSetup({ accountId: account.id, setupSecret, password: old });
    const sessionAt = clock.now.getTime();
    clock.now = new Date("2026-12-01T01:00:00Z");

    const reset = await store.resetAccount(account.id, 3_600_000);
    expect(reset).toBeDefined();
    expect((await store.signIn({ accountId: account.id, password: old })).kind).toBe("signed_in");
    expect(store.sessionInForce(account.id, sessionAt)).toBe(true);
    const fresh = "staple battery horse correct";
    expect(
      await store.completeSetup({ accountId: account.id, setupSecret: reset!, password: fresh }),
    ).toBe(true);
    expect((await store.signIn({ accountId: account.id, password: old })).kind).toBe("refused");
    expect((await store.signIn({ accountId: account.id, password: fresh })).kind).toBe("signed_in");
    expect(store.sessionInForce(account.id, sessionAt)).toBe(false);
    expect(store.sessionInForce(account.id, clock.now.getTime())).toBe(true);

    const another = await store.resetAccount(account.id, 3_600_000);
    expect(store.revokeAccount(account.id)).toBe(true);
    expect(store.sessionInForce(account.id, clock.now.getTime())).toBe(false);
    expect((await store.signIn({ accountId: account.id, password: fresh })).kind).toBe("refused");
    expect(
      await store.completeSetup({ accountId: account.id, setupSecret: another!, password: fresh }),
    ).toBe(false);
    expect(await store.resetAccount(account.id, 3_600_000)).toBeUndefined();
    expect(store.revokeAccount("stf_nobody")).toBe(false);
  });
});
