import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { InfraDescription } from "./infra-description.js";
import { freePort, runInfraScript } from "./infra-script.js";
import { parseEnvFile } from "./local-infra.js";

export interface LocalClusterOptions {
  repo: string;
  /** `.data/<purpose>/<pid>-<time>` holds the servers' files. */
  purpose: string;
  /** 1, or 3 for a replicated cluster that survives one node's death. */
  kafkaNodes?: 1 | 3;
  /** Java heap of each broker (KAFKA_HEAP). */
  kafkaHeap?: string;
}

/**
 * Kafka (one node or a three-node cluster) and the S3 server from infra/ on free ports of their
 * own, for runs that crash and restart them (chaos runs, benches): each node can be killed and
 * started again, the S3 server stopped for a while. `destroy` stops everything and deletes it.
 */
export class LocalCluster {
  private constructor(
    readonly infra: InfraDescription & { local: NonNullable<InfraDescription["local"]> },
    readonly kafkaNodes: number,
  ) {}

  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    // The ports are picked free a moment before the JVMs bind them; in between, an outgoing
    // connection of another process may take one from the same ephemeral range (seen in CI:
    // BindException while other tests ran clusters). A new set of ports is the cure.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await LocalCluster.startOnce(options);
      } catch (error) {
        if (attempt === 3 || !/exited during start|already in use/i.test(String(error)))
          throw error;
      }
    }
  }

  private static async startOnce(options: LocalClusterOptions): Promise<LocalCluster> {
    const nodes = options.kafkaNodes ?? 1;
    const dataDir = join(options.repo, ".data", options.purpose, `${process.pid}-${Date.now()}`);
    await mkdir(dataDir, { recursive: true });
    const ports = async (): Promise<number[]> => {
      const list: number[] = [];
      for (let n = 0; n < nodes; n += 1) list.push(await freePort());
      return list;
    };
    const plain = await ports();
    const sasl = await ports();
    const controller = await ports();
    const s3Port = await freePort();
    const env: Record<string, string> = {
      TAKEDOWN_DATA_DIR: dataDir,
      KAFKA_NODES: String(nodes),
      KAFKA_PORT: plain.join(","),
      KAFKA_SASL_PORT: sasl.join(","),
      KAFKA_CONTROLLER_PORT: controller.join(","),
      S3_PORT: String(s3Port),
      ...(options.kafkaHeap === undefined ? {} : { KAFKA_HEAP: options.kafkaHeap }),
    };
    const local = { repo: options.repo, dataDir, env };
    const cluster = new LocalCluster(
      {
        mode: "local",
        kafkaBrokers: plain.map((p) => `127.0.0.1:${p}`),
        kafkaSaslBrokers: sasl.map((p) => `127.0.0.1:${p}`),
        kafkaAdmin: { username: "", password: "" },
        s3: {
          endpoint: `http://127.0.0.1:${s3Port}`,
          region: "us-east-1",
          accessKeyId: "",
          secretAccessKey: "",
        },
        local,
      },
      nodes,
    );
    try {
      // The secrets file is made by the first script; make it before both run at once.
      await runInfraScript(local, "kafka", ["env"]);
      await runInfraScript(local, "s3", ["env"]);
      await Promise.all([
        runInfraScript(local, "kafka", ["start"]),
        runInfraScript(local, "s3", ["start"]),
      ]);
      const secrets = parseEnvFile(await readFile(join(dataDir, "secrets.env"), "utf8"));
      cluster.infra.kafkaAdmin = {
        username: secrets.KAFKA_ADMIN_USER ?? "",
        password: secrets.KAFKA_ADMIN_PASSWORD ?? "",
      };
      cluster.infra.kafkaSaslCa = await readFile(join(dataDir, "tls", "ca.pem"), "utf8");
      cluster.infra.s3.accessKeyId = secrets.S3_ACCESS_KEY_ID ?? "";
      cluster.infra.s3.secretAccessKey = secrets.S3_SECRET_ACCESS_KEY ?? "";
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** The environment infra/ scripts and `takedown` verbs need to find these servers. */
  get scriptEnv(): Record<string, string> {
    return this.infra.local.env;
  }

  /** SIGKILLs one Kafka node (1-based), as a crash would. */
  async killBroker(node: number): Promise<void> {
    await runInfraScript(this.infra.local, "kafka", ["kill", String(node)]);
  }

  /** Starts every Kafka node that is not running and waits until it serves. */
  async startBrokers(): Promise<void> {
    await runInfraScript(this.infra.local, "kafka", ["start"]);
  }

  /** The broker JVMs' process ids, for CPU accounting. */
  async brokerPids(): Promise<number[]> {
    const out = await runInfraScript(this.infra.local, "kafka", ["status"]).catch(
      (error: { stdout?: string }) => error.stdout ?? "",
    );
    return [...out.matchAll(/running (\d+)/g)].map((m) => Number(m[1]));
  }

  /** The S3 server JVM's process id, for CPU accounting; undefined while it is stopped. */
  async s3Pid(): Promise<number | undefined> {
    const out = await runInfraScript(this.infra.local, "s3", ["status"]).catch(
      (error: { stdout?: string }) => error.stdout ?? "",
    );
    const pid = /running (\d+)/.exec(out)?.[1];
    return pid === undefined ? undefined : Number(pid);
  }

  async stopS3(): Promise<void> {
    await runInfraScript(this.infra.local, "s3", ["stop"]);
  }

  async startS3(): Promise<void> {
    await runInfraScript(this.infra.local, "s3", ["start"]);
  }

  /** Stops both servers and keeps their files (for a post-mortem). */
  async stopAll(): Promise<void> {
    await Promise.allSettled([
      runInfraScript(this.infra.local, "s3", ["stop"]),
      runInfraScript(this.infra.local, "kafka", ["stop"]),
    ]);
  }

  async destroy(): Promise<void> {
    await this.stopAll();
    await rm(this.infra.local.dataDir, { recursive: true, force: true });
  }
}
