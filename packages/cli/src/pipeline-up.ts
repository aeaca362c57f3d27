import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadConfig, readConfigFiles, serviceNiceness } from "@takedown/config";
import { applyTopics, bareClientOf } from "@takedown/kafka/bare-client";
import {
  createKafka,
  loadOperatorKafkaConfig,
  planTopics,
  ServiceCredentialStore,
} from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { applyAccess } from "./access-apply.js";
import { createS3Client, ensureBucket } from "@takedown/s3";
import { loadAuditSettings } from "@takedown/audit-tools";
import { ensurePortalAuditorKey, ensurePortalIntakeKeys } from "@takedown/local-keys";
import { runScript, type Component } from "./child-process-component.js";
import { localEnvironment, type Environment } from "./local-environment.js";
import { prepareLocalHttps } from "./local-https.js";
import { SupervisedService } from "./supervised-service.js";

/** Services in start order; each exists once its issue lands (services/<name>/dist/main.js). */
export const pipelineServices = [
  "status",
  "intake",
  "dedup",
  "routing",
  "audit",
  "portal",
] as const;

class InfraServer implements Component {
  private attempted = false;

  constructor(
    readonly name: "kafka" | "s3",
    private readonly options: {
      repo: string;
      env: Environment;
      print: (line: string) => void;
      signal?: AbortSignal;
    },
  ) {}

