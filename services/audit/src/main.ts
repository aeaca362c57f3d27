import { loadEnvConfig } from "@takedown/config";
import { createKafka, failureKind, loadServiceKafkaConfig } from "@takedown/kafka";
import {
  loadTlsCredentials,
  readHttpsSettings,
  readProcessorPolicies,
} from "@takedown/operational-http";
import { runService } from "@takedown/shutdown";
import { createS3Client, ensureBucket } from "@takedown/s3";
import { buildApp } from "./app.js";
import { loadAuditSettings, readOrganKinds, S3Archive } from "@takedown/audit-tools";
import { loadAuditorAuthenticator } from "@takedown/local-keys";
import { loadOrCreateSignerKey } from "./signer-key-file.js";

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

await runService({
  name: "audit",
  // A broker or S3 away at start-up (one of three brokers down) is waited out, not FATAL.
  isTransientStartFailure: (error) => failureKind(error) === "transient",
  loadConfig: (env) => ({
    env: loadEnvConfig(env),
    settings: loadAuditSettings(env),
    policies: readProcessorPolicies(env),
    https: readHttpsSettings(env, "AUDIT"),
  }),
  logLevel: ({ env }) => env.LOG_LEVEL,
  build: async ({ config: { env, settings, policies, https }, logger, onFatal, stopAfterApp }) => {
    const tls = https === undefined ? undefined : await loadTlsCredentials(https);
    const keys = await loadOrCreateSignerKey({
      signerKey: settings.AUDIT_SIGNER_KEY,
      origin: settings.AUDIT_ORIGIN,
      dataDir: settings.TAKEDOWN_DATA_DIR,
    });
    logger.info(
      { verifierKey: keys.verifierKey, generated: keys.generated },
      "audit log verifier key",
    );
    const s3 = createS3Client({
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
    stopAfterApp(() => s3.destroy());
    const bucket = await ensureBucket(s3, env.S3_BUCKET_AUDIT, { objectLock: true });
    const retentionMs = settings.AUDIT_RETENTION_YEARS * YEAR_MS;
    const archive = new S3Archive({
      client: s3,
      bucket: env.S3_BUCKET_AUDIT,
      ...(bucket.objectLock ? { retainUntil: () => new Date(Date.now() + retentionMs) } : {}),
    });
    const kafka = createKafka({ ...loadServiceKafkaConfig(process.env, "audit"), logger });
    const auditors = await loadAuditorAuthenticator({
      dataDir: settings.TAKEDOWN_DATA_DIR,
      onReloadError: (error) =>
        logger.error(
          { err: error },
          "auditor key file unreadable; the keys read before still apply",
        ),
    });
    const app = buildApp({
      kafka,
      organKinds: await readOrganKinds(env.TAKEDOWN_CONFIG_DIR),
      archive,
      auditors,
      logger,
      settings,
      signerKey: keys.signerKey,
      policies,
      onFatal,
      ...(tls === undefined ? {} : { tls }),
    });
    return {
      start: async () => {
        await app.start();
        logger.info(
          {
            api: app.api.address,
            https: tls === undefined ? false : { subject: tls.subject, validTo: tls.validTo },
            auditorKeys: auditors.size,
            bucket: env.S3_BUCKET_AUDIT,
            objectLock: bucket.objectLock,
          },
          "audit started",
        );
      },
      stop: () => app.stop(),
    };
  },
});
