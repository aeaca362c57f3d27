import { join } from "node:path";
import { createConfigError, type Config } from "@takedown/config";
import { applyServiceAccess, type WireLogin } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { applyPlatformAccessStep } from "@takedown/platform-client";

export interface AccessApplyOptions {
  config: Config;
  /** The cluster's admin, from the data folder's secrets.env. */
  admin: WireLogin;
  dataDir: string;
  logger: Logger;
  print: (line: string) => void;
}

/**
 * The ACL half of `takedown topics apply` and `takedown up`: platforms' users and ACLs
 * (platforms.yaml) and the services' principals and ACLs (principals.yaml). Run after topics.
 */
export async function applyAccess(options: AccessApplyOptions): Promise<void> {
  const { config, print } = options;
  const principals = config.principals;
  if (principals === undefined)
    throw createConfigError("CONFIG_MISSING_FILE", {
      detail: `${join(config.env.TAKEDOWN_CONFIG_DIR, "principals.yaml")} not found: the services' Kafka principals are declared there`,
    });
  await applyPlatformAccessStep({
    brokers: config.env.KAFKA_BROKERS,
    admin: options.admin,
    platforms: config.platforms,
    dataDir: options.dataDir,
    logger: options.logger,
    print,
  });
  const result = await applyServiceAccess({
    brokers: config.env.KAFKA_BROKERS,
    admin: options.admin,
    principals,
    platforms: config.platforms,
    dataDir: options.dataDir,
  });
  for (const principal of principals.principals)
    print(`principal  ${principal.user} (${principal.service})`);
  for (const user of result.revoked) print(`revoked    ${user} (no longer in principals.yaml)`);
  print(
    `${result.credentials.length} service principal(s); ${result.created.length} ACL(s) created, ${result.removed.length} removed; passwords in ${result.credentialsPath}`,
  );
}
