import type { PlatformRegistry, PrincipalCatalog } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/vocabulary";

const code = (text: string) => `\`${text}\``;

/**
 * Pure: every Kafka principal and what it may do, as Markdown list items, from the same config
 * `takedown topics apply` applies (principals.yaml, platforms.yaml). `takedown principals`
 * prints it; the README's security section is this text, checked by a test.
 */
export function renderAccessListing(
  catalog: PrincipalCatalog,
  registry: PlatformRegistry,
  admin = "takedown-admin",
): string {
  const lines = [
    `- ${code(admin)} (the brokers themselves and the operator's CLI verbs such as \`takedown topics apply\`): the cluster's only super user; no service logs in as it`,
  ];
  for (const principal of catalog.principals) {
    const grants: string[] = [];
    for (const topic of principal.topics)
      grants.push(`${topic.operations.join(", ")} ${code(topic.name)}`);
    if (principal.groups.length > 0)
      grants.push(`consumer groups ${principal.groups.map((g) => code(`${g}*`)).join(", ")}`);
    if (principal.transactionalIds.length > 0)
      grants.push(
        `transactional ids ${principal.transactionalIds.map((t) => code(`${t}*`)).join(", ")}`,
      );
    if (principal.idempotentWrite) grants.push("idempotent write");
    lines.push(`- ${code(principal.user)} (service ${principal.service}): ${grants.join("; ")}`);
  }
  for (const platform of registry.platforms)
    lines.push(
      `- ${code(platform.kafkaUser)} (platform ${platform.id}, platforms' listener only): read ${code(noticesTopic(platform.id))}; consumer groups ${code(`${platform.id}.*`)}; write ${code(responsesTopic(platform.id))}`,
    );
  return `${lines.join("\n")}\n`;
}
