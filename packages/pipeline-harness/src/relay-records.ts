import { createEvent, dossierIdOf, encodeEvent } from "@takedown/contracts";
import type { OutputRecord } from "@takedown/kafka";
import { contentKeyOf } from "@takedown/url-canon";
import type { CorpusTarget } from "./alias-corpus.js";
import { REQUEST_TEMPLATE } from "./intake-client.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A valid request id for request number n (a ULID-shaped counter). */
function requestIdOf(n: number): string {
  let digits = "";
  for (let rest = n; rest > 0; rest = Math.floor(rest / 32)) digits = CROCKFORD[rest % 32] + digits;
  return `req_0${digits.padStart(25, "0")}`;
}

/**
 * The records intake would publish for one request, built with the same contracts code, so the
 * bare relay carries the same bytes per target as the pipeline does.
 */
export function targetRecords(options: {
  topic: string;
  requestNumber: number;
  organId: string;
  evidenceId: string;
  targets: readonly CorpusTarget[];
}): OutputRecord[] {
  const requestId = requestIdOf(options.requestNumber);
  const submittedAt = new Date().toISOString();
  return options.targets.map((target, index) => {
    const targetId = `${requestId}#${index + 1}`;
    const event = createEvent(
      "target.submitted",
      {
        requestId,
        targetId,
        organId: options.organId,
        url: target.url,
        classification: REQUEST_TEMPLATE.classification,
        category: REQUEST_TEMPLATE.category,
        legalBasis: REQUEST_TEMPLATE.legalBasis,
        requestedAction: REQUEST_TEMPLATE.requestedAction,
        evidence: [options.evidenceId],
        language: REQUEST_TEMPLATE.language,
        submittedAt,
        // Same size as intake's reference; the bare relay writes no dossier behind it.
        dossier: { dossierId: dossierIdOf(requestId), commitment: `hmac-sha256:${"0".repeat(64)}` },
        canonicalUrl: target.canonicalUrl,
        contentKey: contentKeyOf(target.canonicalUrl),
      },
      { source: "/takedown/intake", id: `${targetId}/submitted`, time: submittedAt },
    );
    return { topic: options.topic, ...encodeEvent(event) };
  });
}
