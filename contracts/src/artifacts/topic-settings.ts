import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseConfigFile, type TopicCatalog } from "@takedown/config";

export interface TopicSettings {
  partitions: number;
  cleanupPolicy: string;
  retentionMs: number;
}

/** Looks up a topic's operational settings by its address (`{platformId}` kept as is). */
export type TopicSettingsLookup = (address: string) => TopicSettings;

/**
 * Partitions and retention are declared once, in config/topics.yaml (what `takedown topics
 * apply` creates); the AsyncAPI document reads them from there. A contract topic missing from
 * config is an error, so the two cannot drift apart.
 */
export function topicSettingsFrom(catalog: TopicCatalog): TopicSettingsLookup {
  const declared = [...catalog.topics, ...catalog.perPlatform];
  return (address) => {
    const topic = declared.find((t) => t.name === address);
    if (topic === undefined) throw new Error(`config/topics.yaml does not declare ${address}`);
    return {
      partitions: topic.partitions ?? catalog.defaults.partitions,
      cleanupPolicy: topic.cleanupPolicy,
      retentionMs: topic.retentionMs,
    };
  };
}

/** The repository's config/topics.yaml, for the generator and the freshness test. */
export function repositoryTopicSettings(): TopicSettingsLookup {
  const path = fileURLToPath(new URL("../../../config/topics.yaml", import.meta.url));
  return topicSettingsFrom(parseConfigFile("topics.yaml", readFileSync(path, "utf8"), path));
}
