import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@takedown/logger";
import { NO_ORGAN, StaffStore, type StaffRole } from "@takedown/staff-accounts";
import { buildApp } from "./portal-app.js";

const PASSWORD = "correct horse battery";
const KEY = "audit.example/log+0a1b2c3d+AUVa3aQKV6/SeuJaxkQm6Cr3Xa2Fk5c2cf0TZdf4uW1L";

/** Stands in for the audit API: records what the portal asked and with which key. */
async function fakeAuditApi() {
  const calls: { url: string; authorization: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    calls.push({ url: request.url ?? "", authorization: request.headers.authorization });
    response.writeHead(200, { "content-type": "application/json", "x-audit-tree-size": "7" });
    response.end('{"relayed":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not listening");
  return { calls, server, url: `http://127.0.0.1:${address.port}` };
}

let stopServer: (() => void) | undefined;
afterEach(() => stopServer?.());

async function signedIn(role: StaffRole) {
  const audit = await fakeAuditApi();
  stopServer = () => audit.server.close();
  const staff = StaffStore.open(":memory:");
  const created = await staff.createAccount(
    role === "auditor" ? { organId: NO_ORGAN, role } : { organId: "organ-a" },
  );
  await staff.completeSetup({
    accountId: created.account.id,
    setupSecret: created.setupSecret,
    password: PASSWORD,
  });
  const portal = buildApp({
    logger: createLogger({ service: "portal-test", level: "silent" }),
    staff,
    intakeUrl: "http://127.0.0.1:9",
    intakeKeyOf: () => Promise.resolve(undefined),
    organNames: new Map(),
    webDir: "/nonexistent",
    port: 0,
    host: "127.0.0.1",
    audit: {
      url: audit.url,
      auditorKey: () => Promise.resolve("the-portals-auditor-key"),
      verifierKey: () => Promise.resolve(KEY),
    },
  });
  await portal.app.ready();
  const signIn = await portal.app.inject({
    method: "POST",
    url: "/api/sign-in",
    headers: { host: "portal.test" },
    payload: { accountId: created.account.id, password: PASSWORD },
  });
  const header = signIn.headers["set-cookie"];
  const cookie = ((Array.isArray(header) ? header[0] : header) ?? "").split(";")[0] ?? "";
  const get = (url: string, withCookie = true) =>
    portal.app.inject({ method: "GET", url, headers: withCookie ? { cookie } : {} });
  return { get, calls: audit.calls };
}

describe("the portal's audit routes", () => {
  it("relay an auditor's look-up with the portal's key, and only the known query fields", async () => {
    const { get, calls } = await signedIn("auditor");
    const answer = await get("/api/audit/lookup?caseId=case_abc&size=12");
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ relayed: true });
    expect(answer.headers["x-audit-tree-size"]).toBe("7");
    expect(calls).toEqual([
      {
        url: "/v1/lookup?caseId=case_abc&size=12",
        authorization: "Bearer the-portals-auditor-key",
      },
    ]);
    expect((await get("/api/audit/log")).json()).toEqual({
      verifierKey: KEY,
      checkpointUrl: "/api/public/checkpoint",
    });
    const report = await get("/api/audit/report?from=2025-06-01&to=2025-07-01&format=csv");
    expect(report.headers["content-disposition"]).toBe(
      'attachment; filename="transparency-report-2025-06-01-2025-07-01.csv"',
    );
  });

  it("names the bad field of a query and never calls the audit API for it", async () => {
    const { get, calls } = await signedIn("auditor");
    const bad = await get("/api/audit/lookup?index=-1");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "PORTAL_INVALID_BODY", errors: [{ field: "index" }] });
    expect((await get("/api/audit/lookup?secret=1")).statusCode).toBe(400);
    expect(calls).toEqual([]);
  });

  it("refuses staff and signed-out callers; the public routes need no sign-in and no key", async () => {
    const { get, calls } = await signedIn("staff");
    expect((await get("/api/audit/lookup?index=0")).json()).toMatchObject({
      status: 403,
      code: "PORTAL_FORBIDDEN",
    });
    expect((await get("/api/audit/lookup?index=0", false)).statusCode).toBe(401);
    expect(calls).toEqual([]);
    expect((await get("/api/public/transparency?from=2025-05&to=2025-06", false)).statusCode).toBe(
      200,
    );
    expect(calls).toEqual([
      { url: "/v1/public/transparency?from=2025-05&to=2025-06", authorization: undefined },
    ]);
  });
});
