import kafkajs from "kafkajs";
import type { AclEntry, Admin } from "kafkajs";
import { createKafkaError } from "./errors.js";

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

/** What one platform may touch on the cluster, and nothing else. */
export interface PlatformAccess {
  /** SCRAM user name (the registry's kafkaUser). */
  username: string;
  noticesTopic: string;
  responsesTopic: string;
  /** Consumer groups the platform may use start with this, e.g. `x.` for platform x. */
  groupPrefix: string;
}

/** The ACL of one platform: READ its notices and its own groups, WRITE its responses. */
export function platformAclEntries(access: PlatformAccess): AclEntry[] {
  const allow = {
    principal: `User:${access.username}`,
    host: "*",
    permissionType: AclPermissionTypes.ALLOW,
  };
  return [
    {
      ...allow,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: access.noticesTopic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.READ,
    },
    {
      ...allow,
      resourceType: AclResourceTypes.GROUP,
      resourceName: access.groupPrefix,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      operation: AclOperationTypes.READ,
    },
    {
      ...allow,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: access.responsesTopic,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.WRITE,
    },
  ];
}

const sameEntry = (a: AclEntry, b: AclEntry) =>
  a.principal === b.principal &&
  a.host === b.host &&
  a.permissionType === b.permissionType &&
  a.resourceType === b.resourceType &&
  a.resourceName === b.resourceName &&
  a.resourcePatternType === b.resourcePatternType &&
  a.operation === b.operation;

export interface PlatformAccessResult {
  created: AclEntry[];
  removed: AclEntry[];
}

/**
 * Makes each platform user's ACLs exactly the declared ones: missing entries are created, and
 * any other entry naming that user (granted by hand, or left from an old registry) is removed.
 */
export async function applyPlatformAccess(
  admin: Admin,
  platforms: readonly PlatformAccess[],
): Promise<PlatformAccessResult> {
  const result: PlatformAccessResult = { created: [], removed: [] };
  try {
    for (const platform of platforms) {
      const wanted = platformAclEntries(platform);
      const existing = await describeEntries(admin, platform.username);
      const missing = wanted.filter((w) => !existing.some((e) => sameEntry(e, w)));
      const extra = existing.filter((e) => !wanted.some((w) => sameEntry(e, w)));
      if (extra.length > 0) {
        await admin.deleteAcls({ filters: extra });
        result.removed.push(...extra);
      }
      if (missing.length > 0) {
        await admin.createAcls({ acl: missing });
        result.created.push(...missing);
      }
      if (missing.length > 0 || extra.length > 0) await awaitAcls(admin, platform.username, wanted);
    }
  } catch (error) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", { detail: "platform ACLs", cause: error });
  }
  return result;
}

async function describeEntries(admin: Admin, username: string): Promise<AclEntry[]> {
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    principal: `User:${username}`,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  return described.resources.flatMap((resource) =>
    resource.acls.map((acl) => ({
      ...acl,
      resourceType: resource.resourceType,
      resourceName: resource.resourceName,
      resourcePatternType: resource.resourcePatternType,
    })),
  );
}

/**
 * In KRaft an ACL change reaches the broker's authorizer through the metadata log a moment after
 * the controller accepts it; waiting for it keeps "apply" true to its word (a platform can log in
 * with its rights right after) and makes the next apply see what this one did.
 */
async function awaitAcls(
  admin: Admin,
  username: string,
  wanted: readonly AclEntry[],
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const current = await describeEntries(admin, username);
    const settled =
      current.length === wanted.length && wanted.every((w) => current.some((c) => sameEntry(c, w)));
    if (settled) return;
    if (Date.now() > deadline) throw new Error(`ACLs of ${username} did not settle in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
