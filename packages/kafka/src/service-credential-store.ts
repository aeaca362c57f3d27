import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Principal } from "@takedown/config";
import type { ScramUser } from "./scram-credentials.js";
import { isLoginOf, type StoredScramLogin } from "./scram-login-lifecycle.js";

/** One service's Kafka login (its current generation, and those still in their overlap). */
export interface ServiceCredentials extends ScramUser, StoredScramLogin {
  service: string;
}

type Stored = Record<string, ServiceCredentials>;

/**
 * The services' SCRAM passwords, generated on first start and kept in the git-ignored data
 * folder (TAKEDOWN_DATA_DIR/service-credentials.json, mode 0600), never in config or git.
 * `takedown up` hands each service its own entry as KAFKA_USERNAME / KAFKA_PASSWORD.
 */
export class ServiceCredentialStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, "service-credentials.json");
  }

  async read(): Promise<Stored> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as Stored;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  /**
   * Credentials for every declared principal (new ones get a password) and the users of
   * services no longer declared, which the caller revokes; those are dropped from the file.
   */
  async ensure(
    principals: readonly Principal[],
  ): Promise<{ credentials: ServiceCredentials[]; undeclared: string[] }> {
    const stored = await this.read();
    const next: Stored = {};
    for (const principal of principals) {
      const current = stored[principal.service];
      next[principal.service] =
        current !== undefined && isLoginOf(current, principal.user)
          ? current
          : {
              service: principal.service,
              username: principal.user,
              password: randomBytes(24).toString("base64url"),
              generation: 1,
            };
    }
    const kept = new Set(
      Object.values(next).flatMap((c) => [
        c.username,
        ...(c.retiring ?? []).map((r) => r.username),
      ]),
    );
    const undeclared = Object.values(stored)
      .map((c) => c.username)
      .filter((u) => !kept.has(u));
    if (JSON.stringify(next) !== JSON.stringify(stored)) await this.write(next);
    return { credentials: Object.values(next), undeclared };
  }

  /** A new password for one service (rotation); the caller upserts it on the broker. */
  async rotate(service: string): Promise<ServiceCredentials> {
    const stored = await this.read();
    const current = stored[service];
    if (current === undefined) throw new RangeError(`no credentials for service ${service}`);
    const rotated = { ...current, password: randomBytes(24).toString("base64url") };
    await this.write({ ...stored, [service]: rotated });
    return rotated;
  }

  async write(stored: Stored): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
