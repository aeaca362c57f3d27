// Only what is imported from outside the service: buildApp and its dependencies' type, intake's
// client of the status API and its schemas, and what bench/status-history uses.
export { buildApp } from "./status-app.js";
export type { StatusApp, StatusDeps } from "./status-app.js";
export { StatusClient } from "./status-client.js";
export type {
  StatusRecord,
  TargetStatus,
  LatestResponse,
  ErasureTargets,
} from "./status-record.js";
export { requestHistorySchema } from "./request-history.js";
export type { RequestHistory } from "./request-history.js";
export { requestListQuerySchema, requestListSchema, decodeListCursor } from "./request-list.js";
export type { RequestList, RequestListQuery } from "./request-list.js";
export { SyntheticHistory } from "./synthetic-history.js";
export type { ExpectedTarget, HistoryEvents } from "./synthetic-history.js";
export { createStatusError } from "./errors.js";
