export { integrationTest, randomName } from "./integration-test.js";
export type { TestFixtures, TopicRequest, WorkerFixtures } from "./integration-test.js";
export type { InfraDescription } from "./infra-description.js";
export { awaitCondition } from "./await-condition.js";
export { runInfraScript } from "./local-infra.js";
export { startPrivateS3Server } from "./private-s3-server.js";
export type { PrivateS3Server } from "./private-s3-server.js";
export { startPrivateKafkaServer } from "./private-kafka-server.js";
export type { PrivateKafkaServer } from "./private-kafka-server.js";
