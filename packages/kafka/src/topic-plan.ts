import type { TopicCatalog, PlatformRegistry } from "@takedown/config";
import { expandPlatformTopic } from "@takedown/vocabulary";
import { createKafkaError } from "./errors.js";

/** What one topic should look like on the cluster. */
export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
  partitionGroup?: string;
}

/**
 * Expands topics.yaml and the platform registry into the full list of topics. Pure, so the
 * result is unit-tested and `topics apply` only compares and executes it. `replicationFactor`
 * overrides every topic's, for a cluster of another size than the one topics.yaml describes
 * (`takedown up --brokers 3`).
 */
export function planTopics(
  catalog: TopicCatalog,
  registry: PlatformRegistry,
  options: { replicationFactor?: number } = {},
): TopicSpec[] {
  const specs: TopicSpec[] = [];
  const toSpec = (name: string, declared: TopicCatalog["topics"][number]): TopicSpec => {
    const spec: TopicSpec = {
      name,
      partitions: declared.partitions ?? catalog.defaults.partitions,
      replicationFactor:
        options.replicationFactor ??
        declared.replicationFactor ??
        catalog.defaults.replicationFactor,
      configs: {
        "cleanup.policy": declared.cleanupPolicy,
        "retention.ms": String(declared.retentionMs),
        ...declared.configs,
      },
    };
    if (declared.partitionGroup !== undefined) spec.partitionGroup = declared.partitionGroup;
    return spec;
  };
  for (const topic of catalog.topics) specs.push(toSpec(topic.name, topic));
  for (const platform of registry.platforms) {
    for (const template of catalog.perPlatform) {
      specs.push(toSpec(expandPlatformTopic(template.name, platform.id), template));
    }
  }
  assertCoPartitioned(specs);
  return specs;
}

function assertCoPartitioned(specs: readonly TopicSpec[]): void {
  const groups = new Map<string, TopicSpec>();
  for (const spec of specs) {
    if (spec.partitionGroup === undefined) continue;
    const first = groups.get(spec.partitionGroup);
    if (first === undefined) {
      groups.set(spec.partitionGroup, spec);
    } else if (first.partitions !== spec.partitions) {
      throw createKafkaError("KAFKA_TOPIC_PLAN_INVALID", {
        detail: `${spec.name} has ${spec.partitions} partitions but ${first.name} has ${first.partitions}; partition group "${spec.partitionGroup}" must be co-partitioned`,
      });
    }
  }
}
