import { describe, expect, it } from "vitest";
import { readPortalSettings } from "./portal-settings.js";

describe("readPortalSettings", () => {
  it("has working local defaults (SPEC §5a: port 8070)", () => {
    const settings = readPortalSettings({});
    expect(settings.port).toBe(8070);
    expect(settings.intakeUrl).toBe("http://127.0.0.1:8080");
    expect(settings.intakeKeysFile).toBe(".data/portal/intake-keys.json");
    expect(settings.dbPath).toBe(".data/portal/portal.db");
    expect(settings.auditUrl).toBe("http://127.0.0.1:8090");
    expect(settings.auditKeyFile).toBe(".data/portal/audit-key.json");
    expect(settings.auditVerifierKey).toEqual({ file: ".data/audit/verifier.key" });
  });

  it("pins a verifier key given in the environment, and refuses one of another form", () => {
    const key = "audit.example/log+0a1b2c3d+AUVa3aQKV6/SeuJaxkQm6Cr3Xa2Fk5c2cf0TZdf4uW1L";
    expect(readPortalSettings({ PORTAL_AUDIT_VERIFIER_KEY: key }).auditVerifierKey).toEqual({
      key,
    });
    expect(() => readPortalSettings({ PORTAL_AUDIT_VERIFIER_KEY: "PRIVATE+KEY+x" })).toThrow(
      /PORTAL_AUDIT_VERIFIER_KEY/,
    );
  });

  it("names the variable and the reason of a bad value", () => {
    expect(() => readPortalSettings({ PORTAL_PORT: "70000" })).toThrow(/PORTAL_PORT/);
    expect(() => readPortalSettings({ INTAKE_URL: "ftp://x" })).toThrow(/INTAKE_URL/);
  });
});
