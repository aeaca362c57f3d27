import kafkajs from "kafkajs";
import type { AclEntry } from "kafkajs";
import type { PlatformRegistry, Principal, PrincipalCatalog } from "@takedown/config";
import { expandPlatformTopic, PLATFORM_ID_PLACEHOLDER } from "@takedown/vocabulary";
import type { PrincipalGrant } from "./acl-reconciler.js";

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

type Operation = (typeof AclOperationTypes)[keyof typeof AclOperationTypes];

const topicOperations: Record<"read" | "write" | "create", Operation> = {
  read: AclOperationTypes.READ,
  write: AclOperationTypes.WRITE,
  create: AclOperationTypes.CREATE,
};

/** Topic names of one declared pattern: `{platformId}` becomes every platform's id. */
export function expandTopicName(name: string, registry: PlatformRegistry): string[] {
  if (!name.includes(PLATFORM_ID_PLACEHOLDER)) return [name];
  return registry.platforms.map((p) => expandPlatformTopic(name, p.id));
}

/** Pure: the exact ACL entries of one service principal. */
export function serviceAclEntries(principal: Principal, registry: PlatformRegistry): AclEntry[] {
  const allow = {
    principal: `User:${principal.user}`,
    host: "*",
    permissionType: AclPermissionTypes.ALLOW,
  };
  const entries: AclEntry[] = [];
  const add = (
    resourceType: AclEntry["resourceType"],
    resourceName: string,
    pattern: AclEntry["resourcePatternType"],
    operation: Operation,
  ) => {
    const entry = { ...allow, resourceType, resourceName, resourcePatternType: pattern, operation };
    const duplicate = entries.some(
      (e) =>
        e.resourceType === entry.resourceType &&
        e.resourceName === entry.resourceName &&
        e.resourcePatternType === entry.resourcePatternType &&
        e.operation === entry.operation,
    );
    if (!duplicate) entries.push(entry);
  };
  for (const topic of principal.topics) {
    for (const name of expandTopicName(topic.name, registry)) {
      add(AclResourceTypes.TOPIC, name, ResourcePatternTypes.LITERAL, AclOperationTypes.DESCRIBE);
      for (const operation of topic.operations)
        add(AclResourceTypes.TOPIC, name, ResourcePatternTypes.LITERAL, topicOperations[operation]);
    }
  }
  for (const prefix of principal.groups)
    add(AclResourceTypes.GROUP, prefix, ResourcePatternTypes.PREFIXED, AclOperationTypes.READ);
  for (const prefix of principal.transactionalIds) {
    for (const operation of [AclOperationTypes.WRITE, AclOperationTypes.DESCRIBE])
      add(AclResourceTypes.TRANSACTIONAL_ID, prefix, ResourcePatternTypes.PREFIXED, operation);
  }
  if (principal.idempotentWrite)
    add(
      AclResourceTypes.CLUSTER,
      "kafka-cluster",
      ResourcePatternTypes.LITERAL,
      AclOperationTypes.IDEMPOTENT_WRITE,
    );
  return entries;
}

/** Pure: every service principal's grant, in the catalog's order. */
export function planServiceAccess(
  catalog: PrincipalCatalog,
  registry: PlatformRegistry,
): PrincipalGrant[] {
  return catalog.principals.map((principal) => ({
    username: principal.user,
    entries: serviceAclEntries(principal, registry),
  }));
}
