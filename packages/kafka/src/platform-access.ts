import kafkajs from "kafkajs";
import type { AclEntry, Admin } from "kafkajs";
import { reconcileAcls, type AclChanges } from "./acl-reconciler.js";

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

export type PlatformAccessResult = AclChanges;

/**
 * Makes each platform user's ACLs exactly the declared ones: missing entries are created, and
 * any other entry naming that user (granted by hand, or left from an old registry) is removed.
 */
export async function applyPlatformAccess(
  admin: Admin,
  platforms: readonly PlatformAccess[],
): Promise<PlatformAccessResult> {
  return reconcileAcls(
    admin,
    platforms.map((p) => ({ username: p.username, entries: platformAclEntries(p) })),
  );
}
