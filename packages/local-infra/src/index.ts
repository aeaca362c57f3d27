// Starting the local Kafka broker and S3 server from infra/ on free ports, for the test-kit and
// the benches alike (the test-kit's own entry point needs vitest, the benches must not).
export { freePort, runInfraScript } from "./infra-script.js";
export { startLocalInfra } from "./local-infra.js";
export type { InfraDescription } from "./infra-description.js";
export { startPrivateKafkaServer } from "./private-kafka-server.js";
export type { PrivateKafkaServer, PrivateKafkaServerOptions } from "./private-kafka-server.js";
export { startPrivateS3Server } from "./private-s3-server.js";
export type { PrivateS3Server } from "./private-s3-server.js";
export { LocalCluster } from "./local-cluster.js";
export type { LocalClusterOptions } from "./local-cluster.js";
export {
  certificateStillGood,
  createLocalCa,
  issueServerCertificate,
} from "./local-certificates.js";
export type { CertificateFiles } from "./local-certificates.js";
