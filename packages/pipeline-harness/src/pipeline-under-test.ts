import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createKafka } from "@takedown/kafka";
import { bareClientOf, type BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { LocalCluster } from "@takedown/local-infra";
import { createLogger, type Logger } from "@takedown/logger";
import { applyHarnessTopics, writeHarnessConfig } from "./harness-config.js";
import { evidenceBytes, uploadEvidence } from "./intake-client.js";
import { PipelineServices } from "./pipeline-services.js";

export interface PipelineUnderTestOptions {
  repo: string;
  /** `.data/<purpose>/…` holds the run's servers, config, keys and service logs. */
  purpose: string;
  brokers: 1 | 3;
  logLevel?: string;
  /** Node flags for every service (profiling). */
  nodeArgs?: readonly string[];
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Every service at the default CPU priority (see PipelineServicesOptions). */
  equalPriority?: boolean;
  print: (line: string) => void;
}

/**
 * The whole pipeline on a cluster of its own, set up the way `takedown up` does it: Kafka and
 * S3 on free ports, every topic (replicated on three nodes), organ keys, the four services as
 * supervised child processes, one evidence file uploaded. `stop` tears everything down.
 */
export class PipelineUnderTest {
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    process.stderr.write(
      `[harness] ${signal}: stopping the pipeline (data kept in ${this.dataDir})\n`,
    );
    void this.stop({ keep: true }).finally(() => process.exit(130));
  };

  private constructor(
    readonly cluster: LocalCluster,
    readonly services: PipelineServices,
    readonly kafka: Kafka,
    readonly logger: Logger,
    readonly apiKeys: Record<string, string>,
    readonly evidenceId: string,
    /** An auditor API key for the audit API (its hash is in the run's auditor-keys.yaml). */
    readonly auditorKey: string,
  ) {}

  get dataDir(): string {
    return this.cluster.infra.local.dataDir;
  }

  static async start(options: PipelineUnderTestOptions): Promise<PipelineUnderTest> {
    const { print } = options;
    const began = Date.now();
    const cluster = await LocalCluster.start({
      repo: options.repo,
      purpose: options.purpose,
      kafkaNodes: options.brokers,
    });
    let services: PipelineServices | undefined;
    try {
      const dataDir = cluster.infra.local.dataDir;
      print(
        `[harness] ${options.brokers} broker(s) ${cluster.infra.kafkaBrokers.join(",")}, S3 ${cluster.infra.s3.endpoint}, data ${dataDir} (${secondsSince(began)} s)`,
      );
      await mkdir(join(dataDir, "logs"), { recursive: true });
      const logger = createLogger({
        service: "harness",
        level: "warn",
        destination: createWriteStream(join(dataDir, "logs", "harness.log"), { flags: "a" }),
      });
      const config = await writeHarnessConfig({ repo: options.repo, dataDir });
      const applied = await applyHarnessTopics({
        brokers: cluster.infra.kafkaBrokers,
        admin: cluster.infra.kafkaAdmin,
        dataDir,
        configDir: config.configDir,
        replicationFactor: options.brokers === 3 ? 3 : 1,
        logger,
      });
      cluster.infra.serviceLogins = applied.serviceLogins;
      services = await PipelineServices.create({
        repo: options.repo,
        infra: cluster.infra,
        dataDir,
        configDir: config.configDir,
        ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
        ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.equalPriority === true ? { equalPriority: true } : {}),
      });
      await services.start();
      print(`[harness] services up: intake ${services.intakeUrl} (${secondsSince(began)} s)`);
      const [firstOrgan] = Object.keys(config.apiKeys);
      const evidenceId = await uploadEvidence({
        intakeUrl: services.intakeUrl,
        apiKey: config.apiKeys[firstOrgan ?? ""] ?? "",
        bytes: evidenceBytes(dataDir),
      });
      const kafka = bareClientOf(
        createKafka({
          brokers: cluster.infra.kafkaBrokers,
          sasl: { mechanism: "scram-sha-512", ...cluster.infra.kafkaAdmin },
          clientId: "harness",
          logger,
          retries: 10,
        }),
      );
      const pipeline = new PipelineUnderTest(
        cluster,
        services,
        kafka,
        logger,
        config.apiKeys,
        evidenceId,
        config.auditorKey,
      );
      // Ctrl-C must not leave brokers and services running without their harness.
      process.once("SIGINT", pipeline.onSignal);
      process.once("SIGTERM", pipeline.onSignal);
      return pipeline;
    } catch (error) {
      await services?.stop().catch(() => undefined);
      await cluster.destroy();
      throw error;
    }
  }

  /** The environment `takedown` verbs need to reach this run's servers (audit verify). */
  get cliEnv(): NodeJS.ProcessEnv {
    return { ...this.services.env, ...this.cluster.scriptEnv };
  }

  /** Stops the services, then the servers; `keep` leaves the data folder for a post-mortem. */
  async stop(options: { keep?: boolean } = {}): Promise<void> {
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
    await this.services.stop();
    if (options.keep === true) {
      await this.cluster.stopAll();
      return;
    }
    await this.cluster.destroy();
  }
}

function secondsSince(start: number): string {
  return ((Date.now() - start) / 1000).toFixed(1);
}
