import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile, type PlatformRegistry, type PrincipalCatalog } from "@takedown/config";
import { reconcileAcls, type AclChanges } from "./acl-reconciler.js";
import { createKafka } from "./create-kafka.js";
import { clientOf } from "./kafka-handle.js";
import { alterScramUsers } from "./scram-credentials.js";
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
  options: ServiceAccessOptions,
): Promise<ServiceAccessResult> {
  const store = new ServiceCredentialStore(options.dataDir);
  const { credentials, undeclared } = await store.ensure(options.principals.principals);
  const broker = options.brokers[0];
  if (broker === undefined) throw new RangeError("no broker to create SCRAM users on");
  await alterScramUsers({
    broker,
    login: options.admin,
    users: credentials,
    deletions: undeclared,
  });
  const kafka = createKafka({
    brokers: options.brokers,
    clientId: "takedown-service-access",
    sasl: { mechanism: "scram-sha-512", ...options.admin },
  });
  const admin = clientOf(kafka).admin();
  await admin.connect();
  try {
    const changes = await reconcileAcls(
      admin,
      planServiceAccess(options.principals, options.platforms),
      undeclared,
    );
    return { ...changes, credentials, revoked: undeclared, credentialsPath: store.path };
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
