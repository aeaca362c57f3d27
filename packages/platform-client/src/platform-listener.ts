import {
  decodeEvent,
  dispatchEvent,
  noticesTopic,
  type HandlersFor,
  type NoticesTopic,
} from "@takedown/contracts";
import { createKafka } from "@takedown/kafka";
import { bareClientOf, type Consumer } from "@takedown/kafka/bare-client";

// A long-lived group member committing its offsets: not a verb services need, so the client's own.
import type { Logger } from "@takedown/logger";
import type { PlatformCredentials } from "./platform-credential-store.js";
import { platformGroupPrefix } from "./platform-access-step.js";

export interface PlatformListenOptions {
  /** The SASL_SSL listener (KAFKA_SASL_BROKERS): what a platform connects to. */
  saslBrokers: readonly string[];
  /** PEM of the CA the operator hands to platforms (the local CA's tls/ca.pem). */
  tlsCa: string;
  platformId: string;
  credentials: PlatformCredentials;
  /** Must start with `<platformId>.`; defaults to `<platformId>.reference-client`. */
  groupId?: string;
  /** `text`: one line per notice; `json`: the whole event as one JSON line. */
  format?: "text" | "json";
  print: (line: string) => void;
  logger: Logger;
}

const describe: HandlersFor<NoticesTopic, void, string> = {
  "notice.issued": ({ data }) =>
    `notice.issued     ${data.caseId} rev ${data.revision} deadline ${data.deadline} ${data.requestedActions.join(",")} ${data.canonicalUrl} (${data.evidence.length} evidence file(s), key ${data.contentKey})`,
  "notice.revised": ({ data }) =>
    `notice.revised    ${data.caseId} rev ${data.revision} (${data.revisionReason}) deadline ${data.deadline} ${data.requestedActions.join(",")} ${data.canonicalUrl}`,
  "notice.withdrawn": ({ data }) =>
    `notice.withdrawn  ${data.caseId} rev ${data.revision} (${data.reason})`,
};

/**
 * `takedown platform listen`: the reference platform client. Connects as the platform's own
 * SCRAM user on the SASL listener and prints its notices as they arrive (from the beginning the
 * first time; a consumer group remembers the position afterwards). Runs until stopped.
 */
export async function listenAsPlatform(
  options: PlatformListenOptions,
): Promise<{ stop(): Promise<void> }> {
  const topic = noticesTopic(options.platformId);
  const kafka = createKafka({
    brokers: options.saslBrokers,
    clientId: options.credentials.username,
    sasl: { mechanism: "scram-sha-512", ...options.credentials },
    tls: { ca: options.tlsCa },
    logger: options.logger,
  });
  const consumer: Consumer = bareClientOf(kafka).consumer({
    groupId: options.groupId ?? `${platformGroupPrefix(options.platformId)}reference-client`,
    readUncommitted: false,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        const decoded = decodeEvent(message, { topic });
        if (!decoded.ok) {
          options.print(
            `unreadable record: ${decoded.rejection.reason} ${decoded.rejection.message}`,
          );
        } else if (options.format === "json") {
          options.print(JSON.stringify(decoded.event));
        } else if (
          decoded.event.type === "notice.issued" ||
          decoded.event.type === "notice.revised" ||
          decoded.event.type === "notice.withdrawn"
        ) {
          options.print(dispatchEvent(describe, decoded.event, undefined));
        }
        return Promise.resolve();
      },
    });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  return { stop: () => consumer.disconnect() };
}
