import {
  createEvent,
  encodeEvent,
  responsesTopic,
  type ResponseAction,
  type ResponseReasonCode,
} from "@takedown/contracts";
import { assertNever } from "@takedown/errors";
import { createKafka, writeRecords } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { findLatestNotice } from "./notice-lookup.js";
import type { PlatformCredentials } from "./platform-credential-store.js";

export interface PlatformRespondOptions {
  saslBrokers: readonly string[];
  /** PEM of the CA the operator hands to platforms (the local CA's tls/ca.pem). */
  tlsCa: string;
  platformId: string;
  credentials: PlatformCredentials;
  caseId: string;
  action: ResponseAction;
  /** Defaults to the usual reason for the action. */
  reasonCode?: ResponseReasonCode;
  text?: string;
  logger: Logger;
  clock?: () => Date;
}

function usualReason(action: ResponseAction): ResponseReasonCode {
  switch (action) {
    case "acknowledged":
      return "under_review";
    case "removed":
    case "restricted":
      return "illegal_content";
    case "declined":
      return "not_illegal_no_terms_violation";
    case "needs_info":
      return "insufficient_information";
    case "preserved":
      return "legal_obligation_to_preserve";
    default:
      return assertNever(action, "response action");
  }
}

/**
 * `takedown platform respond`: answers the latest notice about a case, as the platform's own
 * SCRAM user, keyed by the notice's content key and naming the revision it read.
 */
export async function respondAsPlatform(
  options: PlatformRespondOptions,
): Promise<{ eventId: string; contentKey: string; noticeRevision: number }> {
  const kafka = createKafka({
    brokers: options.saslBrokers,
    clientId: options.credentials.username,
    sasl: { mechanism: "scram-sha-512", ...options.credentials },
    tls: { ca: options.tlsCa },
    logger: options.logger,
  });
  const notice = await findLatestNotice({
    kafka,
    platformId: options.platformId,
    caseId: options.caseId,
  });
  const now = (options.clock ?? (() => new Date()))();
  const event = createEvent(
    "response.submitted",
    {
      caseId: options.caseId,
      contentKey: notice.data.contentKey,
      platformId: options.platformId,
      noticeRevision: notice.data.revision,
      action: options.action,
      reasonCode: options.reasonCode ?? usualReason(options.action),
      ...(options.text === undefined ? {} : { text: options.text }),
      actedAt: now.toISOString(),
    },
    { source: `/platforms/${options.platformId}`, time: now },
  );
  await writeRecords(kafka, responsesTopic(options.platformId), [encodeEvent(event)]);
  return {
    eventId: event.id,
    contentKey: notice.data.contentKey,
    noticeRevision: notice.data.revision,
  };
}
