// Events and their catalog
export {
  latestEventDefinitions,
  legacyEventDefinitions,
  eventTypes,
  eventDefinitionOf,
  isEventType,
} from "./catalog/event-catalog.js";
export type { EventType, EventDataOf, EventDefinitionOf } from "./catalog/event-catalog.js";
export { defineEvent } from "./catalog/event-definition.js";
export type { EventDefinition, EventKeying } from "./catalog/event-definition.js";
export type { TakedownEvent, TakedownEventOf, AnyTakedownEvent } from "./catalog/takedown-event.js";
export {
  topics,
  serviceTopics,
  platformTopicTemplates,
  noticesTopic,
  responsesTopic,
  expandPlatformTopic,
  parseTopic,
  isNoticesTopic,
  isResponsesTopic,
  responsesTopicPattern,
  auditedTopicPattern,
  eventTypesOnTopic,
  eventTypesByTopicFamily,
} from "./catalog/topics.js";
export type {
  TopicName,
  TopicFamily,
  TopicFamilyOf,
  EventTypesOn,
  NoticesTopic,
  ResponsesTopic,
  ParsedTopic,
} from "./catalog/topics.js";
export { topicSpecs } from "./catalog/topic-specs.js";
export type { TopicSpec, PipelineService } from "./catalog/topic-specs.js";
export { dispatchEvent } from "./catalog/topic-handlers.js";
export type { HandlersFor } from "./catalog/topic-handlers.js";
export { createEventRegistry, defaultEventRegistry } from "./catalog/event-registry.js";
export type { EventRegistry, TypeResolution } from "./catalog/event-registry.js";
export { defineUpcaster } from "./catalog/upcaster.js";
export type { Upcaster } from "./catalog/upcaster.js";

// Envelope
export { createEvent } from "./envelope/create-event.js";
export type { CreateEventOptions } from "./envelope/create-event.js";
export { encodeEvent, encodeEventHeaders } from "./envelope/encode-event.js";
export type { EncodedRecord } from "./envelope/encode-event.js";
export { decodeEvent, createEventDecoder } from "./envelope/decode-event.js";
export type {
  DecodeResult,
  DecodeOptions,
  EventDecoder,
  IncomingMessage,
} from "./envelope/decode-event.js";
export { isClosedCaseState } from "./domain/case-closure.js";
export { rejectionReasons } from "./envelope/rejection.js";
export type { Rejection, RejectionReason, RejectionIssue } from "./envelope/rejection.js";
export { rejectedRecordData } from "./envelope/rejected-record-data.js";
export type { RecordPosition } from "./envelope/rejected-record-data.js";
export { HEADER as cloudEventHeaders, dataSchemaUriOf } from "./envelope/cloudevent-headers.js";
export type { IncomingHeaders } from "./envelope/cloudevent-headers.js";
export { newTraceparent } from "./envelope/traceparent.js";
export { RandomPool, randomPool } from "./envelope/random-pool.js";

// Domain vocabulary
export * from "./domain/vocabulary.js";
export * from "./domain/identifiers.js";
export { responseReasonCodeSchema, dsaDecisionGroundOf } from "./domain/response-reason.js";
export type { ResponseReasonCode, DsaDecisionGround } from "./domain/response-reason.js";
export {
  personalDataSchema,
  contactSchema,
  victimSchema,
  PERSONAL_DATA_KEY,
} from "./domain/personal-data.js";
export type { PersonalData, Contact, Victim } from "./domain/personal-data.js";
export { redactPersonalData, withoutPersonal } from "./domain/redact-personal-data.js";
/** The current (v2) member shape: no personal data, a dossier reference instead. */
export { targetSubmissionV2Schema as targetSubmissionSchema } from "./events/target-submission.v2.js";
export type { TargetSubmissionV2 as TargetSubmission } from "./events/target-submission.v2.js";
/** The v1 shape with personal data inline: only for reading and migrating old records. */
export { targetSubmissionSchema as targetSubmissionV1Schema } from "./events/target-submission.js";
export type { TargetSubmission as TargetSubmissionV1 } from "./events/target-submission.js";
export { submissionWithoutPersonalData } from "./events/v1-personal-data-upcasters.js";
export {
  actorIdSchema,
  dossierIdSchema,
  dossierCommitmentSchema,
  dossierRefSchema,
  dossierSchema,
  dossierTargetPartSchema,
  dossierIdOf,
  dossierCommitment,
  dossierTargetPart,
} from "./domain/dossier.js";
export type { Dossier, DossierRef, DossierTargetPart } from "./domain/dossier.js";
export { noticeDetailsLinkSchema, noticeRequestSchema } from "./events/notice-content.v2.js";
export type { NoticeDetailsLink, NoticeRequest } from "./events/notice-content.v2.js";
export { stateChangeTriggerSchema } from "./events/case-state-changed.v1.js";
export type { StateChangeTrigger } from "./events/case-state-changed.v1.js";
export { noticeRevisionReasonSchema } from "./events/notice-revised.v1.js";
export type { NoticeRevisionReason } from "./events/notice-revised.v1.js";
export { noticeAnswerSchema } from "./events/notice-content.js";
export type { NoticeEvidence, NoticeAnswer } from "./events/notice-content.js";

// Compatibility gate (used by this package's tests and by reviewers of schema changes)
export { checkBackwardCompatibility } from "./compatibility/check-backward-compatibility.js";
export { runCompatibilityGate } from "./compatibility/compatibility-gate.js";
export type { ReleasedSnapshot, GateFinding } from "./compatibility/compatibility-gate.js";
export type { CompatibilityIssue } from "./compatibility/check-backward-compatibility.js";
export { publishedJsonSchemaOf } from "./artifacts/published-json-schema.js";

export { createContractError } from "./errors.js";

// HTTP edge
export { requestSubmissionBodySchema } from "./http/request-submission-body.js";
export type { RequestSubmissionBody } from "./http/request-submission-body.js";
