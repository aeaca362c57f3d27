import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { serviceNiceness } from "@takedown/config";
import { freePort, type InfraDescription } from "@takedown/local-infra";
import { createHarnessError } from "./errors.js";
import { SupervisedService } from "./supervised-service.js";

/** The services in `takedown up`'s start order. */
// status first: intake answers GET and erase from it, and it runs the eraser (issue 13).
export const SERVICE_NAMES = ["status", "intake", "dedup", "routing", "audit"] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What each service logs once it is started (its main.ts). */
const READY_MESSAGES: Record<ServiceName, string> = {
  status: "status started",
  intake: "intake listening",
  dedup: "dedup started",
  routing: "routing started",
  audit: "audit started",
};

export interface PipelineServicesOptions {
  repo: string;
  infra: InfraDescription;
  dataDir: string;
  configDir: string;
  logLevel?: string;
  /** Node flags for every service, e.g. ["--cpu-prof", "--cpu-prof-dir=…"]. */
  nodeArgs?: readonly string[];
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Every service at the default CPU priority, instead of `takedown up`'s (serviceNiceness). */
  equalPriority?: boolean;
}

/**
 * The four services as child processes on the harness's cluster, wired like `takedown up` wires
 * them (SPEC §7 variables), with stable instance ids so a restarted service fences its
 * predecessor's transactions. Ports are free ones; DEDUP_PORT and ROUTING_PORT are set for the
 * services that serve /readyz and /metrics on them.
 */
export class PipelineServices {
  readonly services: Record<ServiceName, SupervisedService>;
  readonly intakeUrl: string;
  readonly auditUrl: string;
  readonly env: NodeJS.ProcessEnv;
  private started: SupervisedService[] = [];

  private constructor(options: PipelineServicesOptions, ports: Record<string, number>) {
    const { infra } = options;
    this.intakeUrl = `http://127.0.0.1:${ports.INTAKE_PORT}`;
    this.auditUrl = `http://127.0.0.1:${ports.AUDIT_PORT}`;
    this.env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KAFKA_BROKERS: infra.kafkaBrokers.join(","),
      KAFKA_SASL_BROKERS: infra.kafkaSaslBrokers.join(","),
      S3_ENDPOINT: infra.s3.endpoint,
      S3_REGION: infra.s3.region,
      S3_ACCESS_KEY_ID: infra.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
      TAKEDOWN_DATA_DIR: options.dataDir,
      TAKEDOWN_CONFIG_DIR: options.configDir,
      LOG_LEVEL: options.logLevel ?? "info",
      DEDUP_INSTANCE_ID: "harness-dedup",
      ROUTING_INSTANCE_ID: "harness-routing",
      STATUS_INSTANCE_ID: "harness-status",
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      ...options.env,
    };
    const services = {} as Record<ServiceName, SupervisedService>;
    for (const name of SERVICE_NAMES) {
      const entry = join(options.repo, "services", name, "dist", "main.js");
      if (!existsSync(entry))
        throw createHarnessError("HARNESS_SERVICE_NOT_BUILT", { detail: entry });
      const login = infra.serviceLogins?.[name];
      if (login === undefined)
        throw createHarnessError("HARNESS_SERVICE_NO_PRINCIPAL", {
          detail: name,
        });
      services[name] = new SupervisedService({
        name,
        entry,
        // Each service logs in as its own least-privilege principal, never as the admin.
        env: { ...this.env, KAFKA_USERNAME: login.username, KAFKA_PASSWORD: login.password },
        cwd: options.repo,
        logFile: join(options.dataDir, "logs", `${name}.log`),
        readyMessage: READY_MESSAGES[name],
        niceness: options.equalPriority === true ? 0 : serviceNiceness(name),
        ...(options.nodeArgs === undefined ? {} : { nodeArgs: options.nodeArgs }),
      });
    }
    this.services = services;
  }

  static async create(options: PipelineServicesOptions): Promise<PipelineServices> {
    await mkdir(join(options.dataDir, "logs"), { recursive: true });
    const ports: Record<string, number> = {};
    for (const name of ["INTAKE_PORT", "AUDIT_PORT", "DEDUP_PORT", "ROUTING_PORT", "STATUS_PORT"])
      ports[name] = await freePort();
    return new PipelineServices(options, ports);
  }

  /** Starts every service in order, each once it reports itself started. */
  async start(): Promise<void> {
    for (const name of SERVICE_NAMES) {
      const service = this.services[name];
      this.started.push(service);
      await service.start();
    }
  }

  /** Stops them in reverse order. */
  async stop(): Promise<void> {
    for (const service of this.started.reverse()) await service.stop();
    this.started = [];
  }

  async cpuSeconds(): Promise<Record<ServiceName, number>> {
    const result = {} as Record<ServiceName, number>;
    for (const name of SERVICE_NAMES) result[name] = await this.services[name].cpuSeconds();
    return result;
  }
}
