import { hostname } from "node:os";
import { loadConfig, loadServiceConfig, readConfigFiles, type Config } from "@takedown/config";
import { readOperationalSettings, type OperationalSettings } from "@takedown/operational-http";
import { z } from "zod";

/** SigV4 presigned URLs are valid for at most 7 days. */
const MAX_LINK_TTL_SECONDS = 604_800;

/** Routing's own variables (the shared ones come with loadConfig). */
const routingEnvSchema = z.object({
  ROUTING_EVIDENCE_URL_TTL_SECONDS: z.coerce.number().int().min(1).default(MAX_LINK_TTL_SECONDS),
  ROUTING_DEADLINE_TICK_MS: z.coerce.number().int().min(1).default(10_000),
  ROUTING_INSTANCE_ID: z.string().min(1).optional(),
});

export interface RoutingSettings {
  config: Config;
  operational: OperationalSettings;
  /** Expiry of presigned evidence and details links; one renewal refreshes both. */
  linkTtlSeconds: number;
  tickIntervalMs: number;
  instanceId: string;
}

/** The config files of TAKEDOWN_CONFIG_DIR and routing's variables, validated. */
export async function readRoutingSettings(
  env: Readonly<Record<string, string | undefined>>,
): Promise<RoutingSettings> {
  const own = loadServiceConfig(env, routingEnvSchema);
  const files = await readConfigFiles(env.TAKEDOWN_CONFIG_DIR || "config");
  return {
    config: loadConfig({ env, files }),
    operational: readOperationalSettings(env, { prefix: "ROUTING", defaultPort: 8082 }),
    linkTtlSeconds: Math.min(own.ROUTING_EVIDENCE_URL_TTL_SECONDS, MAX_LINK_TTL_SECONDS),
    tickIntervalMs: own.ROUTING_DEADLINE_TICK_MS,
    instanceId: own.ROUTING_INSTANCE_ID ?? hostname(),
  };
}
