import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A PEM certificate and its unencrypted key, as files. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

const P256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];

/**
 * A new CA in `dir` (ca.pem, ca.key), made as infra/kafka/kafka.sh makes the local one: openssl,
 * P-256, CA:TRUE. For tests; `takedown up` uses the CA kafka.sh made in `<data>/tls`.
 */
export async function createLocalCa(dir: string, name: string): Promise<CertificateFiles> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = { certFile: join(dir, "ca.pem"), keyFile: join(dir, "ca.key") };
  await run("openssl", [
    "req",
    "-x509",
    "-new",
    ...P256,
    "-keyout",
    files.keyFile,
    "-out",
    files.certFile,
    "-days",
    "3650",
    "-subj",
    `/CN=${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  await chmod(files.keyFile, 0o600);
  return files;
}

/**
 * A server certificate for `hosts` (DNS names and IP addresses) signed by `ca`, written as
 * `<dir>/<name>.pem` and `<dir>/<name>.key` (mode 600). One openssl process per step.
 */
export async function issueServerCertificate(options: {
  ca: CertificateFiles;
  dir: string;
  name: string;
  hosts: readonly string[];
  days?: number;
}): Promise<CertificateFiles> {
  const { dir, name } = options;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  const altNames = options.hosts
    .map((host) => (/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`))
    .join(",");
  try {
    await run("openssl", [
      "req",
      "-new",
      ...P256,
      "-keyout",
      files.keyFile,
      "-out",
      csr,
      "-subj",
      `/CN=${options.hosts[0] ?? "localhost"}`,
    ]);
    await chmod(files.keyFile, 0o600);
    await writeFile(
      ext,
      `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n`,
    );
    await run("openssl", [
      "x509",
      "-req",
      "-in",
      csr,
      "-CA",
      options.ca.certFile,
      "-CAkey",
      options.ca.keyFile,
      "-set_serial",
      `0x${Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("hex")}`,
      "-days",
      String(options.days ?? 825),
      "-extfile",
      ext,
      "-out",
      files.certFile,
    ]);
  } finally {
    await rm(csr, { force: true });
    await rm(ext, { force: true });
  }
  return files;
}

/**
 * True when `files` hold a certificate `ca` signed that stays valid for at least `minDays` more,
 * so `takedown up` issues a new one only when needed (a new CA, or one close to expiry).
 */
export async function certificateStillGood(
  files: CertificateFiles,
  ca: CertificateFiles,
  minDays = 30,
): Promise<boolean> {
  try {
    const leaf = new X509Certificate(await readFile(files.certFile));
    const authority = new X509Certificate(await readFile(ca.certFile));
    await readFile(files.keyFile);
    return (
      leaf.verify(authority.publicKey) &&
      new Date(leaf.validTo).getTime() > Date.now() + minDays * 86_400_000
    );
  } catch {
    return false;
  }
}
