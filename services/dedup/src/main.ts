import { createKafka, failureKind, loadServiceKafkaConfig } from "@takedown/kafka";
import { runService } from "@takedown/shutdown";
import { buildApp } from "./build-app.js";
import { readDedupSettings } from "./dedup-settings.js";

await runService({
  name: "dedup",
  // A broker or S3 away at start-up (one of three brokers down) is waited out, not FATAL.
  isTransientStartFailure: (error) => failureKind(error) === "transient",
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
