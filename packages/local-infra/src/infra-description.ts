/** Where a broker and S3 server are, whoever started them (tests, benches). */
export interface InfraDescription {
  mode: "env" | "docker" | "local";
  kafkaBrokers: string[];
  /** SASL_PLAINTEXT/SCRAM-SHA-512 listener that platforms use. */
  kafkaSaslBrokers: string[];
  kafkaAdmin: { username: string; password: string };
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Present when the servers were started from infra/ by this process, so it may stop/start them. */
  local?: { repo: string; dataDir: string; env: Record<string, string> };
}
