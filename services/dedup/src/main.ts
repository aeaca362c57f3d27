import { createKafka, loadServiceKafkaConfig } from "@takedown/kafka";
import { runService } from "@takedown/shutdown";
import { buildApp } from "./build-app.js";
import { readDedupSettings } from "./dedup-settings.js";

await runService({
  name: "dedup",
  loadConfig: readDedupSettings,
  logLevel: (settings) => settings.logLevel,
  build: ({ config: settings, logger, onFatal }) => {
    const kafka = createKafka({
      ...loadServiceKafkaConfig(process.env, "dedup", `takedown-dedup-${settings.instanceId}`),
      logger,
    });
    return buildApp({ kafka, logger, settings, onFatal });
  },
});
