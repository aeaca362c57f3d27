import {
  createEvent,
  dossierIdOf,
  httpUrlSchema,
  requestSubmissionBodySchema,
  type AnyTakedownEvent,
} from "@takedown/contracts";
import type { Organ } from "@takedown/config";
import { canonicalizeUrl } from "@takedown/url-canon";
import type { DossierStore } from "./dossier-store.js";
import type { EvidenceStore } from "./evidence-store.js";
import type { Admission } from "./load-shedder.js";
import { fieldError, invalidBodyError } from "./problem-handler.js";
import { requireStoredEvidence } from "./stored-evidence-check.js";

export interface SubmissionDraftOptions {
  evidence: EvidenceStore;
  /** Where each request's personal data goes instead of the events. */
  dossiers: DossierStore;
  source: string;
  newRequestId: () => string;
  now: () => Date;
}

/** RFC 3986 §3.1: a scheme is case-insensitive; the contract's URL pattern is not. */
function publishedUrl(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:/i, (scheme) => scheme.toLowerCase());
}

/**
 * POST /v1/requests, up to the events: one target.submitted per target. The request's personal
 * data is written to its dossier first; `abandon` erases it again when nothing gets published.
 */
export async function draftSubmission(
  options: SubmissionDraftOptions,
  call: { organ: Organ; rawBody: unknown; actorId: string | undefined; admission: Admission },
): Promise<{
  answer: { status: number; body: unknown; location: string };
  events: AnyTakedownEvent[];
  abandon: () => Promise<unknown>;
}> {
  const { organ, actorId, admission } = call;
  const parsed = requestSubmissionBodySchema.safeParse(call.rawBody);
  if (!parsed.success) throw invalidBodyError(parsed.error);
  const body = parsed.data;
  const canonical = body.targets.map((target, index) => {
    const result = canonicalizeUrl(target.url);
    if (!result.ok) {
      throw fieldError("INTAKE_URL_REFUSED", [
        { field: `/targets/${index}/url`, message: `${result.reason}: ${result.message}` },
      ]);
    }
    // The URL parser forgives what the published contract does not (surrounding blanks,
    // tabs, "https:x.com"): refused here, or publishing it would fail with a 500.
    if (!httpUrlSchema.safeParse(publishedUrl(target.url)).success) {
      throw fieldError("INTAKE_URL_REFUSED", [
        {
          field: `/targets/${index}/url`,
          message: `not an absolute http(s) URL as written (scheme://, no blanks); did you mean ${result.canonicalUrl}?`,
        },
      ]);
    }
    return result;
  });
  await admission.within(
    requireStoredEvidence(options.evidence, body.evidence),
    "the evidence store did not answer in time; nothing was published",
  );

  const requestId = options.newRequestId();
  const submittedAt = options.now().toISOString();
  const targetIds = body.targets.map((_, index) => `${requestId}#${index + 1}`);
  // Personal data goes to the dossier only; the events name it and commit to it.
  const dossierId = dossierIdOf(requestId);
  const notes = Object.fromEntries(
    body.targets.flatMap((target, index) =>
      target.note === undefined ? [] : [[targetIds[index], target.note]],
    ),
  ) as Record<string, string>;
  const dossierOf = await admission.within(
    options.dossiers.write({
      dossierId,
      requestId,
      description: body.description,
      ...(body.legalBasisText !== undefined && { legalBasisText: body.legalBasisText }),
      ...(body.contact !== undefined && { contact: body.contact }),
      ...(body.victim !== undefined && { victim: body.victim }),
      notes,
    }),
    "the dossier store did not answer in time; nothing was published",
  );
  const events = body.targets.map((target, index) => {
    const c = canonical[index];
    const targetId = targetIds[index];
    if (c === undefined || targetId === undefined) throw new Error("canonical URL missing");
    return createEvent(
      "target.submitted",
      {
        requestId,
        targetId,
        organId: organ.id,
        ...(actorId !== undefined && { actorId }),
        url: publishedUrl(target.url),
        classification: body.classification,
        category: body.category,
        legalBasis: body.legalBasis,
        requestedAction: body.requestedAction,
        evidence: body.evidence,
        language: body.language ?? "ja",
        submittedAt,
        dossier: dossierOf(targetId),
        canonicalUrl: c.canonicalUrl,
        contentKey: c.contentKey,
        ...(c.platformHint !== undefined && { platformHint: c.platformHint }),
      },
      { source: options.source, id: `${targetId}/submitted`, time: submittedAt },
    );
  });
  return {
    answer: {
      status: 202,
      location: `/v1/requests/${requestId}`,
      body: {
        requestId,
        targets: events.map((e) => ({
          targetId: e.data.targetId,
          canonicalUrl: e.data.canonicalUrl,
        })),
      },
    },
    events,
    abandon: () => options.dossiers.erase(dossierId),
  };
}
