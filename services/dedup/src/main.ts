import { createKafka, loadServiceKafkaConfig } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { exitOnFatal, stopOnSignals } from "@takedown/shutdown";
import { buildApp } from "./build-app.js";
import { readDedupSettings } from "./dedup-settings.js";

const settings = readDedupSettings(process.env);
const logger = createLogger({ service: "dedup", level: settings.logLevel });
const kafka = createKafka({
  ...loadServiceKafkaConfig(process.env, "dedup", `takedown-dedup-${settings.instanceId}`),
  logger,
});
const app = buildApp({
  kafka,
  logger,
  settings,
  onFatal: exitOnFatal({ logger, stop: () => app.stop() }),
});

stopOnSignals({ logger, stop: () => app.stop() });

try {
  await app.start();
} catch (error) {
  logger.fatal({ err: error }, "dedup could not start");
  process.exit(1);
}
