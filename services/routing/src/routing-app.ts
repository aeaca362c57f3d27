import { PlatformDirectory, type PlatformRegistry } from "@takedown/config";
import { kafkaClientLog, type Kafka, type ProcessorHealth } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import {
  OperationalEndpoints,
  OperationalServer,
  type OperationalSettings,
} from "@takedown/operational-http";
import { CaseRoutingProcessor } from "./case-routing-processor.js";
import { DeadlineTicker } from "./deadline-ticker.js";
import type { DetailsLinker } from "./dossier-links.js";
import type { EvidenceLinker } from "./evidence-links.js";
import { ResponseRekeyer } from "./response-rekeyer.js";
import type { RoutingContext, RoutingTopics } from "./routing-context.js";

export interface RoutingAppDeps {
  kafka: Kafka;
  logger: Logger;
  platforms: PlatformRegistry;
  topics: RoutingTopics;
  linkEvidence: EvidenceLinker;
  linkDetails: DetailsLinker;
  clock: () => Date;
  /** Consumer groups and transactional ids derive from it; tests pass a unique one. */
  groupId: string;
  /** Stable per instance, so a restarted instance fences its predecessor's transactions. */
  instanceId: string;
  tickIntervalMs: number;
  redress?: RoutingContext["redress"];
  /** How often the responses pattern is re-checked for new platforms' topics. */
  metadataMaxAgeMs?: number;
  /** Called once when a processor cannot recover; main.ts logs FATAL and exits 1. */
  onFatal?: (error: Error) => void;
  /** /healthz, /readyz, /metrics on ROUTING_PORT, and the recovery bounds; tests may leave out. */
  operational?: OperationalSettings;
}

export interface RoutingApp {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Writes deadline ticks now instead of at the next interval. */
  tick(): Promise<void>;
  /** Both processors (cases, responses) as they stand. */
  health(): ProcessorHealth[];
  /** Where the operational endpoints listen, once started (with `operational` only). */
  operationalAddress(): string | undefined;
}

export const defaultRedress: RoutingContext["redress"] = {
  text:
    "本通知の内容に異議がある場合、または判断に必要な情報が不足する場合は、応答 needs_info により通知元の機関に照会できます。" +
    " To object to this notice or ask the requesting organ for more information, answer with needs_info.",
};

/** Routing's components, started in dependency order and stopped in reverse. */
export function buildApp(deps: RoutingAppDeps): RoutingApp {
  const source = "/takedown/routing";
  const context: RoutingContext = {
    directory: new PlatformDirectory(deps.platforms),
    topics: deps.topics,
    linkEvidence: deps.linkEvidence,
    linkDetails: deps.linkDetails,
    redress: deps.redress ?? defaultRedress,
    source,
    clock: deps.clock,
  };
  const supervision = {
    ...(deps.onFatal === undefined ? {} : { onFatal: deps.onFatal }),
    ...(deps.operational === undefined ? {} : { recovery: deps.operational.recovery }),
  };
  const processor = new CaseRoutingProcessor({
    kafka: deps.kafka,
    logger: deps.logger,
    context,
    groupId: deps.groupId,
    transactionalId: `${deps.groupId}-cases-${deps.instanceId}`,
    supervision,
  });
  const rekeyer = new ResponseRekeyer({
    kafka: deps.kafka,
    logger: deps.logger,
    topics: deps.topics,
    groupId: `${deps.groupId}-responses`,
    transactionalId: `${deps.groupId}-responses-${deps.instanceId}`,
    source,
    clock: deps.clock,
    supervision,
    ...(deps.metadataMaxAgeMs === undefined ? {} : { metadataMaxAgeMs: deps.metadataMaxAgeMs }),
  });
  const ticker = new DeadlineTicker({
    kafka: deps.kafka,
    logger: deps.logger,
    topic: deps.topics.rekeyedResponses,
    intervalMs: deps.tickIntervalMs,
    clock: deps.clock,
  });
  const health = () => [processor.health(), rekeyer.health()];
  const settings = deps.operational;
  const server =
    settings === undefined
      ? undefined
      : new OperationalServer({
          endpoints: new OperationalEndpoints({
            processors: health,
            kafkaConditions: () => kafkaClientLog(deps.kafka).expectedConditions(),
            readiness: settings.readiness,
          }),
          port: settings.port,
          host: settings.host,
          logger: deps.logger,
        });
  // The endpoints first: /healthz answers and /readyz says 503 while state is restored.
  const components = [...(server === undefined ? [] : [server]), processor, rekeyer, ticker];
  const started: { stop(): Promise<void> }[] = [];
  return {
    async start() {
      for (const component of components) {
        await component.start();
        started.push(component);
      }
    },
    async stop() {
      for (const component of started.reverse()) await component.stop();
      started.length = 0;
    },
    tick: () => ticker.tick(),
    health,
    operationalAddress: () => server?.address,
  };
}
