import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/contracts";
import { createKafka, failureKind, loadServiceKafkaConfig } from "@takedown/kafka";
import { createS3Client } from "@takedown/s3";
import { runService } from "@takedown/shutdown";
import { buildApp } from "./status-app.js";
import { readStatusSettings } from "./status-settings.js";

await runService({
  name: "status",
  // A broker or S3 away at start-up (one of three brokers down) is waited out, not FATAL.
  isTransientStartFailure: (error) => failureKind(error) === "transient",
  loadConfig: async (env) => {
    const settings = readStatusSettings(env);
    let { notices, responses } = settings.topics;
    if (notices === undefined || responses === undefined) {
      const file = join(settings.configDir, "platforms.yaml");
      const platforms = parseConfigFile("platforms.yaml", await readFile(file, "utf8"), file);
      notices ??= platforms.platforms.map((p) => noticesTopic(p.id));
      responses ??= platforms.platforms.map((p) => responsesTopic(p.id));
    }
    return { ...settings, topics: { ...settings.topics, notices, responses } };
  },
  logLevel: (settings) => settings.logLevel,
  build: ({ config: settings, logger, onFatal, stopAfterApp }) => {
    const eraser = settings.eraser;
    const s3 =
      eraser === undefined ? undefined : createS3Client({ ...eraser.s3, requestTimeoutMs: 10_000 });
    if (s3 !== undefined) stopAfterApp(() => s3.destroy());
    const kafka = createKafka({
      ...loadServiceKafkaConfig(process.env, "status", `takedown-status-${settings.instanceId}`),
      logger,
    });
    return buildApp({
      kafka,
      logger,
      topics: settings.topics,
      dbPath: settings.dbPath,
      groupId: settings.groupId,
      instanceId: settings.instanceId,
      port: settings.port,
      host: settings.host,
      defaultMetrics: true,
      onFatal,
      ...(eraser !== undefined &&
        s3 !== undefined && {
          eraser: {
            s3,
            bucket: eraser.s3.bucket,
            retentionMs: eraser.retentionMs,
            intervalMs: eraser.intervalMs,
          },
        }),
    });
  },
});
