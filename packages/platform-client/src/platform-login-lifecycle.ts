import type { PlatformRegistry } from "@takedown/config";
import {
  alterScramUsers,
  revokeScramLogin,
  rotateScramLogin,
  type StoredScramLogin,
  type WireLogin,
} from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { createRoutingError } from "./errors.js";
import { firstBroker, syncPlatformAcls } from "./platform-access-step.js";
import { PlatformCredentialStore } from "./platform-credential-store.js";

export interface PlatformLoginChangeOptions {
  /** The services' listener (the admin's). */
  brokers: readonly string[];
  admin: WireLogin;
  platforms: PlatformRegistry;
  dataDir: string;
  platformId: string;
  logger: Logger;
  now?: () => Date;
}

async function storedLogins(options: PlatformLoginChangeOptions) {
  const platform = options.platforms.platforms.find((p) => p.id === options.platformId);
  if (platform === undefined)
    throw createRoutingError("ROUTING_UNKNOWN_PLATFORM", { detail: options.platformId });
  const store = new PlatformCredentialStore(options.dataDir);
  const logins = await store.ensure(options.platforms.platforms);
  return { platform, store, logins, login: logins.get(platform.id)! };
}

/**
 * `takedown credentials rotate platform <id>`: a new generation's user and password with the
 * platform's ACLs; the previous generation keeps logging in for `overlapMs`, after which
 * `takedown topics apply` (or `credentials expire`) deletes it. Returns the new login to hand over.
 */
export async function rotatePlatformLogin(
  options: PlatformLoginChangeOptions & { overlapMs: number },
): Promise<{ username: string; password: string; previousValidUntil?: string }> {
  const { platform, store, logins, login } = await storedLogins(options);
  const now = options.now?.() ?? new Date();
  const rotated = rotateScramLogin({
    login,
    baseUser: platform.kafkaUser,
    now,
    overlapMs: options.overlapMs,
  });
  await alterScramUsers({
    broker: firstBroker(options.brokers),
    login: options.admin,
    users: [{ username: rotated.login.username, password: rotated.login.password }],
    deletions: rotated.retireNow,
  });
  const next = new Map<string, StoredScramLogin>(logins).set(platform.id, rotated.login);
  // The new generation is usable once its ACLs exist; only then is it stored as current.
  await syncPlatformAcls({ ...options, logins: next, retired: rotated.retireNow });
  await store.write({ ...(await store.read()), [platform.id]: rotated.login });
  const previous = rotated.login.retiring?.find((r) => r.username === login.username);
  return {
    username: rotated.login.username,
    password: rotated.login.password,
    ...(previous === undefined ? {} : { previousValidUntil: previous.notAfter }),
  };
}

/**
 * `takedown credentials revoke platform <id>`: every generation's SCRAM credential and ACL is
 * deleted. New logins fail at once; open connections end at their next re-authentication, at the
 * latest connections.max.reauth.ms (KAFKA_PLATFORMS_REAUTH_MS) after they logged in.
 */
export async function revokePlatformLogin(
  options: PlatformLoginChangeOptions,
): Promise<{ revoked: string[] }> {
  const { platform, store, logins, login } = await storedLogins(options);
  const revoked = revokeScramLogin({ login, now: options.now?.() ?? new Date() });
  // Stored first: a `topics apply` running meanwhile must not hand the login back.
  await store.write({ ...(await store.read()), [platform.id]: revoked.login });
  await alterScramUsers({
    broker: firstBroker(options.brokers),
    login: options.admin,
    deletions: revoked.retireNow,
  });
  await syncPlatformAcls({
    ...options,
    logins: new Map(logins).set(platform.id, revoked.login),
  });
  return { revoked: revoked.retireNow };
}
