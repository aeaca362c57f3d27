import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { createOperationalError } from "./errors.js";

/** The services that answer HTTP to parties outside the machine: each has its own pair. */
export type HttpsService = "INTAKE" | "AUDIT" | "PORTAL";

/** Where a service's certificate chain and key are, and the variables that named them. */
export interface HttpsFiles {
  certFile: string;
  keyFile: string;
  certVariable: string;
  keyVariable: string;
}

/** PEM text for Node's TLS server: the chain (leaf first) and its unencrypted private key. */
export interface TlsCredentials {
  cert: string;
  key: string;
  /** The leaf's subject and expiry, for the start-up log line. */
  subject: string;
  validTo: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Pure: `<SERVICE>_TLS_CERT_FILE` and `<SERVICE>_TLS_KEY_FILE`, both or neither; neither means
 * plain HTTP (the default, for loopback and for a TLS-terminating proxy in front).
 */
export function readHttpsSettings(env: Env, service: HttpsService): HttpsFiles | undefined {
  const certVariable = `${service}_TLS_CERT_FILE`;
  const keyVariable = `${service}_TLS_KEY_FILE`;
  const schema = z
    .object({
      [certVariable]: z.string().min(1).optional(),
      [keyVariable]: z.string().min(1).optional(),
    })
    .refine((v) => (v[certVariable] === undefined) === (v[keyVariable] === undefined), {
      message: `set both ${certVariable} and ${keyVariable}, or neither (plain HTTP)`,
      path: [presentValue(env, certVariable) === undefined ? certVariable : keyVariable],
    });
  // An empty variable counts as unset, as in shells and compose files.
  const parsed = schema.safeParse({
    [certVariable]: presentValue(env, certVariable),
    [keyVariable]: presentValue(env, keyVariable),
  });
  if (!parsed.success)
    throw createOperationalError("OPS_INVALID_ENV", {
      detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
  const certFile = parsed.data[certVariable];
  const keyFile = parsed.data[keyVariable];
  if (certFile === undefined || keyFile === undefined) return undefined;
  return { certFile, keyFile, certVariable, keyVariable };
}

function presentValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === "" ? undefined : value;
}

function unusable(variable: string, file: string, reason: string, cause?: unknown): never {
  throw createOperationalError("OPS_INVALID_TLS", {
    detail: `${variable}=${file}: ${reason}`,
    details: { variable, file, reason },
    cause,
  });
}

async function readPem(variable: string, file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES" || code === "EPERM"
          ? "not readable by this process (permission denied)"
          : code === "EISDIR"
            ? "is a directory, not a file"
            : `cannot be read (${code ?? String(error)})`;
    return unusable(variable, file, reason, error);
  }
}

/**
 * Reads and checks both files at start-up, so a bad pair stops the service with the file, the
 * variable and the reason instead of failing each TLS handshake later.
 */
export async function loadTlsCredentials(
  files: HttpsFiles,
  now: Date = new Date(),
): Promise<TlsCredentials> {
  const cert = await readPem(files.certVariable, files.certFile);
  const key = await readPem(files.keyVariable, files.keyFile);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch (error) {
    return unusable(files.certVariable, files.certFile, "not a PEM certificate", error);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    return unusable(files.keyVariable, files.keyFile, "not an unencrypted PEM private key", error);
  }
  if (!leaf.checkPrivateKey(privateKey))
    unusable(
      files.keyVariable,
      files.keyFile,
      `the key does not belong to the certificate in ${files.certVariable}=${files.certFile}`,
    );
  if (new Date(leaf.validTo).getTime() <= now.getTime())
    unusable(files.certVariable, files.certFile, `the certificate expired on ${leaf.validTo}`);
  return { cert, key, subject: leaf.subject, validTo: leaf.validTo };
}
