import type { Config } from "@takedown/config";
import { createKafka, loadOperatorKafkaConfig, planTopics } from "@takedown/kafka";
import { applyTopics, bareClientOf } from "@takedown/kafka/bare-client";
import type { Logger } from "@takedown/logger";
import { applyAccess } from "./access-apply.js";

export interface TopicsApplyOptions {
  config: Config;
  /** Holds the operator's KAFKA_ADMIN_USER / KAFKA_ADMIN_PASSWORD. */
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** TAKEDOWN_DATA_DIR: where generated platform passwords are kept. */
  dataDir: string;
  dryRun?: boolean;
  print: (line: string) => void;
}

/** `takedown topics apply`: makes the cluster's topics match config/topics.yaml and platforms, and
 * the platforms' and services' users and ACLs (principals.yaml). */
export async function runTopicsApply(options: TopicsApplyOptions): Promise<void> {
  const { config, print } = options;
  const specs = planTopics(config.topics, config.platforms);
  if (options.dryRun === true) {
    for (const spec of specs) {
      print(
        `${spec.name}  partitions=${spec.partitions}  ${Object.entries(spec.configs)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}`,
      );
    }
    return;
  }
  const operator = loadOperatorKafkaConfig(options.env);
  const kafka = createKafka({ ...operator, logger: options.logger });
  const admin = bareClientOf(kafka).admin();
  await admin.connect();
  try {
    const result = await applyTopics(admin, specs);
    for (const change of result.changes)
      print(`${change.change.padEnd(10)} ${change.topic}  ${change.detail}`);
    print(
      `${result.changes.length} change(s), ${result.unchanged.length} topic(s) already as declared`,
    );
    // Platforms' and services' SCRAM users and ACLs follow the topics they refer to.
    await applyAccess({
      config,
      admin: operator.sasl,
      dataDir: options.dataDir,
      logger: options.logger,
      print,
    });
  } finally {
    await admin.disconnect();
  }
}
