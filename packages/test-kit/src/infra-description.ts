/** Where the integration tests' broker and S3 server are, whoever started them. */
export interface InfraDescription {
  mode: "env" | "docker" | "local";
  kafkaBrokers: string[];
  /** SASL_PLAINTEXT/SCRAM-SHA-512 listener that platforms use. */
  kafkaSaslBrokers: string[];
  kafkaAdmin: { username: string; password: string };
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Present when the run started the servers itself from infra/, so tests may stop/start them. */
  local?: { repo: string; dataDir: string; env: Record<string, string> };
}

declare module "vitest" {
  export interface ProvidedContext {
    takedownInfra: InfraDescription;
  }
}
