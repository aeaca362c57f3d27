import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platformRegistrySchema } from "@takedown/config";
import { noticesTopic, responsesTopic, type ResponseAction } from "@takedown/contracts";
import { buildApp as buildDedupApp } from "@takedown/dedup";
import { createKafka, type Kafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { readOperationalSettings } from "@takedown/operational-http";
import {
  applyPlatformAccessStep,
  PlatformCredentialStore,
  respondAsPlatform,
} from "@takedown/platform-client";
import {
  buildApp as buildRoutingApp,
  presignedDetailsLinks,
  presignedEvidenceLinks,
} from "@takedown/routing";
import type { S3Client } from "@takedown/s3";
import {
  adminSasl,
  awaitCondition,
  platformListenerCa,
  type InfraDescription,
  type TopicRequest,
} from "@takedown/test-kit";
import { startPortalStack, type PortalStack } from "./portal-stack.test-support.js";

export interface PipelineStack extends PortalStack {
  platformId: string;
  /** A host the platform owns: URLs on it are routed to the platform. */
  host: string;
  /** `takedown platform respond`: the reference client, as the platform's own SCRAM user. */
  respond(caseId: string, action: ResponseAction, text?: string): Promise<void>;
}

// A fresh broker's coordinators load for a moment; the services retry, which is not news here.
const quiet = () => createLogger({ service: "portal-pipeline-test", level: "error" });

/**
 * The portal on the whole pipeline: status, intake, dedup and routing on the test's topics, one
 * platform with its own notices and responses topics, SCRAM user and ACLs (as `takedown topics
 * apply` makes them), answering through the platforms' SASL_SSL listener.
 */
export async function startPipelineStack(options: {
  infra: InfraDescription;
  kafka: Kafka;
  s3: S3Client;
  bucket: string;
  uniqueId: string;
  createTopic: (request?: TopicRequest) => Promise<string>;
  sessionIdleMs: number;
}): Promise<PipelineStack> {
  const { infra, uniqueId, createTopic } = options;
  const platformId = `p${uniqueId}`;
  const host = `${platformId}.example.jp`;
  const platforms = platformRegistrySchema.parse({
    platforms: [
      {
        id: platformId,
        names: { ja: "テスト掲示板", en: "Test board" },
        domains: [host],
        sla: { default: "48h", byAction: {} },
        kafkaUser: `platform-${platformId}`,
      },
    ],
  });
  const compact = { "cleanup.policy": "compact" };
  const platformTopics = {
    notices: await createTopic({ topic: noticesTopic(platformId) }),
    responses: await createTopic({ topic: responsesTopic(platformId) }),
  };
  const dataDir = await mkdtemp(join(tmpdir(), "portal-platform-"));
  await applyPlatformAccessStep({
    brokers: infra.kafkaBrokers,
    admin: infra.kafkaAdmin,
    platforms,
    dataDir,
    logger: quiet(),
    print: () => undefined,
  });
  const credentials = await new PlatformCredentialStore(dataDir).get(platformId);
  const stack = await startPortalStack({ ...options, platforms, platformTopics });
  const stops: (() => Promise<void>)[] = [() => stack.stop()];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const serviceKafka = (name: string) =>
      createKafka({
        brokers: infra.kafkaBrokers,
        clientId: `${name}-${uniqueId}`,
        // Test topics are not granted to the service principals; the admin owns them.
        sasl: adminSasl(infra),
      });
    const dlq = await createTopic({ name: "dlq" });
    const dedup = buildDedupApp({
      kafka: serviceKafka("dedup"),
      logger: quiet(),
      settings: {
        instanceId: "0",
        groupId: `dedup-${uniqueId}`,
        topics: {
          targets: stack.topics.targets,
          cases: stack.topics.cases,
          dlq,
          state: await createTopic({ name: "dedup-state", configs: compact }),
        },
        operational: readOperationalSettings(
          { DEDUP_PORT: "0" },
          { prefix: "DEDUP", defaultPort: 8081 },
        ),
      },
      onFatal: (error) => {
        throw error;
      },
    });
    const routing = buildRoutingApp({
      kafka: serviceKafka("routing"),
      logger: quiet(),
      platforms,
      topics: {
        cases: stack.topics.cases,
        triage: await createTopic({ name: "triage" }),
        dlq,
        rekeyedResponses: await createTopic({ name: "rekeyed" }),
        state: await createTopic({ name: "routing-state", configs: compact }),
        noticesOf: noticesTopic,
        responses: new RegExp(`^${platformTopics.responses.replaceAll(".", "\\.")}$`),
      },
      linkEvidence: presignedEvidenceLinks({
        client: options.s3,
        bucket: options.bucket,
        expiresInSeconds: 600,
      }),
      linkDetails: presignedDetailsLinks({
        client: options.s3,
        bucket: options.bucket,
        expiresInSeconds: 600,
      }),
      clock: () => new Date(),
      groupId: `routing-${uniqueId}`,
      instanceId: "0",
      tickIntervalMs: 60_000,
      metadataMaxAgeMs: 1000,
    });
    stops.push(
      () => dedup.stop(),
      () => routing.stop(),
    );
    await Promise.all([dedup.start(), routing.start()]);
    const respond = async (caseId: string, action: ResponseAction, text?: string) => {
      // SCRAM credentials reach the broker through the metadata log: the first login may wait.
      await awaitCondition(
        async () => {
          await respondAsPlatform({
            saslBrokers: infra.kafkaSaslBrokers,
            tlsCa: platformListenerCa(infra),
            platformId,
            credentials,
            caseId,
            action,
            ...(text !== undefined && { text }),
            logger: quiet(),
          });
          return true;
        },
        { what: `the platform's ${action} answer`, timeoutMs: 30_000 },
      );
    };
    return { ...stack, platformId, host, respond, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
