import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { noticesTopic, responsesTopic } from "@takedown/contracts";
import { createKafka, loadServiceKafkaConfig } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { createS3Client } from "@takedown/s3";
import { stopOnSignals } from "@takedown/shutdown";
import { buildApp } from "./status-app.js";
import { readStatusSettings } from "./status-settings.js";

const settings = readStatusSettings(process.env);
const logger = createLogger({ service: "status", level: settings.logLevel });
let { notices, responses } = settings.topics;
if (notices === undefined || responses === undefined) {
  const file = join(settings.configDir, "platforms.yaml");
  const platforms = parseConfigFile("platforms.yaml", await readFile(file, "utf8"), file);
  notices ??= platforms.platforms.map((p) => noticesTopic(p.id));
  responses ??= platforms.platforms.map((p) => responsesTopic(p.id));
}
const kafka = createKafka({
  ...loadServiceKafkaConfig(process.env, "status", `takedown-status-${settings.instanceId}`),
  logger,
});
const eraser = settings.eraser;
const s3 =
  eraser === undefined ? undefined : createS3Client({ ...eraser.s3, requestTimeoutMs: 10_000 });
const app = buildApp({
  kafka,
  logger,
  topics: { ...settings.topics, notices, responses },
  dbPath: settings.dbPath,
  groupId: settings.groupId,
  instanceId: settings.instanceId,
  port: settings.port,
  host: settings.host,
  defaultMetrics: true,
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

stopOnSignals({
  logger,
  stop: async () => {
    await app.stop();
    s3?.destroy();
  },
});

try {
  await app.start();
} catch (error) {
  logger.fatal({ err: error }, "status could not start");
  process.exit(1);
}
