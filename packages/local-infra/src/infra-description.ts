/** Where a broker and S3 server are, whoever started them (tests, benches). */
export interface InfraDescription {
  mode: "env" | "docker" | "local";
  /** The services' listener (SASL/SCRAM on loopback): log in as `kafkaAdmin` or a service. */
  kafkaBrokers: string[];
  /** SASL_SSL/SCRAM-SHA-512 listener that platforms use. */
  kafkaSaslBrokers: string[];
  /** PEM of the CA that signed the platforms' listener's certificate (infra's tls/ca.pem). */
  kafkaSaslCa?: string;
  /** The cluster's admin (its only super user): test fixtures and operator verbs. */
  kafkaAdmin: { username: string; password: string };
  /** Each service's own principal (config/principals.yaml), once provisioned. */
  serviceLogins?: Record<string, { username: string; password: string }>;
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Present when the servers were started from infra/ by this process, so it may stop/start them. */
  local?: { repo: string; dataDir: string; env: Record<string, string> };
}
