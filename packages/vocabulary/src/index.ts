export {
  topics,
  serviceTopics,
  platformTopicTemplates,
  PLATFORM_ID_PLACEHOLDER,
  topicNameTemplatePattern,
  responsesTopicPattern,
  auditedTopicPattern,
  fixedTopicNames,
  noticesTopic,
  responsesTopic,
  expandPlatformTopic,
  parseTopic,
  isNoticesTopic,
  isResponsesTopic,
} from "./topic-names.js";
export type {
  TopicName,
  TopicFamily,
  TopicFamilyOf,
  NoticesTopic,
  ResponsesTopic,
  ParsedTopic,
} from "./topic-names.js";
export {
  platformIdPattern,
  platformIdSource,
  PLATFORM_ID_MAX_LENGTH,
  organIdPattern,
  ORGAN_ID_MAX_LENGTH,
  isPlatformId,
} from "./identifier-patterns.js";
export {
  classifications,
  categories,
  legalBases,
  requestedActions,
  caseStates,
  responseActions,
} from "./domain-terms.js";
export { createVocabularyError } from "./errors.js";
