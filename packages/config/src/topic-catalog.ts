import { PLATFORM_ID_PLACEHOLDER, topicNameTemplatePattern } from "@takedown/vocabulary";
import { z } from "zod";

const topicSettings = z.strictObject({
  partitions: z.number().int().min(1).max(1000).optional(),
  replicationFactor: z.number().int().min(1).max(5).optional(),
  cleanupPolicy: z.enum(["delete", "compact", "compact,delete"]).default("delete"),
  /** -1 keeps records forever. */
  retentionMs: z.number().int().min(-1).default(-1),
  /** Topics sharing a group must have the same partition count (SPEC §3 co-partitioning). */
  partitionGroup: z.string().min(1).optional(),
  configs: z.record(z.string(), z.string()).default({}),
  description: z.string().optional(),
});

const topicName = z
  .string()
  .regex(topicNameTemplatePattern, "topic names are takedown.<name>.v<major>");

/** topics.yaml: every topic of SPEC §3 declared once, plus per-platform templates. */
export const topicCatalogSchema = z
  .strictObject({
    defaults: z.strictObject({
      partitions: z.number().int().min(1).max(1000),
      replicationFactor: z.number().int().min(1).max(5),
    }),
    topics: z.array(
      topicSettings.extend({
        name: topicName.refine((n) => !n.includes("{"), "a fixed topic name has no {placeholder}"),
      }),
    ),
    perPlatform: z.array(
      topicSettings.extend({
        name: topicName.refine(
          (n) => n.includes(PLATFORM_ID_PLACEHOLDER),
          `must contain ${PLATFORM_ID_PLACEHOLDER}`,
        ),
      }),
    ),
  })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.topics.forEach((topic, index) => {
      if (seen.has(topic.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["topics", index, "name"],
          message: `duplicate topic ${topic.name}`,
        });
      }
      seen.add(topic.name);
    });
  });

export type TopicCatalog = z.output<typeof topicCatalogSchema>;
