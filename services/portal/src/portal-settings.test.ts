import { describe, expect, it } from "vitest";
import { readPortalSettings } from "./portal-settings.js";

describe("readPortalSettings", () => {
  it("has working local defaults (SPEC §5a: port 8070)", () => {
    const settings = readPortalSettings({});
    expect(settings.port).toBe(8070);
    expect(settings.intakeUrl).toBe("http://127.0.0.1:8080");
    expect(settings.intakeKeysFile).toBe(".data/portal/intake-keys.json");
    expect(settings.dbPath).toBe(".data/portal/portal.db");
  });

  it("names the variable and the reason of a bad value", () => {
    expect(() => readPortalSettings({ PORTAL_PORT: "70000" })).toThrow(/PORTAL_PORT/);
    expect(() => readPortalSettings({ INTAKE_URL: "ftp://x" })).toThrow(/INTAKE_URL/);
  });
});
