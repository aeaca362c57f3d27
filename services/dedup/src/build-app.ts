import type { Kafka } from "@takedown/kafka";
import type { Logger } from "pino";
import type { DedupSettings } from "./dedup-settings.js";
import { DedupService } from "./dedup-service.js";

export interface DedupDeps {
  kafka: Kafka;
  logger: Logger;
  settings: Pick<DedupSettings, "instanceId" | "groupId" | "topics">;
}

/** The whole service from its dependencies; main.ts only builds those. */
export function buildApp(deps: DedupDeps): DedupService {
  return new DedupService({
    kafka: deps.kafka,
    logger: deps.logger,
    instanceId: deps.settings.instanceId,
    groupId: deps.settings.groupId,
    topics: deps.settings.topics,
  });
}
