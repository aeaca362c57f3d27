import type { Config } from "@takedown/config";
import { loadOperatorKafkaConfig } from "@takedown/kafka";
import {
  revokeLocalAuditorKey,
  revokeLocalOrganKey,
  rotateLocalAuditorKey,
  rotateLocalOrganKey,
} from "@takedown/local-keys";
import type { Logger } from "@takedown/logger";
import { revokePlatformLogin, rotatePlatformLogin } from "@takedown/platform-client";
import { StaffStore } from "@takedown/staff-accounts";
import { rotateServiceLogin, revokeServiceLogin } from "./service-login-verbs.js";

export const credentialKinds = [
  "platform",
  "service",
  "organ-key",
  "auditor-key",
  "staff",
] as const;
export type CredentialKind = (typeof credentialKinds)[number];

/** How long the old credential keeps working after a rotation, unless --overlap says otherwise. */
export const defaultOverlapMs: Record<CredentialKind, number> = {
  // An outside company switches its consumers in its own deployment cycle.
  platform: 7 * 86_400_000,
  // Our own services: `takedown up` restarts them with the new login in seconds.
  service: 3_600_000,
  "organ-key": 86_400_000,
  "auditor-key": 86_400_000,
  // The new set-up secret's validity; the old password works until the holder uses it.
  staff: 7 * 86_400_000,
};

export interface CredentialVerbOptions {
  action: "rotate" | "revoke";
  kind: CredentialKind;
  /** Platform id, service name, key id or portal account id. */
  name: string;
  overlapMs: number;
  loadConfig: () => Promise<{
    config: Config;
    env: Readonly<Record<string, string | undefined>>;
    dataDir: string;
  }>;
  dataDir: string;
  portalDbPath: string;
  logger: Logger;
  /** New secrets, once, to stdout. */
  print: (line: string) => void;
  /** Everything else, to stderr. */
  note: (line: string) => void;
}

const until = (iso: string | undefined) => (iso === undefined ? "now" : iso);

/** `takedown credentials rotate|revoke <kind> <name>`. */
export async function runCredentialVerb(options: CredentialVerbOptions): Promise<void> {
  const { action, kind, name, print, note } = options;
  switch (kind) {
    case "platform": {
      const { config, env } = await options.loadConfig();
      const common = {
        brokers: config.env.KAFKA_BROKERS,
        admin: loadOperatorKafkaConfig(env).sasl,
        platforms: config.platforms,
        dataDir: options.dataDir,
        platformId: name,
        logger: options.logger,
      };
      if (action === "revoke") {
        const { revoked } = await revokePlatformLogin(common);
        note(
          `revoked ${revoked.join(", ")}: no new logins; open connections end at their next re-authentication (KAFKA_PLATFORMS_REAUTH_MS, 60 s by default)`,
        );
        return;
      }
      const rotated = await rotatePlatformLogin({ ...common, overlapMs: options.overlapMs });
      note(
        `new login for platform ${name}; the previous one works until ${until(rotated.previousValidUntil)}, then the next takedown topics apply (or credentials expire) deletes it`,
      );
      note("hand these to the platform over a secure channel:");
      print(`username: ${rotated.username}`);
      print(`password: ${rotated.password}`);
      return;
    }
    case "service": {
      const { config, env } = await options.loadConfig();
      const common = {
        config,
        admin: loadOperatorKafkaConfig(env).sasl,
        dataDir: options.dataDir,
        service: name,
        logger: options.logger,
      };
      if (action === "revoke") {
        await revokeServiceLogin(common);
        note(
          `revoked the Kafka login of ${name}: no new logins; restart or stop the running service, its open connections stay until then (README, credential lifecycle)`,
        );
        return;
      }
      const rotated = await rotateServiceLogin({ ...common, overlapMs: options.overlapMs });
      note(
        `new login ${rotated.username} for ${name}, stored in ${rotated.path}; the previous one works until ${until(rotated.previousValidUntil)}: restart the service (takedown up) before then`,
      );
      return;
    }
    case "organ-key": {
      if (action === "revoke") {
        const { organId } = await revokeLocalOrganKey({ dataDir: options.dataDir, keyId: name });
        note(`revoked key ${name} of ${organId}: intake refuses it from the next request on`);
        return;
      }
      const rotated = await rotateLocalOrganKey({
        dataDir: options.dataDir,
        keyId: name,
        overlapMs: options.overlapMs,
      });
      note(
        `new key ${rotated.keyId} for ${rotated.organId}; key ${name} works until ${rotated.previousValidUntil}`,
      );
      note("the new key is shown once and stored nowhere:");
      print(rotated.plainKey);
      return;
    }
    case "auditor-key": {
      if (action === "revoke") {
        await revokeLocalAuditorKey({ dataDir: options.dataDir, keyId: name });
        note(`revoked auditor key ${name}: the audit API refuses it from the next request on`);
        return;
      }
      const rotated = await rotateLocalAuditorKey({
        dataDir: options.dataDir,
        keyId: name,
        overlapMs: options.overlapMs,
      });
      note(
        `new auditor key ${rotated.keyId}; key ${name} works until ${rotated.previousValidUntil}`,
      );
      note("the new key is shown once and stored nowhere:");
      print(rotated.plainKey);
      return;
    }
    case "staff": {
      const store = StaffStore.open(options.portalDbPath);
      try {
        if (action === "revoke") {
          if (!store.revokeAccount(name)) throw new RangeError(`no portal account ${name}`);
          note(
            `revoked portal account ${name}: it cannot sign in, its sessions end at their next request`,
          );
          return;
        }
        const secret = await store.resetAccount(name, options.overlapMs);
        if (secret === undefined)
          throw new RangeError(`no portal account ${name}, or it is revoked`);
        note(
          `new set-up secret for ${name}, valid for ${Math.round(options.overlapMs / 3_600_000)} h; the current password works until the holder sets a new one at /setup, then older sessions end`,
        );
        note("shown once and stored nowhere in clear:");
        print(`set-up secret: ${secret}`);
      } finally {
        store.close();
      }
      return;
    }
  }
}
