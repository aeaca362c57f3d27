export { loadConfig, parseConfigFile, readConfigFiles, configFiles } from "./load-config.js";
export type { Config, ConfigFileName, ConfigFileTexts } from "./load-config.js";
export { loadEnvConfig, loadServiceConfig, envSchema, parseEnvironment } from "./env-config.js";
export type { EnvConfig, EnvironmentParse } from "./env-config.js";
export { platformRegistrySchema, platformSchema } from "./platform-registry.js";
export type { Platform, PlatformRegistry } from "./platform-registry.js";
export { PlatformDirectory } from "./platform-directory.js";
export {
  organRegistrySchema,
  organSchema,
  organApiKeySchema,
  organKeyFileSchema,
  mergeOrganKeys,
} from "./organ-registry.js";
export type { Organ, OrganApiKey, OrganKeyFile, OrganRegistry } from "./organ-registry.js";
export { topicCatalogSchema } from "./topic-catalog.js";
export type { TopicCatalog } from "./topic-catalog.js";
export { durationSchema } from "./duration.js";
export {
  consumerGroupIdSchema,
  instanceIdSchema,
  kafkaTopicNameSchema,
} from "./kafka-identity-schemas.js";
export { createConfigError } from "./errors.js";
export type { ConfigIssue } from "./config-issue.js";
export { principalCatalogSchema, topicOperationSchema } from "./principal-catalog.js";
export type { Principal, PrincipalCatalog, TopicOperation } from "./principal-catalog.js";
export { BACKGROUND_SERVICE_NICENESS, serviceNiceness } from "./service-niceness.js";
