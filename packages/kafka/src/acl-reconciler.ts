import kafkajs from "kafkajs";
import type { AclEntry, Admin } from "kafkajs";
import { createKafkaError } from "./errors.js";

const { AclResourceTypes, AclOperationTypes, AclPermissionTypes, ResourcePatternTypes } = kafkajs;

/** The exact ACL one user should hold. */
export interface PrincipalGrant {
  username: string;
  entries: AclEntry[];
}

export interface AclChanges {
  created: AclEntry[];
  removed: AclEntry[];
}

const sameEntry = (a: AclEntry, b: AclEntry) =>
  a.principal === b.principal &&
  a.host === b.host &&
  a.permissionType === b.permissionType &&
  a.resourceType === b.resourceType &&
  a.resourceName === b.resourceName &&
  a.resourcePatternType === b.resourcePatternType &&
  a.operation === b.operation;

/**
 * Makes each user's ACLs exactly the granted ones: missing entries are created, and any other
 * entry naming that user (granted by hand, or left from an older config) is removed. Users in
 * `revoked` lose every entry. Only named users are touched, so ACLs of anyone else (a test's own
 * user on a shared broker) stay.
 */
export async function reconcileAcls(
  admin: Admin,
  grants: readonly PrincipalGrant[],
  revoked: readonly string[] = [],
): Promise<AclChanges> {
  const result: AclChanges = { created: [], removed: [] };
  const all = [...grants, ...revoked.map((username) => ({ username, entries: [] }))];
  try {
    for (const grant of all) {
      const existing = await describeAclsOf(admin, grant.username);
      const missing = grant.entries.filter((w) => !existing.some((e) => sameEntry(e, w)));
      const extra = existing.filter((e) => !grant.entries.some((w) => sameEntry(e, w)));
      if (extra.length > 0) {
        await admin.deleteAcls({ filters: extra });
        result.removed.push(...extra);
      }
      if (missing.length > 0) {
        await admin.createAcls({ acl: missing });
        result.created.push(...missing);
      }
      if (missing.length > 0 || extra.length > 0) await awaitAcls(admin, grant);
    }
  } catch (error) {
    throw createKafkaError("KAFKA_ADMIN_FAILED", {
      detail: `ACLs: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  return result;
}

/** Every ACL entry naming this user. */
export async function describeAclsOf(admin: Admin, username: string): Promise<AclEntry[]> {
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
 * the controller accepts it; waiting for it keeps "apply" true to its word (a user can log in
 * with its rights right after) and makes the next apply see what this one did.
 */
async function awaitAcls(admin: Admin, grant: PrincipalGrant): Promise<void> {
  // Propagation takes milliseconds; a loaded two-core machine has taken over 15 s.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const current = await describeAclsOf(admin, grant.username);
    const settled =
      current.length === grant.entries.length &&
      grant.entries.every((w) => current.some((c) => sameEntry(c, w)));
    if (settled) return;
    if (Date.now() > deadline) throw new Error(`ACLs of ${grant.username} did not settle in 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
