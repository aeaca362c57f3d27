import { createConfigError, type Config } from "@takedown/config";
import {
  revokeServiceLogin as revoke,
  rotateServiceLogin as rotate,
  type WireLogin,
} from "@takedown/kafka";
import type { Logger } from "@takedown/logger";

interface ServiceVerbOptions {
  config: Config;
  admin: WireLogin;
  dataDir: string;
  service: string;
  logger: Logger;
}

function withPrincipals(options: ServiceVerbOptions) {
  const principals = options.config.principals;
  if (principals === undefined)
    throw createConfigError("CONFIG_MISSING_FILE", {
      detail: "principals.yaml not found: the services' Kafka principals are declared there",
    });
  return {
    brokers: options.config.env.KAFKA_BROKERS,
    admin: options.admin,
    principals,
    platforms: options.config.platforms,
    dataDir: options.dataDir,
    service: options.service,
  };
}

/** A service principal's rotation, for `takedown credentials rotate service <name>`. */
export function rotateServiceLogin(options: ServiceVerbOptions & { overlapMs: number }) {
  return rotate({ ...withPrincipals(options), overlapMs: options.overlapMs });
}

/** A service principal's revocation, for `takedown credentials revoke service <name>`. */
export function revokeServiceLogin(options: ServiceVerbOptions) {
  return revoke(withPrincipals(options));
}
