import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Platform } from "@takedown/config";
import { isLoginOf, newScramLogin, type StoredScramLogin } from "@takedown/kafka";
import { createRoutingError } from "./errors.js";

export interface PlatformCredentials {
  username: string;
  password: string;
}

type StoredCredentials = Record<string, StoredScramLogin>;

/**
 * Platforms' SCRAM passwords, generated once and kept in the git-ignored data folder
 * (TAKEDOWN_DATA_DIR, file mode 0600): never in config or git. A deployment hands each platform
 * its own entry over a secure channel. Each entry also remembers the generations a rotation left
 * logging in until the end of their overlap, and whether the platform's login was revoked.
 */
export class PlatformCredentialStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, "platform-credentials.json");
  }

  async read(): Promise<StoredCredentials> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as StoredCredentials;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  /**
   * Logins for every platform, generating passwords for platforms that have none yet (a revoked
   * login stays revoked: only a rotation issues a new one).
   */
  async ensure(platforms: readonly Platform[]): Promise<Map<string, StoredScramLogin>> {
    const stored = await this.read();
    let changed = false;
    for (const platform of platforms) {
      const current = stored[platform.id];
      if (current !== undefined && isLoginOf(current, platform.kafkaUser)) continue;
      stored[platform.id] = newScramLogin(platform.kafkaUser);
      changed = true;
    }
    if (changed) await this.write(stored);
    return new Map(platforms.map((p) => [p.id, stored[p.id]!]));
  }

  /** The current login of a platform; an error when there is none or it was revoked. */
  async get(platformId: string): Promise<PlatformCredentials> {
    const login = (await this.read())[platformId];
    if (login === undefined)
      throw createRoutingError("ROUTING_CREDENTIALS_MISSING", {
        detail: `${platformId} in ${this.path}`,
      });
    if (login.revokedAt !== undefined)
      throw createRoutingError("ROUTING_CREDENTIALS_REVOKED", {
        detail: `${platformId} at ${login.revokedAt}`,
      });
    return { username: login.username, password: login.password };
  }

  /** Replaces the stored logins (rotation, expiry, revocation). */
  async write(stored: StoredCredentials): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.path);
  }
}
