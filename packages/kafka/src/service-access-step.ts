import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile, type PlatformRegistry, type PrincipalCatalog } from "@takedown/config";
import { reconcileAcls, type AclChanges } from "./acl-reconciler.js";
import { createKafka } from "./create-kafka.js";
import { clientOf } from "./kafka-handle.js";
import { alterScramUsers } from "./scram-credentials.js";
import { expireScramLogin, knownUsernames, liveUsernames } from "./scram-login-lifecycle.js";
import { planServiceAccess } from "./service-access.js";
import { ServiceCredentialStore, type ServiceCredentials } from "./service-credential-store.js";
import type { WireLogin } from "./wire-connection.js";

export interface ServiceAccessOptions {
  /** The services' listener. */
  brokers: readonly string[];
  /** The cluster's admin (KAFKA_ADMIN_USER / KAFKA_ADMIN_PASSWORD from the data folder). */
  admin: WireLogin;
  principals: PrincipalCatalog;
  platforms: PlatformRegistry;
  /** TAKEDOWN_DATA_DIR: where the generated passwords are kept. */
  dataDir: string;
}

export interface ServiceAccessResult extends AclChanges {
  credentials: ServiceCredentials[];
  /** Users of services no longer declared: their SCRAM credentials and ACLs were deleted. */
  revoked: string[];
  credentialsPath: string;
}

/**
 * The service half of `takedown topics apply` / `takedown up`: a SCRAM user per declared service
 * (password generated once into the data folder) with exactly its declared ACLs; users of
 * services no longer declared lose their login and every ACL. Idempotent.
 */
export async function applyServiceAccess(
  options: ServiceAccessOptions & { now?: () => Date },
): Promise<ServiceAccessResult> {
  const store = new ServiceCredentialStore(options.dataDir);
  const ensured = await store.ensure(options.principals.principals);
  const now = options.now?.() ?? new Date();
  const retired: string[] = [];
  const credentials = ensured.credentials.map((login) => {
    const expired = expireScramLogin({ login, now });
    retired.push(...expired.retireNow);
    return { ...expired.login, service: login.service };
  });
  if (retired.length > 0)
    await store.write(Object.fromEntries(credentials.map((c) => [c.service, c])));
  const live = credentials.filter((c) => c.revokedAt === undefined);
  await alterScramUsers({
    broker: firstBroker(options.brokers),
    login: options.admin,
    users: live.map((c) => ({ username: c.username, password: c.password })),
    deletions: [...ensured.undeclared, ...retired],
  });
  const changes = await reconcileServiceAcls({
    ...options,
    credentials,
    revoked: [...ensured.undeclared, ...retired],
  });
  return {
    ...changes,
    credentials: live,
    revoked: ensured.undeclared,
    credentialsPath: store.path,
  };
}

function firstBroker(brokers: readonly string[]): string {
  const broker = brokers[0];
  if (broker === undefined) throw new RangeError("no broker to create SCRAM users on");
  return broker;
}

/**
 * The services' ACLs as their stored logins say: each live generation holds its principal's
 * entries; revoked logins, `revoked` user names and retired generations hold none.
 */
export async function reconcileServiceAcls(options: {
  brokers: readonly string[];
  admin: WireLogin;
  principals: PrincipalCatalog;
  platforms: PlatformRegistry;
  credentials: readonly ServiceCredentials[];
  revoked?: readonly string[];
}): Promise<AclChanges> {
  const byUser = new Map(options.credentials.map((c) => [c.service, c]));
  const grants = planServiceAccess(options.principals, options.platforms).flatMap((grant) => {
    const principal = options.principals.principals.find((p) => p.user === grant.username);
    const login = principal === undefined ? undefined : byUser.get(principal.service);
    const names = login === undefined ? [grant.username] : liveUsernames(login);
    return names.map((username) => ({
      username,
      entries: grant.entries.map((entry) => ({ ...entry, principal: `User:${username}` })),
    }));
  });
  const revoked = [
    ...(options.revoked ?? []),
    ...options.credentials.filter((c) => c.revokedAt !== undefined).flatMap(knownUsernames),
  ];
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: "takedown-service-access",
    sasl: { mechanism: "scram-sha-512", ...options.admin },
  });
  const admin = clientOf(kafka).admin();
  await admin.connect();
  try {
    return await reconcileAcls(admin, grants, [...new Set(revoked)]);
  } finally {
    await admin.disconnect();
  }
}

/** principals.yaml and platforms.yaml of a config folder, validated (errors name file and field). */
export async function readAccessConfig(
  configDir: string,
): Promise<{ principals: PrincipalCatalog; platforms: PlatformRegistry }> {
  const read = async <Name extends "principals.yaml" | "platforms.yaml">(name: Name) => {
    const path = join(configDir, name);
    return parseConfigFile(name, await readFile(path, "utf8"), path);
  };
  return { principals: await read("principals.yaml"), platforms: await read("platforms.yaml") };
}
