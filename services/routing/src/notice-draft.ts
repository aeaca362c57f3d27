import type { EventDataOf } from "@takedown/contracts";
import type { RoutingContext } from "./routing-context.js";
import { requestedActionsOf, type RoutedCase } from "./routed-case.js";

/**
 * The full notice for a case at a revision: every revision repeats everything, so a platform
 * never merges revisions to know what is asked of it.
 */
export async function draftNotice(
  context: RoutingContext,
  routed: RoutedCase & { platformId: string; deadline: string },
  issuedAt: Date,
): Promise<EventDataOf<"notice.issued">> {
  const members = routed.members;
  const first = members[0]!;
  const answers = routed.answers ?? [];
  const evidenceIds = [
    ...new Set([
      ...members.flatMap((m) => m.evidence),
      ...answers.flatMap((a) => [a.messageEvidenceId, ...a.evidence]),
    ]),
  ];
  return {
    caseId: routed.caseId,
    contentKey: routed.contentKey,
    platformId: routed.platformId,
    revision: routed.revision,
    canonicalUrl: routed.canonicalUrl,
    urls: [...new Set(members.map((m) => m.url))],
    classification: members.some((m) => m.classification === "rights_infringement")
      ? "rights_infringement"
      : "harmful",
    categories: [...new Set(members.map((m) => m.category))],
    requestedActions: requestedActionsOf(routed),
    requests: await Promise.all(
      members.map(async (member) => {
        const details = await context.linkDetails(member, issuedAt);
        return details === undefined ? member : { ...member, details };
      }),
    ),
    evidence: await context.linkEvidence(evidenceIds, issuedAt),
    ...(answers.length > 0 && { answers }),
    deadline: routed.deadline,
    redress: context.redress,
    language: first.language,
    issuedAt: issuedAt.toISOString(),
  };
}
