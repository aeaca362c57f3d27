import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createLocalAuditorKey, createLocalOrganKey } from "@takedown/local-keys";
import { parseConfigFile } from "@takedown/config";
import { applyServiceAccess, createKafka, planTopics } from "@takedown/kafka";
import { applyTopics, bareClientOf } from "@takedown/kafka/bare-client";
import type { Logger } from "@takedown/logger";

/** The two organs whose requests overlap in every harness run (SPEC §2: many organs, one case). */
export const HARNESS_ORGANS = ["moj-jinken", "tokyo-legal-affairs"] as const;

export interface HarnessConfig {
  /** TAKEDOWN_CONFIG_DIR for the services. */
  configDir: string;
  /** Plain API keys per organ, made for this run only (their hashes are in the data folder). */
  apiKeys: Record<string, string>;
  /** A plain auditor key for the audit API, made the way `takedown auditor add` makes one. */
  auditorKey: string;
}

/**
 * The repository's config with one change: the harness organs' rate limits are raised, since a
 * load run is not the traffic organs.yaml was sized for. Keys are generated into the run's own
 * data folder, the way `organ-key` does for a developer.
 */
export async function writeHarnessConfig(options: {
  repo: string;
  dataDir: string;
}): Promise<HarnessConfig> {
  const source = join(options.repo, "config");
  const configDir = join(options.dataDir, "config");
  await mkdir(configDir, { recursive: true });
  for (const name of ["topics.yaml", "platforms.yaml", "principals.yaml"]) {
    await copyFile(join(source, name), join(configDir, name));
  }
  const organsPath = join(source, "organs.yaml");
  const registry = parseConfigFile("organs.yaml", await readFile(organsPath, "utf8"), organsPath);
  const raised = {
    organs: registry.organs.map((organ) => ({
      ...organ,
      rateLimit: { requestsPerMinute: 1_000_000, burst: 100_000 },
    })),
  };
  // JSON is YAML, and needs no YAML library here.
  await writeFile(join(configDir, "organs.yaml"), JSON.stringify(raised, null, 2));
  const apiKeys: Record<string, string> = {};
  for (const organId of HARNESS_ORGANS) {
    const created = await createLocalOrganKey({
      registry: raised,
      dataDir: options.dataDir,
      organId,
    });
    apiKeys[organId] = created.plainKey;
  }
  const auditor = await createLocalAuditorKey({ dataDir: options.dataDir, name: "harness" });
  return { configDir, apiKeys, auditorKey: auditor.plainKey };
}

/**
 * `takedown topics apply` for the harness's cluster: every topic of config/topics.yaml, with the
 * cluster's replication factor (3 on a three-node cluster, whatever topics.yaml says for one).
 */
export async function applyHarnessTopics(options: {
  brokers: readonly string[];
  /** The cluster's admin; the services' principals are provisioned as `takedown up` does. */
  admin: { username: string; password: string };
  dataDir: string;
  configDir: string;
  replicationFactor: number;
  logger: Logger;
}): Promise<{
  platformIds: string[];
  serviceLogins: Record<string, { username: string; password: string }>;
}> {
  const read = async (name: "topics.yaml" | "platforms.yaml" | "principals.yaml") =>
    readFile(join(options.configDir, name), "utf8");
  const catalog = parseConfigFile("topics.yaml", await read("topics.yaml"));
  const platforms = parseConfigFile("platforms.yaml", await read("platforms.yaml"));
  const specs = planTopics(catalog, platforms, { replicationFactor: options.replicationFactor });
  const admin = bareClientOf(
    createKafka({
      brokers: options.brokers,
      clientId: "harness-topics",
      logger: options.logger,
      sasl: { mechanism: "scram-sha-512", ...options.admin },
    }),
  ).admin();
  await admin.connect();
  try {
    await applyTopics(admin, specs);
  } finally {
    await admin.disconnect();
  }
  const access = await applyServiceAccess({
    brokers: options.brokers,
    admin: options.admin,
    principals: parseConfigFile("principals.yaml", await read("principals.yaml")),
    platforms,
    dataDir: options.dataDir,
  });
  return {
    platformIds: platforms.platforms.map((p) => p.id),
    serviceLogins: Object.fromEntries(
      access.credentials.map((c) => [c.service, { username: c.username, password: c.password }]),
    ),
  };
}
