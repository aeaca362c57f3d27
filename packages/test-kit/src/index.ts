export { integrationTest, randomName } from "./integration-test.js";
export type { Admin, TestFixtures, TopicRequest, WorkerFixtures } from "./integration-test.js";
export type { InfraDescription } from "./infra-description.js";
export { awaitCondition } from "./await-condition.js";
export {
  LocalCluster,
  runInfraScript,
  startPrivateKafkaServer,
  startPrivateS3Server,
} from "@takedown/local-infra";
export type {
  PrivateKafkaServer,
  PrivateKafkaServerOptions,
  PrivateS3Server,
} from "@takedown/local-infra";
export {
  BuiltServiceProcess,
  assertServiceBuilt,
  builtServiceEntry,
} from "./built-service-process.js";
export type { ServiceExit } from "./built-service-process.js";
export { adminKafkaEnv, adminSasl, platformListenerCa, serviceKafkaEnv } from "./service-logins.js";
export { createTestCertificates, requestOnce } from "./https-test-client.js";
export type { HttpAnswer, TestCertificates } from "./https-test-client.js";
export { scenarioRecords } from "./transparency-scenario.js";
export type { ScenarioRecord, ScenarioTopic } from "./transparency-scenario.js";
