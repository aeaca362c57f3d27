import { kafkaClientLog, type Kafka } from "@takedown/kafka";
import { OperationalEndpoints, OperationalServer } from "@takedown/operational-http";
import type { Logger } from "pino";
import type { DedupSettings } from "./dedup-settings.js";
import { DedupService } from "./dedup-service.js";

export interface DedupDeps {
  kafka: Kafka;
  logger: Logger;
  settings: Pick<DedupSettings, "instanceId" | "groupId" | "topics" | "operational">;
  /** Called once when the processor cannot recover; main.ts logs FATAL and exits 1. */
  onFatal: (error: Error) => void;
}

export interface DedupApp {
  service: DedupService;
  operational: OperationalServer;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The whole service from its dependencies; main.ts only builds those. */
export function buildApp(deps: DedupDeps): DedupApp {
  const { operational: settings } = deps.settings;
  const service = new DedupService({
    kafka: deps.kafka,
    logger: deps.logger,
    instanceId: deps.settings.instanceId,
    groupId: deps.settings.groupId,
    topics: deps.settings.topics,
    recovery: settings.recovery,
    onFatal: deps.onFatal,
  });
  const operational = new OperationalServer({
    endpoints: new OperationalEndpoints({
      processors: () => service.health(),
      kafkaConditions: () => kafkaClientLog(deps.kafka).expectedConditions(),
      readiness: settings.readiness,
    }),
    port: settings.port,
    host: settings.host,
    logger: deps.logger,
  });
  return {
    service,
    operational,
    // The endpoints first: /healthz answers and /readyz says 503 while the state is restored.
    async start() {
      await operational.start();
      await service.start();
    },
    async stop() {
      await service.stop();
      await operational.stop();
    },
  };
}
