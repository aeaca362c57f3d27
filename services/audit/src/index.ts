export { buildApp, PIPELINE_TOPICS } from "./app.js";
export type { App, AppDependencies } from "./app.js";
export { AuditService } from "./audit-service.js";
export type { AuditServiceOptions } from "./audit-service.js";
export { AuditAppender } from "./audit-appender.js";
export { LogArchiver } from "./log-archiver.js";
export { AuditApi } from "./audit-api.js";
export type { AuditorAuthenticator } from "./audit-api.js";
