import { z } from "zod";
import { categories, platformIdPattern, requestedActions } from "@takedown/vocabulary";
import { durationSchema } from "./duration.js";

const domainPattern = z
  .string()
  .regex(
    /^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+$/,
    'a lowercase host ("example.jp") or wildcard ("*.example.jp")',
  );

export const platformSchema = z.strictObject({
  // The id becomes part of the platform's topic names, so it is a platform id of the vocabulary.
  id: z.string().max(31).regex(platformIdPattern, "a lowercase slug such as line-yahoo"),
  names: z.strictObject({ ja: z.string().min(1), en: z.string().min(1) }),
  domains: z.array(domainPattern).min(1),
  sla: z
    .strictObject({
      default: durationSchema.default(7 * 86_400_000),
      byAction: z.partialRecord(z.enum(requestedActions), durationSchema).default({}),
    })
    .default({ default: 7 * 86_400_000, byAction: {} }),
  categories: z
    .array(z.enum(categories))
    .min(1)
    .default([...categories]),
  kafkaUser: z.string().regex(/^[a-z][a-z0-9._-]{1,60}$/, "a SCRAM user name"),
  example: z.boolean().default(false),
});

/** platforms.yaml: who owns which hosts, and how fast each must answer. */
export const platformRegistrySchema = z
  .strictObject({ platforms: z.array(platformSchema) })
  .superRefine((registry, ctx) => {
    const ids = new Map<string, number>();
    const owners = new Map<string, string>();
    registry.platforms.forEach((platform, index) => {
      if (ids.has(platform.id)) {
        ctx.addIssue({
          code: "custom",
          path: ["platforms", index, "id"],
          message: `duplicate platform id ${platform.id}`,
        });
      }
      ids.set(platform.id, index);
      platform.domains.forEach((domain, d) => {
        const owner = owners.get(domain);
        if (owner !== undefined && owner !== platform.id) {
          ctx.addIssue({
            code: "custom",
            path: ["platforms", index, "domains", d],
            message: `${domain} is already owned by platform ${owner}`,
          });
        }
        owners.set(domain, platform.id);
      });
    });
  });

export type PlatformRegistry = z.output<typeof platformRegistrySchema>;
export type Platform = PlatformRegistry["platforms"][number];
