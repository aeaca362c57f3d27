import { readFile } from "node:fs/promises";
import { join } from "node:path";

export type Environment = Record<string, string | undefined>;

/** Parses the KEY=value lines of .data/secrets.env, written by infra/ on first start. */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  }
  return values;
}

/**
 * The environment the local pipeline runs with: what the caller set wins; otherwise addresses
 * follow the infra ports and credentials come from the git-ignored secrets file.
 */
export async function localEnvironment(options: {
  repo: string;
  env: Environment;
}): Promise<Environment> {
  const { env, repo } = options;
  const dataDir = env.TAKEDOWN_DATA_DIR ?? join(repo, ".data");
  let secrets: Record<string, string> = {};
  try {
    secrets = parseEnvFile(await readFile(join(dataDir, "secrets.env"), "utf8"));
  } catch {
    // No local infra started yet: only explicitly set variables apply.
  }
  const nodes = Number(env.KAFKA_NODES ?? "1");
  const s3Port = env.S3_PORT ?? "9000";
  return {
    ...secrets,
    TAKEDOWN_DATA_DIR: dataDir,
    TAKEDOWN_CONFIG_DIR: join(repo, "config"),
    KAFKA_BROKERS: nodeAddresses(env.KAFKA_PORT ?? "9092", nodes),
    KAFKA_SASL_BROKERS: nodeAddresses(env.KAFKA_SASL_PORT ?? "9094", nodes),
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")),
  };
}

/**
 * Each node's address as infra/kafka/kafka.sh places it: a port list names one port per node,
 * a single port is the first node's and node n listens 100·(n-1) above it.
 */
export function nodeAddresses(ports: string, nodes: number): string {
  const list = ports.split(",").map((p) => p.trim());
  const first = Number(list[0]);
  return Array.from(
    { length: nodes },
    (_, n) => `127.0.0.1:${list.length > 1 ? list[n] : String(first + 100 * n)}`,
  ).join(",");
}
