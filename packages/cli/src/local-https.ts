import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  certificateStillGood,
  issueServerCertificate,
  type CertificateFiles,
} from "@takedown/local-infra";
import { createCliError } from "./errors.js";
import type { Environment } from "./local-environment.js";

/** The services `takedown up --https` serves over TLS, by their variables' prefix. */
const HTTPS_SERVICES = ["INTAKE", "AUDIT", "PORTAL"] as const;

export interface LocalHttps {
  /** What the services get on top of the pipeline's environment. */
  env: Environment;
  ca: CertificateFiles;
  server: CertificateFiles;
  issued: boolean;
}

/**
 * `takedown up --https`: a certificate for localhost and 127.0.0.1 from the local CA that
 * infra/kafka/kafka.sh made in `<data>/tls` (the one platforms trust for Kafka), issued again
 * only when missing, signed by another CA or close to expiry. The services' variables point at
 * it, the portal calls intake over https, and every service trusts the CA through
 * NODE_EXTRA_CA_CERTS. What the caller set explicitly wins.
 */
export async function prepareLocalHttps(options: {
  dataDir: string;
  env: Environment;
}): Promise<LocalHttps> {
  const { env } = options;
  const dir = join(options.dataDir, "tls");
  const ca = { certFile: join(dir, "ca.pem"), keyFile: join(dir, "ca.key") };
  const server = { certFile: join(dir, "http.pem"), keyFile: join(dir, "http.key") };
  const issued = !(await certificateStillGood(server, ca));
  if (issued) {
    if (!existsSync(ca.keyFile))
      throw createCliError("CLI_LOCAL_CA_UNUSABLE", {
        detail: `${ca.keyFile} is missing (remove ${dir} to make a new CA; platforms then need the new ca.pem)`,
      });
    try {
      await issueServerCertificate({ ca, dir, name: "http", hosts: ["localhost", "127.0.0.1"] });
    } catch (error) {
      throw createCliError("CLI_LOCAL_CA_UNUSABLE", {
        detail: `openssl could not sign ${server.certFile} with ${ca.certFile}`,
        cause: error,
      });
    }
  }
  const added: Environment = {};
  for (const service of HTTPS_SERVICES) {
    added[`${service}_TLS_CERT_FILE`] = env[`${service}_TLS_CERT_FILE`] ?? server.certFile;
    added[`${service}_TLS_KEY_FILE`] = env[`${service}_TLS_KEY_FILE`] ?? server.keyFile;
  }
  added.INTAKE_URL = env.INTAKE_URL ?? `https://127.0.0.1:${env.INTAKE_PORT ?? "8080"}`;
  added.PORTAL_AUDIT_URL = env.PORTAL_AUDIT_URL ?? `https://127.0.0.1:${env.AUDIT_PORT ?? "8090"}`;
  added.NODE_EXTRA_CA_CERTS = env.NODE_EXTRA_CA_CERTS ?? ca.certFile;
  return { env: added, ca, server, issued };
}
