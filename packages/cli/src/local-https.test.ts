import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalCa } from "@takedown/local-infra";
import { prepareLocalHttps } from "./local-https.js";

const run = promisify(execFile);

describe("prepareLocalHttps (takedown up --https)", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "local-https-"));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("issues a certificate from the local CA once, then reuses it, and points every service at it", async () => {
    const ca = await createLocalCa(join(dataDir, "tls"), "local CA");
    const first = await prepareLocalHttps({ dataDir, env: { INTAKE_PORT: "18080" } });
    expect(first.issued).toBe(true);
    const cert = join(dataDir, "tls", "http.pem");
    const key = join(dataDir, "tls", "http.key");
    expect(first.env).toEqual({
      INTAKE_TLS_CERT_FILE: cert,
      INTAKE_TLS_KEY_FILE: key,
      AUDIT_TLS_CERT_FILE: cert,
      AUDIT_TLS_KEY_FILE: key,
      PORTAL_TLS_CERT_FILE: cert,
      PORTAL_TLS_KEY_FILE: key,
      INTAKE_URL: "https://127.0.0.1:18080",
      PORTAL_AUDIT_URL: "https://127.0.0.1:8090",
      NODE_EXTRA_CA_CERTS: ca.certFile,
    });
    const pem = await readFile(cert, "utf8");
    const second = await prepareLocalHttps({ dataDir, env: {} });
    expect(second.issued).toBe(false);
    expect(await readFile(cert, "utf8")).toBe(pem);
  });

  it("issues again when the CA was replaced", async () => {
    await createLocalCa(join(dataDir, "tls"), "old CA");
    await prepareLocalHttps({ dataDir, env: {} });
    await createLocalCa(join(dataDir, "tls"), "new CA");
    expect((await prepareLocalHttps({ dataDir, env: {} })).issued).toBe(true);
  });

  it("leaves what the operator set explicitly", async () => {
    await createLocalCa(join(dataDir, "tls"), "local CA");
    const { env } = await prepareLocalHttps({
      dataDir,
      env: {
        PORTAL_TLS_CERT_FILE: "/etc/portal.pem",
        PORTAL_TLS_KEY_FILE: "/etc/portal.key",
        INTAKE_URL: "https://intake.internal:8443",
        NODE_EXTRA_CA_CERTS: "/etc/corporate-ca.pem",
      },
    });
    expect(env).toMatchObject({
      PORTAL_TLS_CERT_FILE: "/etc/portal.pem",
      PORTAL_TLS_KEY_FILE: "/etc/portal.key",
      INTAKE_URL: "https://intake.internal:8443",
      NODE_EXTRA_CA_CERTS: "/etc/corporate-ca.pem",
    });
  });

  it("names the missing CA key instead of failing inside openssl", async () => {
    await expect(prepareLocalHttps({ dataDir, env: {} })).rejects.toMatchObject({
      code: "CLI_LOCAL_CA_UNUSABLE",
      message: expect.stringContaining(join(dataDir, "tls", "ca.key")) as unknown,
    });
  });

  it("gives the services a CA their fetch trusts: a Node process with that environment connects", async () => {
    await createLocalCa(join(dataDir, "tls"), "local CA");
    const { env } = await prepareLocalHttps({ dataDir, env: {} });
    const server = createServer(
      {
        cert: await readFile(env.INTAKE_TLS_CERT_FILE ?? "", "utf8"),
        key: await readFile(env.INTAKE_TLS_KEY_FILE ?? "", "utf8"),
      },
      (_request, response) => response.end("hello over TLS"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const script = `fetch(${JSON.stringify(url)}).then(async (r) => console.log(await r.text()), (e) => { console.log(e.cause?.code ?? e.message); })`;
      const trusting = await run(process.execPath, ["-e", script], {
        env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS },
      });
      expect(trusting.stdout.trim()).toBe("hello over TLS");
      const without = await run(process.execPath, ["-e", script], {
        env: { PATH: process.env.PATH },
      });
      expect(without.stdout.trim()).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
