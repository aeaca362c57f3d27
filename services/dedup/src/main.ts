import { createKafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { buildApp } from "./build-app.js";
import { readDedupSettings } from "./dedup-settings.js";

const settings = readDedupSettings(process.env);
const logger = createLogger({ service: "dedup", level: settings.logLevel });
const kafka = createKafka({
  brokers: settings.kafkaBrokers,
  clientId: `takedown-dedup-${settings.instanceId}`,
  logger,
});
const app = buildApp({ kafka, logger, settings });

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  app.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "stop failed");
      process.exit(1);
    },
  );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

try {
  await app.start();
} catch (error) {
  logger.fatal({ err: error }, "dedup could not start");
  process.exit(1);
}
