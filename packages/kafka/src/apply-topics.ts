import type { Admin } from "kafkajs";
import { ConfigResourceTypes } from "./kafkajs-runtime.js";
import { createKafkaError } from "./errors.js";
import type { TopicSpec } from "./topic-plan.js";

export interface TopicChange {
  topic: string;
  change: "created" | "partitions" | "configs";
  detail: string;
}

export interface ApplyTopicsResult {
  changes: TopicChange[];
  unchanged: string[];
}

/**
 * Makes the cluster match the specs: creates missing topics, grows partitions, resets drifted
 * configs. Every check runs before any change, so a plan that cannot be applied changes nothing.
 */
export async function applyTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<ApplyTopicsResult> {
  const existing = new Set(await admin.listTopics());
  const present = specs.filter((s) => existing.has(s.name));
  const metadata =
    present.length === 0
      ? { topics: [] }
      : await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  const described =
    present.length === 0
      ? { resources: [] }
      : await admin.describeConfigs({
          includeSynonyms: false,
          resources: present.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name })),
        });

  const partitionChanges: { topic: string; count: number; from: number }[] = [];
  const configChanges: { spec: TopicSpec; drift: string[] }[] = [];
  for (const spec of present) {
    const topic = metadata.topics.find((t) => t.name === spec.name);
    const current = topic?.partitions.length ?? 0;
    const replication = topic?.partitions[0]?.replicas.length ?? spec.replicationFactor;
    if (spec.partitions < current) {
      throw createKafkaError("KAFKA_PARTITIONS_CANNOT_SHRINK", {
        detail: `${spec.name} has ${current} partitions, config asks for ${spec.partitions}`,
      });
    }
    if (replication !== spec.replicationFactor) {
      throw createKafkaError("KAFKA_REPLICATION_CHANGE_UNSUPPORTED", {
        detail: `${spec.name} has replication factor ${replication}, config asks for ${spec.replicationFactor}`,
      });
    }
    if (spec.partitions > current)
      partitionChanges.push({ topic: spec.name, count: spec.partitions, from: current });
    const entries =
      described.resources.find((r) => r.resourceName === spec.name)?.configEntries ?? [];
    const drift = Object.entries(spec.configs)
      .filter(([key, value]) => entries.find((e) => e.configName === key)?.configValue !== value)
      .map(([key, value]) => `${key}=${value}`);
    if (drift.length > 0) configChanges.push({ spec, drift });
  }

  const missing = specs.filter((s) => !existing.has(s.name));
  const changes: TopicChange[] = [];
  try {
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      for (const s of missing) {
        changes.push({ topic: s.name, change: "created", detail: `${s.partitions} partitions` });
      }
    }
    if (partitionChanges.length > 0) {
      await admin.createPartitions({
        topicPartitions: partitionChanges.map(({ topic, count }) => ({ topic, count })),
      });
      for (const p of partitionChanges) {
        changes.push({ topic: p.topic, change: "partitions", detail: `${p.from} → ${p.count}` });
      }
    }
    if (configChanges.length > 0) {
      // Non-incremental alter replaces the topic's overrides with exactly the declared set,
      // which is what "declared once in config" means: hand-made overrides are removed too.
      await admin.alterConfigs({
        validateOnly: false,
        resources: configChanges.map(({ spec }) => ({
          type: ConfigResourceTypes.TOPIC,
          name: spec.name,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      for (const c of configChanges)
        changes.push({ topic: c.spec.name, change: "configs", detail: c.drift.join(", ") });
    }
  } catch (error) {
    // The cause's own words (e.g. "Replication factor is larger than the available brokers")
    // are what an operator needs; kafkajs puts per-topic reasons in `errors`.
    const reasons = [
      error instanceof Error ? error.message : String(error),
      ...((error as { errors?: { message?: string }[] }).errors ?? []).map((e) => e.message),
    ].filter((m): m is string => typeof m === "string" && m.length > 0);
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: `topics apply: ${[...new Set(reasons)].join("; ")}`,
      cause: error,
    });
  }
  const changed = new Set(changes.map((c) => c.topic));
  return { changes, unchanged: specs.map((s) => s.name).filter((n) => !changed.has(n)) };
}
