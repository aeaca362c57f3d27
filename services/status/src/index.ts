export { buildApp } from "./status-app.js";
export type { StatusApp, StatusDeps, StatusTopics } from "./status-app.js";
export { StatusClient } from "./status-client.js";
export type { StatusClientOptions } from "./status-client.js";
export { statusRecordSchema, latestResponseSchema } from "./status-record.js";
export type {
  StatusRecord,
  TargetStatus,
  LatestResponse,
  ErasureTargets,
} from "./status-record.js";
export { StatusStore } from "./status-store.js";
export { requestHistorySchema, historyStepSchema } from "./request-history.js";
export type { RequestHistory, HistoryStep } from "./request-history.js";
export {
  requestListQuerySchema,
  requestListSchema,
  targetStateSchema,
  MAX_LIST_LIMIT,
  DEFAULT_LIST_LIMIT,
  decodeListCursor,
} from "./request-list.js";
export type {
  RequestList,
  RequestListItem,
  RequestListQuery,
  TargetState,
} from "./request-list.js";
export { factsOf } from "./event-facts.js";
export { decodeFact, encodeFact, factKeyOf } from "./status-fact.js";
export type { StatusFact } from "./status-fact.js";
export { readStatusSettings } from "./status-settings.js";
export type { StatusSettings } from "./status-settings.js";
export { SyntheticHistory } from "./synthetic-history.js";
export type {
  ExpectedTarget,
  HistoryEvents,
  SyntheticHistoryOptions,
} from "./synthetic-history.js";
export { createStatusError } from "./errors.js";
export type { StatusErrorCode } from "./errors.js";
