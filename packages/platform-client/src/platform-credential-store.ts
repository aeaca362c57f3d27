import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Platform } from "@takedown/config";
import { createRoutingError } from "./errors.js";

export interface PlatformCredentials {
  username: string;
  password: string;
}

type StoredCredentials = Record<string, PlatformCredentials>;

/**
 * Platforms' SCRAM passwords, generated once and kept in the git-ignored data folder
 * (TAKEDOWN_DATA_DIR, file mode 0600): never in config or git. A deployment hands each platform
 * its own entry over a secure channel.
 */
export class PlatformCredentialStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, "platform-credentials.json");
  }

  private async read(): Promise<StoredCredentials> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as StoredCredentials;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  }

  /** Credentials for every platform, generating passwords for platforms that have none yet. */
  async ensure(platforms: readonly Platform[]): Promise<Map<string, PlatformCredentials>> {
    const stored = await this.read();
    let changed = false;
    for (const platform of platforms) {
      const current = stored[platform.id];
      if (current !== undefined && current.username === platform.kafkaUser) continue;
      stored[platform.id] = {
        username: platform.kafkaUser,
        password: randomBytes(24).toString("base64url"),
      };
      changed = true;
    }
    if (changed) {
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, this.path);
    }
    return new Map(platforms.map((p) => [p.id, stored[p.id]!]));
  }

  async get(platformId: string): Promise<PlatformCredentials> {
    const credentials = (await this.read())[platformId];
    if (credentials === undefined)
      throw createRoutingError("ROUTING_CREDENTIALS_MISSING", {
        detail: `${platformId} in ${this.path}`,
      });
    return credentials;
  }
}
