import type { AcceptedTarget } from "./load-driver.js";
import type { PipelineSnapshot } from "./pipeline-snapshot.js";

export interface CheckResult {
  name: string;
  ok: boolean;
  /** The check needs a feature this build lacks; it is reported, not counted as a failure. */
  unavailable?: true;
  /** Counts, and the first few offenders when it failed. */
  detail: string;
}

const EXAMPLES = 3;

function examples(items: Iterable<string>): string {
  const list = [...items];
  if (list.length === 0) return "";
  const shown = list.slice(0, EXAMPLES).join(", ");
  return `; e.g. ${shown}${list.length > EXAMPLES ? ", …" : ""}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function check(name: string, problems: string[], counted: string): CheckResult {
  return {
    name,
    ok: problems.length === 0,
    detail: problems.length === 0 ? counted : `${problems.join("; ")} (${counted})`,
  };
}

/**
 * The end-to-end invariants of issue 11 §7 over what the organs were told (the 202s) and what
 * the topics hold. Pure, so each check is unit-tested against snapshots that break it.
 */
export function checkPipeline(
  accepted: readonly AcceptedTarget[],
  snapshot: PipelineSnapshot,
): CheckResult[] {
  const published = countBy(snapshot.targets, (t) => t.targetId);
  const acceptedIds = new Set(accepted.map((t) => t.targetId));
  const missing = accepted.filter((t) => !published.has(t.targetId)).map((t) => t.targetId);
  const twice = [...published].filter(([id, n]) => n > 1 && acceptedIds.has(id)).map(([id]) => id);
  const unanswered = snapshot.targets.filter((t) => !acceptedIds.has(t.targetId));
  const results: CheckResult[] = [
    check(
      "every target that got a 202 is on the targets topic exactly once",
      [
        ...(missing.length > 0 ? [`${missing.length} missing${examples(missing)}`] : []),
        ...(twice.length > 0 ? [`${twice.length} published twice${examples(twice)}`] : []),
      ],
      `${accepted.length} accepted, ${snapshot.targets.length} on the topic`,
    ),
    check(
      "no target on the topic that no 202 answered (a retry published twice)",
      unanswered.length > 0
        ? [
            `${unanswered.length} targets of ${new Set(unanswered.map((t) => t.requestId)).size} requests never answered${examples(unanswered.map((t) => t.requestId))}`,
          ]
        : [],
      `${snapshot.targets.length} on the topic`,
    ),
  ];

  const opened = snapshot.caseEvents.filter((e) => e.type === "case.opened");
  const merged = snapshot.caseEvents.filter((e) => e.type === "case.merged");
  const casesPerKey = countBy(opened, (e) => e.contentKey);
  const keys = new Set(snapshot.targets.map((t) => t.contentKey));
  const noCase = [...keys].filter((k) => !casesPerKey.has(k));
  const severalCases = [...casesPerKey].filter(([, n]) => n > 1).map(([k]) => k);
  results.push(
    check(
      "one case per canonical URL",
      [
        ...(noCase.length > 0 ? [`${noCase.length} URLs without a case${examples(noCase)}`] : []),
        ...(severalCases.length > 0
          ? [`${severalCases.length} URLs with several cases${examples(severalCases)}`]
          : []),
      ],
      `${keys.size} canonical URLs, ${opened.length} case.opened, ${merged.length} case.merged`,
    ),
  );
  const memberships = countBy(snapshot.caseEvents, (e) => e.targetId);
  const notMember = [...published.keys()].filter((id) => !memberships.has(id));
  const memberTwice = [...memberships].filter(([, n]) => n > 1).map(([id]) => id);
  results.push(
    check(
      "every published target joins its case exactly once (case.opened or case.merged)",
      [
        ...(notMember.length > 0 ? [`${notMember.length} never joined${examples(notMember)}`] : []),
        ...(memberTwice.length > 0
          ? [`${memberTwice.length} joined twice${examples(memberTwice)}`]
          : []),
      ],
      `${memberships.size} members`,
    ),
  );

  const issued = countBy(
    snapshot.notices.filter((n) => n.type === "notice.issued"),
    (n) => n.caseId,
  );
  const caseIds = new Set(opened.map((e) => e.caseId));
  const noNotice = [...caseIds].filter((id) => !issued.has(id));
  const issuedTwice = [...issued].filter(([, n]) => n > 1).map(([id]) => id);
  const strayNotice = [...issued.keys()].filter((id) => !caseIds.has(id));
  results.push(
    check(
      "exactly one notice.issued per case, none missing",
      [
        ...(noNotice.length > 0
          ? [`${noNotice.length} cases without one${examples(noNotice)}`]
          : []),
        ...(issuedTwice.length > 0
          ? [`${issuedTwice.length} cases with several${examples(issuedTwice)}`]
          : []),
        ...(strayNotice.length > 0
          ? [`${strayNotice.length} for unknown cases${examples(strayNotice)}`]
          : []),
      ],
      `${caseIds.size} cases, ${[...issued.values()].reduce((a, b) => a + b, 0)} notice.issued`,
    ),
  );

  const revised = snapshot.notices.filter(
    (n) => n.type === "notice.revised" && n.revisionReason === "request_merged",
  );
  const revisedFor = new Set<string>();
  const revisionsPerCase = countBy(revised, (n) => n.caseId);
  for (const notice of revised) {
    const newest = notice.targetIds.at(-1);
    if (newest !== undefined) revisedFor.add(`${notice.caseId} ${newest}`);
  }
  const mergesPerCase = countBy(merged, (e) => e.caseId);
  const unrevised = merged.filter((e) => !revisedFor.has(`${e.caseId} ${e.targetId}`));
  const extra = [...revisionsPerCase].filter(([id, n]) => n > (mergesPerCase.get(id) ?? 0));
  results.push(
    check(
      "a notice.revised for each merge",
      [
        ...(unrevised.length > 0
          ? [`${unrevised.length} merges without one${examples(unrevised.map((e) => e.targetId))}`]
          : []),
        ...(extra.length > 0
          ? [
              `${extra.length} cases revised more often than merged${examples(extra.map(([id]) => id))}`,
            ]
          : []),
      ],
      `${merged.length} merges, ${revised.length} notice.revised (request_merged)`,
    ),
  );

  results.push(checkAuditCoverage(snapshot));
  const reasons = countBy(snapshot.rejections, (r) => `${r.rejectedBy}: ${r.code} (${r.message})`);
  results.push(
    check(
      "nothing in the DLQ",
      snapshot.rejections.length > 0
        ? [
            `${snapshot.rejections.length} rejected${examples([...reasons].map(([r, n]) => `${n}× ${r}`))}`,
          ]
        : [],
      `${snapshot.rejections.length} records`,
    ),
  );
  return results;
}

/** Every audited record has exactly one entry, and entry indexes run 0, 1, 2… without a gap. */
export function checkAuditCoverage(snapshot: PipelineSnapshot): CheckResult {
  const audited = countBy(
    snapshot.auditEntries.filter((e) => e.watermark !== true),
    (e) => e.position,
  );
  const watermarks =
    snapshot.auditEntries.length - [...audited.values()].reduce((a, b) => a + b, 0);
  const uncovered = [...snapshot.sourcePositions].filter((p) => !audited.has(p));
  const twice = [...audited].filter(([, n]) => n > 1).map(([p]) => p);
  const phantom = [...audited.keys()].filter((p) => !snapshot.sourcePositions.has(p));
  const gaps = snapshot.auditEntries.filter((e, i) => e.index !== String(i)).map((e) => e.index);
  return check(
    "the audit log covers every record of the audited topics, once, without gaps",
    [
      ...(uncovered.length > 0
        ? [`${uncovered.length} records not audited${examples(uncovered)}`]
        : []),
      ...(twice.length > 0 ? [`${twice.length} records audited twice${examples(twice)}`] : []),
      ...(phantom.length > 0
        ? [`${phantom.length} entries for no record${examples(phantom)}`]
        : []),
      ...(gaps.length > 0 ? [`${gaps.length} entries out of order${examples(gaps)}`] : []),
    ],
    `${snapshot.sourcePositions.size} records, ${snapshot.auditEntries.length} entries (${watermarks} watermarks)`,
  );
}
