import { noticesTopic, responsesTopicPattern, serviceTopics, topics } from "@takedown/contracts";
import { createKafka, failureKind, loadServiceKafkaConfig } from "@takedown/kafka";
import { runService } from "@takedown/shutdown";
import { createS3Client } from "@takedown/s3";
import { presignedDetailsLinks } from "./dossier-links.js";
import { presignedEvidenceLinks } from "./evidence-links.js";
import { buildApp } from "./routing-app.js";
import { readRoutingSettings } from "./routing-settings.js";

await runService({
  name: "routing",
  // A broker or S3 away at start-up (one of three brokers down) is waited out, not FATAL.
  isTransientStartFailure: (error) => failureKind(error) === "transient",
  loadConfig: readRoutingSettings,
  logLevel: (settings) => settings.config.env.LOG_LEVEL,
  build: ({ config: settings, logger, onFatal, stopAfterApp }) => {
    const { config } = settings;
    const kafka = createKafka({
      ...loadServiceKafkaConfig(process.env, "routing", "routing"),
      logger,
    });
    const s3 = createS3Client({
      endpoint: config.env.S3_ENDPOINT,
      region: config.env.S3_REGION,
      accessKeyId: config.env.S3_ACCESS_KEY_ID,
      secretAccessKey: config.env.S3_SECRET_ACCESS_KEY,
    });
    stopAfterApp(() => s3.destroy());
    const app = buildApp({
      kafka,
      logger,
      platforms: config.platforms,
      topics: {
        cases: topics.cases,
        triage: topics.triage,
        dlq: topics.dlq,
        rekeyedResponses: serviceTopics.routingResponses,
        state: serviceTopics.routingState,
        noticesOf: noticesTopic,
        responses: responsesTopicPattern,
      },
      linkEvidence: presignedEvidenceLinks({
        client: s3,
        bucket: config.env.S3_BUCKET_EVIDENCE,
        expiresInSeconds: settings.linkTtlSeconds,
      }),
      // Same expiry as the evidence: one renewal (evidence_links_renewed) refreshes both.
      linkDetails: presignedDetailsLinks({
        client: s3,
        bucket: config.env.S3_BUCKET_EVIDENCE,
        expiresInSeconds: settings.linkTtlSeconds,
      }),
      clock: () => new Date(),
      groupId: "takedown-routing",
      instanceId: settings.instanceId,
      tickIntervalMs: settings.tickIntervalMs,
      metadataMaxAgeMs: 30_000,
      operational: settings.operational,
      onFatal,
    });
    return {
      start: async () => {
        await app.start();
        logger.info({ platforms: config.platforms.platforms.length }, "routing started");
      },
      stop: () => app.stop(),
    };
  },
});
