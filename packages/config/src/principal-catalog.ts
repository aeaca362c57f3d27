import { topicNameTemplatePattern } from "@takedown/vocabulary";
import { z } from "zod";

/** What a principal may do with a topic; DESCRIBE comes with each (Kafka implies it anyway). */
export const topicOperationSchema = z.enum(["read", "write", "create"]);
export type TopicOperation = z.infer<typeof topicOperationSchema>;

const topicPattern = z
  .string()
  .regex(
    topicNameTemplatePattern,
    "topic names are takedown.<name>.v<major> ({platformId} expands to every platform)",
  );

/** A prefix of consumer-group or transactional ids; names a service's own namespace. */
const idPrefix = z
  .string()
  .regex(/^takedown-[a-z0-9-]*$/, "prefixes start with takedown- and hold a-z, 0-9, -");

const principalSchema = z.strictObject({
  /** The service that logs in as this principal (its env gets the credentials). */
  service: z.string().regex(/^[a-z][a-z0-9-]*$/, "a service name: a-z, 0-9, -"),
  /** The SCRAM user name on the services' listener. */
  user: z.string().regex(/^takedown-[a-z0-9-]+$/, "service users are takedown-<name>"),
  description: z.string().optional(),
  topics: z
    .array(
      z.strictObject({
        name: topicPattern,
        operations: z.array(topicOperationSchema).min(1, "at least one operation"),
      }),
    )
    .default([]),
  /** Consumer groups (prefixed) the principal may join and commit offsets for. */
  groups: z.array(idPrefix).default([]),
  /** Transactional ids (prefixed) the principal may use. */
  transactionalIds: z.array(idPrefix).default([]),
  /** Idempotent producers need IDEMPOTENT_WRITE on the cluster. */
  idempotentWrite: z.boolean().default(false),
});

/**
 * principals.yaml: one Kafka principal per service and exactly the ACLs it needs, declared once;
 * `takedown topics apply` and `takedown up` make the cluster match it.
 */
export const principalCatalogSchema = z
  .strictObject({ principals: z.array(principalSchema) })
  .superRefine((catalog, ctx) => {
    const services = new Set<string>();
    const users = new Set<string>();
    catalog.principals.forEach((principal, index) => {
      if (services.has(principal.service))
        ctx.addIssue({
          code: "custom",
          path: ["principals", index, "service"],
          message: `duplicate service ${principal.service}`,
        });
      if (users.has(principal.user))
        ctx.addIssue({
          code: "custom",
          path: ["principals", index, "user"],
          message: `duplicate user ${principal.user}`,
        });
      services.add(principal.service);
      users.add(principal.user);
    });
  });

export type PrincipalCatalog = z.output<typeof principalCatalogSchema>;
export type Principal = PrincipalCatalog["principals"][number];