  private async script(verb: string, signal?: AbortSignal): Promise<void> {
    await runScript({
      command: "bash",
      args: [join(this.options.repo, "infra", this.name, `${this.name}.sh`), verb],
      env: { ...process.env, ...this.options.env },
      print: this.options.print,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  async start(): Promise<void> {
    this.attempted = true;
    await this.script("start", this.options.signal);
  }

  /** Also after a start that was interrupted: the script stops only the server of its pid file. */
  async stop(): Promise<void> {
    if (this.attempted) await this.script("stop");
    this.attempted = false;
  }
}

export interface PipelineUpOptions {
  repo: string;
  env: Environment;
  logger: Logger;
  print: (line: string) => void;
  /** Aborted by Ctrl-C during the start: what started is stopped and the abort reason thrown. */
  signal?: AbortSignal;
  /** Kafka nodes: 1, or 3 for replication factor 3 with min.insync.replicas 2 (`--brokers 3`). */
  brokers?: 1 | 3;
  /** `--https`: intake, audit and portal serve TLS with a certificate from the local CA. */
  https?: boolean;
}

/**
 * `takedown up`: Kafka, S3, buckets, topics, then every service; `stop()` ends them in reverse
 * order. Returns once everything is up.
 */
export async function startPipeline(
  options: PipelineUpOptions,
): Promise<{ stop: () => Promise<void> }> {
  const { repo, print, signal } = options;
  const brokers = options.brokers ?? 1;
  // kafka.sh and localEnvironment both read KAFKA_NODES: the cluster's size and its addresses.
  const given: Environment = { ...options.env, KAFKA_NODES: String(brokers) };
  const running: Component[] = [];
  const stop = async (): Promise<void> => {
    for (const component of running.reverse()) {
      try {
        await component.stop();
      } catch (error) {
        options.logger.error({ err: error, component: component.name }, "stop failed");
      }
    }
    running.length = 0;
  };
  try {
    const bootEnv = await localEnvironment({ repo, env: given });
    for (const name of ["kafka", "s3"] as const) {
      const server = new InfraServer(name, {
        repo,
        env: bootEnv,
        print,
        ...(signal === undefined ? {} : { signal }),
      });
      running.push(server);
      await server.start();
    }
    signal?.throwIfAborted();
    // Secrets exist now that both servers have started at least once.
    const env = await localEnvironment({ repo, env: given });
    const config = loadConfig({
      env,
      files: await readConfigFiles(env.TAKEDOWN_CONFIG_DIR ?? join(repo, "config")),
    });
    const s3 = createS3Client({
      endpoint: config.env.S3_ENDPOINT,
      region: config.env.S3_REGION,
      accessKeyId: config.env.S3_ACCESS_KEY_ID,
      secretAccessKey: config.env.S3_SECRET_ACCESS_KEY,
    });
    // The evidence bucket holds personal data, which must stay erasable (issue 13): no Object
    // Lock there; the audit bucket holds none and keeps it where the server has it.
    for (const [bucket, objectLock] of [
      [config.env.S3_BUCKET_EVIDENCE, false],
      [config.env.S3_BUCKET_AUDIT, true],
    ] as const) {
      const state = await ensureBucket(s3, bucket, { objectLock });
      print(
        `[up]       bucket ${bucket}${state.created ? " created" : ""}${state.objectLock ? " (Object Lock)" : " (no Object Lock)"}`,
      );
    }
    s3.destroy();
    const operator = loadOperatorKafkaConfig(env, "takedown-up");
    const admin = bareClientOf(createKafka({ ...operator, logger: options.logger })).admin();
    signal?.throwIfAborted();
    await admin.connect();
    const applied = await applyTopics(
      admin,
      planTopics(config.topics, config.platforms, brokers === 1 ? {} : { replicationFactor: 3 }),
    );
    await admin.disconnect();
    print(
      `[up]       topics: ${applied.changes.length} change(s), ${applied.unchanged.length} already as declared`,
    );
    const dataDir = env.TAKEDOWN_DATA_DIR ?? join(repo, ".data");
    await applyAccess({
      config,
      admin: operator.sasl,
      dataDir,
      logger: options.logger,
      print: (line) => print(`[up]       ${line}`),
    });
    const credentials = await new ServiceCredentialStore(dataDir).read();
    // Services get their own principal, never the cluster's admin (which secrets.env also holds).
    const https = options.https === true ? await prepareLocalHttps({ dataDir, env }) : undefined;
    if (https !== undefined)
      print(
        `[up]       HTTPS     ${https.server.certFile} ${https.issued ? "issued" : "reused"} (local CA ${https.ca.certFile}; clients: NODE_EXTRA_CA_CERTS=${https.ca.certFile})`,
      );
    const serviceEnv = Object.fromEntries(
      Object.entries({ ...process.env, ...env, ...https?.env }).filter(
        ([name]) => name !== "KAFKA_ADMIN_USER" && name !== "KAFKA_ADMIN_PASSWORD",
      ),
    );
    const scheme = https === undefined ? "http" : "https";

    // The portal calls intake as each organ; intake must know those keys' hashes when it starts.
    const portalKeys = await ensurePortalIntakeKeys({
      registry: config.organs,
      dataDir: env.TAKEDOWN_DATA_DIR ?? join(repo, ".data"),
      ...(env.PORTAL_INTAKE_KEYS_FILE === undefined ? {} : { path: env.PORTAL_INTAKE_KEYS_FILE }),
    });
    if (portalKeys.created.length > 0)
      print(
        `[up]       portal intake keys for ${portalKeys.created.join(", ")} (${portalKeys.path})`,
      );
    // The portal reads the audit log for its auditor accounts with a key of its own.
    const portalAuditorKey = await ensurePortalAuditorKey({
      dataDir: env.TAKEDOWN_DATA_DIR ?? join(repo, ".data"),
      ...(env.PORTAL_AUDIT_KEY_FILE === undefined ? {} : { path: env.PORTAL_AUDIT_KEY_FILE }),
    });
    if (portalAuditorKey.created) print(`[up]       portal auditor key (${portalAuditorKey.path})`);
    signal?.throwIfAborted();

    const started: string[] = [];
    for (const name of pipelineServices) {
      const entry = join(repo, "services", name, "dist", "main.js");
      if (!existsSync(entry)) continue;
      const login = credentials[name];
      const service = new SupervisedService(name, {
        entry,
        env: {
          ...serviceEnv,
          ...(login === undefined
            ? {}
            : { KAFKA_USERNAME: login.username, KAFKA_PASSWORD: login.password }),
        },
        niceness: serviceNiceness(name),
        print,
      });
      running.push(service);
      await service.start();
      started.push(name);
    }
    print(
      `[up]       Kafka     ${config.env.KAFKA_BROKERS.join(",")} (SASL/SCRAM on loopback, service principals)  ${config.env.KAFKA_SASL_BROKERS.join(",")} (SASL_SSL/SCRAM, platforms; CA ${config.env.KAFKA_SASL_CA_FILE ?? join(dataDir, "tls", "ca.pem")})`,
    );
    print(
      `[up]       S3        ${config.env.S3_ENDPOINT} (buckets ${config.env.S3_BUCKET_EVIDENCE}, ${config.env.S3_BUCKET_AUDIT})`,
    );
    if (started.includes("intake"))
      print(
        `[up]       intake    ${scheme}://127.0.0.1:${config.env.INTAKE_PORT} (organ keys: takedown organ add --organ <id>)`,
      );
    if (started.includes("audit"))
      print(
        `[up]       audit API ${scheme}://127.0.0.1:${loadAuditSettings(env).AUDIT_PORT} (auditor keys: takedown auditor add)`,
      );
    if (started.includes("portal"))
      print(
        `[up]       portal    ${scheme}://127.0.0.1:${env.PORTAL_PORT ?? "8070"} (staff accounts: takedown staff add --organ <id>)`,
      );
    print(`[up]       services  ${started.length > 0 ? started.join(", ") : "(none built yet)"}`);
    print("[up]       pipeline is up; Ctrl-C stops everything");
    return { stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
