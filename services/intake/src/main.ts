#!/usr/bin/env node
import { hostname } from "node:os";
import { join } from "node:path";
import { loadConfig, readConfigFiles } from "@takedown/config";
import { serviceTopics, topics } from "@takedown/contracts";
import { createKafka, failureKind, loadServiceKafkaConfig } from "@takedown/kafka";
import { loadTlsCredentials, readHttpsSettings } from "@takedown/operational-http";
import { createS3Client, ensureBucket } from "@takedown/s3";
import { runService } from "@takedown/shutdown";
import { buildApp } from "./app.js";
import { watchLocalOrganKeys, withLocalOrganKeys } from "@takedown/local-keys";
import { loadIntakeEnv } from "./intake-env.js";
import { statusUrlOf } from "./status-url.js";

await runService({
  name: "intake",
  // A broker or S3 away at start-up (one of three brokers down) is waited out, not FATAL.
  isTransientStartFailure: (error) => failureKind(error) === "transient",
  loadConfig: async (env) => {
    const config = loadConfig({
      env,
      files: await readConfigFiles(env.TAKEDOWN_CONFIG_DIR ?? "config"),
    });
    const dataDir = env.TAKEDOWN_DATA_DIR ?? join(process.cwd(), ".data");
    const organs = await withLocalOrganKeys(config.organs, dataDir);
    return {
      config,
      organs,
      dataDir,
      limits: loadIntakeEnv(env),
      statusUrl: statusUrlOf(env),
      https: readHttpsSettings(env, "INTAKE"),
      env,
    };
  },
  logLevel: ({ config }) => config.env.LOG_LEVEL,
  build: async ({
    config: { config, organs, dataDir, limits, statusUrl, https, env },
    logger,
    stopAfterApp,
  }) => {
    const tls = https === undefined ? undefined : await loadTlsCredentials(https);
    const kafka = createKafka({ ...loadServiceKafkaConfig(env, "intake"), logger });
    const s3 = createS3Client({
      endpoint: config.env.S3_ENDPOINT,
      region: config.env.S3_REGION,
      accessKeyId: config.env.S3_ACCESS_KEY_ID,
      secretAccessKey: config.env.S3_SECRET_ACCESS_KEY,
      requestTimeoutMs: 10_000,
    });
    stopAfterApp(() => s3.destroy());
    // Evidence is personal data and must stay erasable (issue 13): never Object Lock. Its
    // integrity is its SHA-256 id, which the audit log binds.
    const bucket = await ensureBucket(s3, config.env.S3_BUCKET_EVIDENCE, { objectLock: false });
    const intake = buildApp({
      logger,
      kafka,
      s3,
      organs,
      reloadOrgans: watchLocalOrganKeys(config.organs, dataDir),
      platforms: config.platforms,
      topics: { targets: topics.targets, idempotency: serviceTopics.intakeIdempotency },
      statusUrl,
      evidenceBucket: bucket.bucket,
      transactionalId: `takedown-intake-${hostname()}`,
      maxInFlight: limits.INTAKE_MAX_IN_FLIGHT,
      publishTimeoutMs: limits.INTAKE_PUBLISH_TIMEOUT_MS,
      maxEventLoopDelayMs: limits.INTAKE_MAX_EVENT_LOOP_DELAY_MS,
      httpRequestTimeoutMs: limits.INTAKE_HTTP_REQUEST_TIMEOUT_MS,
      defaultMetrics: true,
      ...(tls === undefined ? {} : { tls }),
    });
    return {
      start: async () => {
        await intake.start();
        // Node's default backlog (511) overflows when a burst of new connections meets a busy
        // loop: the kernel then drops SYNs and clients wait out TCP's retransmit backoff (1, 3,
        // 7, 15, 31 s). Queued in the backlog instead, they are accepted and answered (or shed).
        await intake.app.listen({
          port: config.env.INTAKE_PORT,
          host: env.INTAKE_HOST ?? "127.0.0.1",
          backlog: 4096,
        });
        logger.info(
          {
            port: config.env.INTAKE_PORT,
            https: tls === undefined ? false : { subject: tls.subject, validTo: tls.validTo },
            organs: organs.organs.length,
            ...limits,
          },
          "intake listening",
        );
      },
      stop: () => intake.stop(),
    };
  },
});
