import { createEvent, type TakedownEvent } from "@takedown/contracts";
import { contentKeyOf } from "@takedown/url-canon";
import { caseUlidFor } from "./case-ulid.js";

export interface SyntheticTargetOptions {
  /** How many targets, numbered from `first` (default 0). */
  count: number;
  first?: number;
  /** How many distinct pieces of content they spread over. */
  urls: number;
  /** Makes ids and URLs differ between runs sharing one broker (letters, digits, '-'). */
  runId: string;
  organs?: readonly string[];
}

const DEFAULT_ORGANS = ["moj-tokyo", "moj-osaka", "moj-nagoya", "consult-sapporo", "moj-fukuoka"];
const EVIDENCE = `sha256:${"ab".repeat(32)}`;

/**
 * A reproducible stream of `target.submitted` events for tests and benches: target k reports
 * piece of content (k × golden ratio) mod `urls` on behalf of organ k mod organs, so duplicates
 * across organs are spread through the stream rather than bunched at its end.
 */
export function syntheticTargets(
  options: SyntheticTargetOptions,
): TakedownEvent<"target.submitted">[] {
  const organs = options.organs ?? DEFAULT_ORGANS;
  const first = options.first ?? 0;
  return Array.from({ length: options.count }, (_, i) => {
    const k = first + i;
    const url = (Math.imul(k + 1, 2654435761) >>> 0) % options.urls;
    const canonicalUrl = `https://x.com/${options.runId}_${url}/status/${1_800_000_000_000_000_000n + BigInt(url)}`;
    const requestId = `req_${caseUlidFor({ timeMs: 1_750_000_000_000 + k, seed: `${options.runId}/${k}` })}`;
    return createEvent(
      "target.submitted",
      {
        requestId,
        targetId: `${requestId}#1`,
        organId: organs[k % organs.length] ?? "moj-tokyo",
        url: canonicalUrl.replace("https://x.com", "https://twitter.com"),
        classification: "rights_infringement",
        category: "defamation",
        legalBasis: "pla_art3_2_1",
        requestedAction: "remove",
        evidence: [EVIDENCE],
        language: "ja",
        submittedAt: new Date(1_750_000_000_000 + k * 1000).toISOString(),
        canonicalUrl,
        contentKey: contentKeyOf(canonicalUrl),
        platformHint: "x",
      },
      { source: "/takedown/intake", id: `${options.runId}:${k}` },
    );
  });
}
