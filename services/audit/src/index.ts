export { buildApp, PIPELINE_TOPICS } from "./app.js";
export type { App, AppDependencies } from "./app.js";
export { AuditService } from "./audit-service.js";
export type { AuditServiceOptions } from "./audit-service.js";
export { AuditAppender } from "./audit-appender.js";
export { LogArchiver } from "./log-archiver.js";
export { AuditApi } from "./audit-api.js";
export type { AuditorAuthenticator } from "./audit-api.js";
export {
  AUDITOR_KEY_FILE,
  createLocalAuditorKey,
  loadAuditorAuthenticator,
} from "./auditor-keys.js";
export type { Auditor } from "./auditor-keys.js";
export { ArchivedLogReader } from "./archived-log-reader.js";
export { S3Archive, checkpointHistoryPath, CHECKPOINT_PATH } from "./s3-archive.js";
export type { NamedCheckpoint } from "./s3-archive.js";
export { buildAuditEntry, parseAuditEntry } from "./audit-entry.js";
export type { AuditEntry } from "./audit-entry.js";
export { verifyArchivedLog } from "./verify-archived-log.js";
export type { ArchivedLogVerification, VerifyArchivedLogOptions } from "./verify-archived-log.js";
export { replayEntries, archivedEntries, matchesReplayFilter } from "./replay-entries.js";
export type { ReplayFilter } from "./replay-entries.js";
export { buildTransparencyReport, durationStats } from "./transparency-report.js";
export type { TransparencyReport, ReportRow } from "./transparency-report.js";
export { reportToCsv, reportToHtml } from "./report-formats.js";
export { runAuditCli } from "./audit-cli.js";
export type { AuditCliIo } from "./audit-cli.js";
export { loadAuditSettings, auditSettingsSchema } from "./audit-settings.js";
export type { AuditSettings } from "./audit-settings.js";
export { createAuditError } from "./errors.js";
export { AuditTicker } from "./audit-ticker.js";
export { AuditLagMonitor } from "./audit-lag.js";
export type { AuditReadiness } from "./audit-lag.js";
export { checkCompleteness } from "./completeness-check.js";
export type { CompletenessCheckOptions } from "./completeness-check.js";
export { judgeCompleteness } from "./completeness-report.js";
export type { CompletenessLimits, CompletenessReport } from "./completeness-report.js";
export { verifiedLogEntries } from "./verified-log-entries.js";
export { findLatestWatermark } from "./latest-watermark.js";
