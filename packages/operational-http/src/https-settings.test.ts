import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import {
  createLocalCa,
  issueServerCertificate,
  type CertificateFiles,
} from "@takedown/local-infra";
import { loadTlsCredentials, readHttpsSettings, type HttpsFiles } from "./https-settings.js";

describe("readHttpsSettings", () => {
  it("is plain HTTP when neither variable is set, or both are empty", () => {
    expect(readHttpsSettings({}, "INTAKE")).toBeUndefined();
    expect(
      readHttpsSettings({ AUDIT_TLS_CERT_FILE: "", AUDIT_TLS_KEY_FILE: "" }, "AUDIT"),
    ).toBeUndefined();
  });

  it("reads the service's own pair, not another service's", () => {
    const env = {
      PORTAL_TLS_CERT_FILE: "/etc/takedown/portal.pem",
      PORTAL_TLS_KEY_FILE: "/etc/takedown/portal.key",
    };
    expect(readHttpsSettings(env, "PORTAL")).toEqual({
      certFile: "/etc/takedown/portal.pem",
      keyFile: "/etc/takedown/portal.key",
      certVariable: "PORTAL_TLS_CERT_FILE",
      keyVariable: "PORTAL_TLS_KEY_FILE",
    });
    expect(readHttpsSettings(env, "INTAKE")).toBeUndefined();
  });

  it("refuses half a pair, naming the variable that is missing", () => {
    expect(() => readHttpsSettings({ INTAKE_TLS_CERT_FILE: "/x.pem" }, "INTAKE")).toThrow(
      /INTAKE_TLS_KEY_FILE: set both INTAKE_TLS_CERT_FILE and INTAKE_TLS_KEY_FILE/,
    );
    expect(() => readHttpsSettings({ AUDIT_TLS_KEY_FILE: "/x.key" }, "AUDIT")).toThrow(
      /AUDIT_TLS_CERT_FILE: set both/,
    );
  });
});

describe("loadTlsCredentials", () => {
  let dir: string;
  let server: CertificateFiles;
  let other: CertificateFiles;
  const pair = (files: Partial<Pick<HttpsFiles, "certFile" | "keyFile">>): HttpsFiles => ({
    certFile: server.certFile,
    keyFile: server.keyFile,
    certVariable: "INTAKE_TLS_CERT_FILE",
    keyVariable: "INTAKE_TLS_KEY_FILE",
    ...files,
  });
  const refusal = async (files: HttpsFiles, now?: Date) => {
    const error: unknown = await loadTlsCredentials(files, now).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isTakedownError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
    return { code: error.code, message: error.message, details: error.details };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "https-settings-"));
    const ca = await createLocalCa(join(dir, "ca"), "https-settings test CA");
    server = await issueServerCertificate({
      ca,
      dir,
      name: "server",
      hosts: ["localhost", "127.0.0.1"],
      days: 30,
    });
    other = await issueServerCertificate({ ca, dir, name: "other", hosts: ["localhost"] });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads a matching certificate and key", async () => {
    const tls = await loadTlsCredentials(pair({}));
    expect(tls.cert).toContain("BEGIN CERTIFICATE");
    expect(tls.key).toContain("PRIVATE KEY");
    expect(tls.subject).toBe("CN=localhost");
  });

  it("names the variable, the file and 'no such file' for a missing file", async () => {
    const missing = join(dir, "absent.pem");
    expect(await refusal(pair({ certFile: missing }))).toEqual({
      code: "OPS_INVALID_TLS",
      message: `the HTTPS certificate or key is unusable: INTAKE_TLS_CERT_FILE=${missing}: no such file`,
      details: { variable: "INTAKE_TLS_CERT_FILE", file: missing, reason: "no such file" },
    });
  });

  it("refuses a directory where a file should be", async () => {
    expect((await refusal(pair({ keyFile: dir }))).details).toEqual({
      variable: "INTAKE_TLS_KEY_FILE",
      file: dir,
      reason: "is a directory, not a file",
    });
  });

  it("refuses a key where the certificate should be, and a certificate where the key should be", async () => {
    expect((await refusal(pair({ certFile: server.keyFile }))).details).toMatchObject({
      variable: "INTAKE_TLS_CERT_FILE",
      reason: "not a PEM certificate",
    });
    expect((await refusal(pair({ keyFile: server.certFile }))).details).toMatchObject({
      variable: "INTAKE_TLS_KEY_FILE",
      reason: "not an unencrypted PEM private key",
    });
  });

  it("refuses a key that belongs to another certificate", async () => {
    expect((await refusal(pair({ keyFile: other.keyFile }))).details).toEqual({
      variable: "INTAKE_TLS_KEY_FILE",
      file: other.keyFile,
      reason: `the key does not belong to the certificate in INTAKE_TLS_CERT_FILE=${server.certFile}`,
    });
  });

  it("refuses a certificate that has expired", async () => {
    const later = new Date(Date.now() + 31 * 86_400_000);
    const details = (await refusal(pair({}), later)).details;
    expect(details["variable"]).toBe("INTAKE_TLS_CERT_FILE");
    expect(details["reason"]).toMatch(/^the certificate expired on /);
  });
});
