import type { PlatformRegistry, PrincipalCatalog } from "@takedown/config";
import { createKafkaError } from "./errors.js";
import { alterScramUsers } from "./scram-credentials.js";
import { revokeScramLogin, rotateScramLogin } from "./scram-login-lifecycle.js";
import { reconcileServiceAcls } from "./service-access-step.js";
import { ServiceCredentialStore, type ServiceCredentials } from "./service-credential-store.js";
import type { WireLogin } from "./wire-connection.js";

export interface ServiceLoginChangeOptions {
  brokers: readonly string[];
  admin: WireLogin;
  principals: PrincipalCatalog;
  platforms: PlatformRegistry;
  dataDir: string;
  service: string;
  now?: () => Date;
}

async function loginsOf(options: ServiceLoginChangeOptions) {
  const principal = options.principals.principals.find((p) => p.service === options.service);
  if (principal === undefined)
    throw createKafkaError("KAFKA_CONFIG_INVALID", {
      detail: `principals.yaml: no service ${options.service}`,
    });
  const store = new ServiceCredentialStore(options.dataDir);
  const { credentials } = await store.ensure(options.principals.principals);
  const login = credentials.find((c) => c.service === options.service)!;
  return { principal, store, credentials, login };
}

async function store(
  options: ServiceLoginChangeOptions,
  credentials: ServiceCredentials[],
  changed: ServiceCredentials,
  retired: string[],
): Promise<{ all: ServiceCredentials[]; path: string }> {
  const store = new ServiceCredentialStore(options.dataDir);
  const all = credentials.map((c) => (c.service === changed.service ? changed : c));
  await store.write(Object.fromEntries(all.map((c) => [c.service, c])));
  await reconcileServiceAcls({ ...options, credentials: all, revoked: retired });
  return { all, path: store.path };
}

/**
 * `takedown credentials rotate service <name>`: the next generation's user (same ACLs) with a new
 * password in the data folder; the previous one logs in until `overlapMs` has passed, time to
 * restart the service with the new one.
 */
export async function rotateServiceLogin(
  options: ServiceLoginChangeOptions & { overlapMs: number },
): Promise<{ username: string; path: string; previousValidUntil?: string }> {
  const { principal, credentials, login } = await loginsOf(options);
  const rotated = rotateScramLogin({
    login,
    baseUser: principal.user,
    now: options.now?.() ?? new Date(),
    overlapMs: options.overlapMs,
  });
  const next = { ...rotated.login, service: options.service };
  await alterScramUsers({
    broker: options.brokers[0] ?? "",
    login: options.admin,
    users: [{ username: next.username, password: next.password }],
    deletions: rotated.retireNow,
  });
  const { path } = await store(options, credentials, next, rotated.retireNow);
  const previous = next.retiring?.find((r) => r.username === login.username);
  return {
    username: next.username,
    path,
    ...(previous === undefined ? {} : { previousValidUntil: previous.notAfter }),
  };
}

/**
 * `takedown credentials revoke service <name>`: every generation's SCRAM credential and ACL is
 * deleted; `takedown topics apply` does not hand it back (a rotation issues a new login).
 */
export async function revokeServiceLogin(
  options: ServiceLoginChangeOptions,
): Promise<{ revoked: string[] }> {
  const { credentials, login } = await loginsOf(options);
  const revoked = revokeScramLogin({ login, now: options.now?.() ?? new Date() });
  const next = { ...revoked.login, service: options.service };
  await alterScramUsers({
    broker: options.brokers[0] ?? "",
    login: options.admin,
    deletions: revoked.retireNow,
  });
  await store(options, credentials, next, []);
  return { revoked: revoked.retireNow };
}
