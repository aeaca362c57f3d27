import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLocalCa,
  issueServerCertificate,
  type CertificateFiles,
} from "@takedown/local-infra";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * One request over HTTP or HTTPS with Node's own client, which (unlike fetch) takes the CA to
 * trust per request: with `ca` only that CA's certificates are accepted, without it Node's
 * built-in roots, which no test CA is among.
 */
export function requestOnce(
  url: string,
  options: { ca?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers ?? {},
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(options.body);
  });
}

export interface TestCertificates {
  /** PEM of the test CA, to trust. */
  caPem: string;
  /** A server certificate for localhost and 127.0.0.1 that the CA signed. */
  server: CertificateFiles;
  /** A CA that signed nothing here: trusting it alone must not admit the server. */
  strangerCaPem: string;
  remove(): Promise<void>;
}

/** A throw-away CA and server certificate in a temporary folder (openssl, as kafka.sh). */
export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), "test-ca-"));
  const ca = await createLocalCa(join(dir, "ca"), `test CA ${Date.now()}`);
  const stranger = await createLocalCa(join(dir, "stranger"), `stranger CA ${Date.now()}`);
  const server = await issueServerCertificate({
    ca,
    dir,
    name: "server",
    hosts: ["localhost", "127.0.0.1"],
  });
  return {
    caPem: await readFile(ca.certFile, "utf8"),
    strangerCaPem: await readFile(stranger.certFile, "utf8"),
    server,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
