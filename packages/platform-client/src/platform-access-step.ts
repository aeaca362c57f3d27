import type { PlatformRegistry } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/contracts";
import { alterScramUsers, createKafka, type WireLogin } from "@takedown/kafka";
import { applyPlatformAccess, bareClientOf } from "@takedown/kafka/bare-client";
import type { Logger } from "@takedown/logger";
import { PlatformCredentialStore } from "./platform-credential-store.js";

/** Consumer groups a platform may use start with its id and a dot (ids have no dots). */
export function platformGroupPrefix(platformId: string): string {
  return `${platformId}.`;
}

export interface PlatformAccessStepOptions {
  /** The services' listener, not the platforms' one. */
  brokers: readonly string[];
  /** The cluster's admin: only it may create users and grant ACLs. */
  admin: WireLogin;
  platforms: PlatformRegistry;
  /** TAKEDOWN_DATA_DIR: where generated platform passwords are kept. */
  dataDir: string;
  logger: Logger;
  print: (line: string) => void;
}

/**
 * The ACL step of `takedown topics apply`: a SCRAM user per platform (password generated once,
 * kept in the data folder) and exactly these ACLs: READ its notices topic, READ consumer groups
 * with its prefix, WRITE its responses topic. Run it after the topics exist.
 */
export async function applyPlatformAccessStep(options: PlatformAccessStepOptions): Promise<void> {
  const { platforms, print } = options;
  const store = new PlatformCredentialStore(options.dataDir);
  const credentials = await store.ensure(platforms.platforms);
  const broker = options.brokers[0];
  if (broker === undefined) throw new RangeError("no broker to create SCRAM users on");
  await alterScramUsers({ broker, login: options.admin, users: [...credentials.values()] });
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: "takedown-platform-access",
    sasl: { mechanism: "scram-sha-512", ...options.admin },
    logger: options.logger,
  });
  const admin = bareClientOf(kafka).admin();
  await admin.connect();
  try {
    const result = await applyPlatformAccess(
      admin,
      platforms.platforms.map((p) => ({
        username: p.kafkaUser,
        noticesTopic: noticesTopic(p.id),
        responsesTopic: responsesTopic(p.id),
        groupPrefix: platformGroupPrefix(p.id),
      })),
    );
    for (const p of platforms.platforms) {
      print(
        `acl        ${p.kafkaUser}: READ ${noticesTopic(p.id)}, READ groups ${platformGroupPrefix(p.id)}*, WRITE ${responsesTopic(p.id)}`,
      );
    }
    print(
      `${platforms.platforms.length} platform user(s); ${result.created.length} ACL(s) created, ${result.removed.length} removed; passwords in ${store.path}`,
    );
  } finally {
    await admin.disconnect();
  }
}
