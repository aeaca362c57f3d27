import type { PlatformRegistry } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/contracts";
import {
  alterScramUsers,
  createKafka,
  expireScramLogin,
  knownUsernames,
  liveUsernames,
  type StoredScramLogin,
  type WireLogin,
} from "@takedown/kafka";
import {
  bareClientOf,
  platformAclEntries,
  reconcileAcls,
  type AclChanges,
} from "@takedown/kafka/bare-client";
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
  now?: () => Date;
}

/**
 * The ACL step of `takedown topics apply`: a SCRAM user per platform (password generated once,
 * kept in the data folder) and exactly these ACLs: READ its notices topic, READ consumer groups
 * with its prefix, WRITE its responses topic. Generations a rotation left behind keep the same
 * ACLs until their overlap ends; then this step deletes their users. Run it after the topics exist.
 */
export async function applyPlatformAccessStep(options: PlatformAccessStepOptions): Promise<void> {
  const { platforms, print } = options;
  const store = new PlatformCredentialStore(options.dataDir);
  const ensured = await store.ensure(platforms.platforms);
  const now = options.now?.() ?? new Date();
  const logins = new Map<string, StoredScramLogin>();
  const retired: string[] = [];
  for (const [id, login] of ensured) {
    const expired = expireScramLogin({ login, now });
    logins.set(id, expired.login);
    retired.push(...expired.retireNow);
  }
  const current = [...logins.values()]
    .filter((login) => login.revokedAt === undefined)
    .map((login) => ({ username: login.username, password: login.password }));
  await alterScramUsers({
    broker: firstBroker(options.brokers),
    login: options.admin,
    users: current,
    deletions: retired,
  });
  if (retired.length > 0)
    await store.write({ ...(await store.read()), ...Object.fromEntries(logins) });
  const result = await syncPlatformAcls({ ...options, logins, retired });
  for (const p of platforms.platforms) {
    const login = logins.get(p.id);
    if (login?.revokedAt !== undefined) {
      print(`revoked    ${p.kafkaUser}: no login since ${login.revokedAt}`);
      continue;
    }
    print(
      `acl        ${liveUsernames(login!).join(", ")}: READ ${noticesTopic(p.id)}, READ groups ${platformGroupPrefix(p.id)}*, WRITE ${responsesTopic(p.id)}`,
    );
  }
  for (const user of retired) print(`retired    ${user} (its overlap ended)`);
  print(
    `${platforms.platforms.length} platform user(s); ${result.created.length} ACL(s) created, ${result.removed.length} removed; passwords in ${store.path}`,
  );
}

export function firstBroker(brokers: readonly string[]): string {
  const broker = brokers[0];
  if (broker === undefined) throw new RangeError("no broker to create SCRAM users on");
  return broker;
}

/**
 * Makes the platforms' ACLs match their stored logins: every live generation holds its
 * platform's entries; revoked logins and `retired` user names hold none.
 */
export async function syncPlatformAcls(options: {
  brokers: readonly string[];
  admin: WireLogin;
  platforms: PlatformRegistry;
  logins: ReadonlyMap<string, StoredScramLogin>;
  retired?: readonly string[];
  logger: Logger;
}): Promise<AclChanges> {
  const grants = options.platforms.platforms.flatMap((p) => {
    const login = options.logins.get(p.id);
    if (login === undefined) return [];
    return liveUsernames(login).map((username) => ({
      username,
      entries: platformAclEntries({
        username,
        noticesTopic: noticesTopic(p.id),
        responsesTopic: responsesTopic(p.id),
        groupPrefix: platformGroupPrefix(p.id),
      }),
    }));
  });
  const revoked = [
    ...(options.retired ?? []),
    ...[...options.logins.values()]
      .filter((login) => login.revokedAt !== undefined)
      .flatMap((login) => knownUsernames(login)),
  ];
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: "takedown-platform-access",
    sasl: { mechanism: "scram-sha-512", ...options.admin },
    logger: options.logger,
  });
  const admin = bareClientOf(kafka).admin();
  await admin.connect();
  try {
    return await reconcileAcls(admin, grants, [...new Set(revoked)]);
  } finally {
    await admin.disconnect();
  }
}
